"""The incrementally maintained summary always equals the plain queries over the claims tables."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection

from claims.models import Attribution, RelayHop
from claims.services import attribution_correct, verdict_head, verdict_retract
from reports.selectors import (
    GROUPINGS,
    ReportFilters,
    source_track_record,
    source_track_record_plain,
    unverified_report,
    unverified_report_plain,
)
from reports.summary import summary_rebuild, summary_refresh
from sources.models import Source
from sources.services import source_merge
from tests.factories import ArticleFactory, AttributionFactory, ClaimFactory, SourceFactory
from tests.reports import test_report_numbers
from tests.reports.conftest import record
from tests.reports.test_report_numbers import NOW, Newsroom

pytestmark = pytest.mark.django_db
newsroom = test_report_numbers.newsroom  # the hand-counted fixture, shared

FILTERS = [
    ReportFilters(),
    ReportFilters(date_from=dt.date(2026, 2, 1), date_to=dt.date(2026, 2, 28)),
    ReportFilters(date_from=dt.date(2026, 3, 1)),
]


def _assert_summary_matches(newsroom: Newsroom) -> None:
    publishers = [ReportFilters(publisher=newsroom.sources[name].pk) for name in ("daily", "weekly")]
    for filters in [*FILTERS, *publishers]:
        summary = unverified_report(filters=filters, now=NOW)
        plain = unverified_report_plain(filters=filters, now=NOW)
        assert summary.total == plain.total, filters
        for grouping in GROUPINGS:
            assert {r.key: (r.label, r.count, r.param, r.value) for r in summary.groups[grouping]} == {
                r.key: (r.label, r.count, r.param, r.value) for r in plain.groups[grouping]
            }, (filters, grouping)
        assert source_track_record(filters=filters) == source_track_record_plain(filters=filters)


def _dirty() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM reports_dirty_article")
        return int(cursor.fetchone()[0])


def test_the_summary_matches_the_plain_queries_through_every_kind_of_change(newsroom: Newsroom, editor: Any) -> None:
    _assert_summary_matches(newsroom)
    assert _dirty() == 0

    # A verdict, a retraction, a correction, a new relay hop, a merge, a kind change, a new article.
    c = newsroom.claims
    record(c["c1"], editor, "corroborated")
    verdict_retract(claim=c["c8"], reviewer=editor, based_on=verdict_head(claim=c["c8"]))
    attribution_correct(attribution=Attribution.objects.get(claim=c["c5"]), actor=editor, expected_version=None,
                        speaker=newsroom.sources["gov"])
    RelayHop.objects.create(attribution=Attribution.objects.filter(claim=c["c6"]).order_by("position")[0], position=0,
                            source=newsroom.sources["tass"])
    assert _dirty() > 0
    _assert_summary_matches(newsroom)

    source_merge(source=newsroom.sources["tass"], into=newsroom.sources["interfax"])
    _assert_summary_matches(newsroom)

    Source.objects.filter(pk=newsroom.sources["anon"].pk).update(kind="person")
    _assert_summary_matches(newsroom)

    article = ArticleFactory(publisher=newsroom.sources["daily"], published=dt.date(2026, 3, 5))
    AttributionFactory(claim=ClaimFactory(article=article, created_at=NOW - dt.timedelta(hours=30)),
                       speaker=SourceFactory(name="Newcomer"))
    ClaimFactory(article=article, created_at=NOW - dt.timedelta(days=7, seconds=1))
    _assert_summary_matches(newsroom)


def test_a_rebuild_recomputes_everything(newsroom: Newsroom) -> None:
    before = unverified_report(filters=ReportFilters(), now=NOW)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE reports_claimcount_total SET claims = claims + 100")
    assert summary_rebuild() == len(newsroom.articles)
    assert unverified_report(filters=ReportFilters(), now=NOW) == before
    assert summary_refresh() == 0


def test_the_backlog_from_daily_changes_matches_the_plain_replay(newsroom: Newsroom, editor: Any) -> None:
    from reports.selectors import backlog_report, backlog_report_plain

    def both_agree() -> None:
        for period in ("day", "week"):
            for filters in (ReportFilters(date_from=dt.date(2026, 1, 1), date_to=NOW.date()), ReportFilters()):
                fast = backlog_report(filters=filters, period=period, now=NOW)
                assert fast == backlog_report_plain(filters=filters, period=period, now=NOW), (period, filters)

    both_agree()
    record(newsroom.claims["c2"], editor, "disputed")
    verdict_retract(claim=newsroom.claims["c9"], reviewer=editor, based_on=verdict_head(claim=newsroom.claims["c9"]))
    ClaimFactory(created_at=NOW - dt.timedelta(days=3))
    both_agree()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM reports_backlog_delta")
        before = cursor.fetchone()[0]
    backlog_report(filters=ReportFilters(), now=NOW)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*), COUNT(DISTINCT (day, series)) FROM reports_backlog_delta")
        rows, distinct = cursor.fetchone()
    assert rows == distinct <= before  # compacted to one row per (day, series)


def test_a_backlog_rebuild_gives_the_same_backlog(newsroom: Newsroom) -> None:
    from reports.selectors import backlog_report
    from reports.summary import backlog_rebuild

    before = backlog_report(filters=ReportFilters(), now=NOW)
    backlog_rebuild()
    assert backlog_report(filters=ReportFilters(), now=NOW) == before


def test_the_periodic_task_refreshes_what_changed(newsroom: Newsroom) -> None:
    from reports.tasks import report_summary_refresh

    assert report_summary_refresh() == 0 or _dirty() == 0
    ClaimFactory(article=newsroom.articles["a1"])
    assert _dirty() == 1
    assert report_summary_refresh() == 1
    assert _dirty() == 0
