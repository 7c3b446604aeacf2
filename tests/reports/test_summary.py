"""The incrementally maintained summary always equals the plain queries over the claims tables."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection

from claims.models import Attribution, Claim, RelayHop
from claims.services import attribution_confirm, attribution_correct, verdict_head, verdict_retract
from reports.selectors import (
    GROUPINGS,
    ReportFilters,
    extractor_accuracy,
    extractor_accuracy_plain,
    period_ranges,
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
    # Whole months, partial months at either edge, open ends, one day: every way a range meets the periods.
    ReportFilters(date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 3, 31)),
    ReportFilters(date_from=dt.date(2026, 2, 14), date_to=dt.date(2026, 3, 5)),
    ReportFilters(date_from=dt.date(2026, 1, 20), date_to=dt.date(2026, 3, 1)),
    ReportFilters(date_to=dt.date(2026, 3, 4)),
    ReportFilters(date_from=dt.date(2026, 2, 2)),
    ReportFilters(date_from=dt.date(2026, 3, 5), date_to=dt.date(2026, 3, 5)),
]


def _assert_summary_matches(newsroom: Newsroom) -> None:
    publishers = [ReportFilters(publisher=newsroom.sources[name].pk) for name in ("daily", "weekly")]
    both = ReportFilters(date_from=dt.date(2026, 2, 10), publisher=newsroom.sources["daily"].pk)
    for filters in [*FILTERS, *publishers, both]:
        _assert_unverified_matches(filters)
        assert source_track_record(filters=filters) == source_track_record_plain(filters=filters)
        assert extractor_accuracy(filters=filters) == extractor_accuracy_plain(filters=filters), filters
    _assert_totals_add_up()


def _assert_unverified_matches(filters: ReportFilters) -> None:
    summary = unverified_report(filters=filters, now=NOW)
    plain = unverified_report_plain(filters=filters, now=NOW)
    assert summary.total == plain.total, filters
    for grouping in GROUPINGS:  # rows of equal count may come in another order
        assert {r.key: (r.label, r.count, r.param, r.value) for r in summary.groups[grouping]} == {
            r.key: (r.label, r.count, r.param, r.value) for r in plain.groups[grouping]
        }, (filters, grouping)


def _assert_totals_add_up() -> None:
    """Every maintained total equals its article rows summed directly (and no total is zero)."""
    checks = {
        "overall": (
            "SELECT dimension, key, claims FROM reports_claimcount_total",
            "SELECT dimension, key, SUM(claims) FROM reports_claimcount_article GROUP BY 1, 2",
        ),
        "per day and month": (
            "SELECT dimension, grain, start, key, claims FROM reports_claimcount_period",
            """SELECT s.dimension, g.grain, g.start, s.key, SUM(s.claims) FROM reports_claimcount_article s
               JOIN sources_article ar ON ar.id = s.article_id
               CROSS JOIN LATERAL (VALUES ('day', ar.published), ('month', date_trunc('month', ar.published)::date)) g (grain, start)
               WHERE ar.published IS NOT NULL GROUP BY 1, 2, 3, 4""",
        ),
        "per publisher": (
            "SELECT dimension, publisher_id, key, claims FROM reports_claimcount_publisher",
            """SELECT s.dimension, ar.publisher_id, s.key, SUM(s.claims) FROM reports_claimcount_article s
               JOIN sources_article ar ON ar.id = s.article_id WHERE ar.publisher_id IS NOT NULL GROUP BY 1, 2, 3""",
        ),
        "accuracy": (
            "SELECT version, kind, cue, reviewed, confirmed, speaker_right FROM reports_accuracy_total",
            """SELECT version, kind, cue, SUM(reviewed), SUM(confirmed), SUM(speaker_right)
               FROM reports_accuracy_article GROUP BY 1, 2, 3""",
        ),
    }
    with connection.cursor() as cursor:
        for name, (maintained, direct) in checks.items():
            cursor.execute(maintained)
            kept = sorted(cursor.fetchall())
            cursor.execute(direct)
            assert kept == sorted(cursor.fetchall()), name
            assert all(row[3 if name == "accuracy" else -1] for row in kept), name  # claims / reviewed never zero


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
    attribution_correct(
        attribution=Attribution.objects.get(claim=c["c5"]),
        actor=editor,
        expected_version=None,
        speaker=newsroom.sources["gov"],
    )
    RelayHop.objects.create(
        attribution=Attribution.objects.filter(claim=c["c6"]).order_by("position")[0],
        position=0,
        source=newsroom.sources["tass"],
    )
    assert _dirty() > 0
    _assert_summary_matches(newsroom)

    source_merge(source=newsroom.sources["tass"], into=newsroom.sources["interfax"])
    _assert_summary_matches(newsroom)

    Source.objects.filter(pk=newsroom.sources["anon"].pk).update(kind="person")
    _assert_summary_matches(newsroom)

    article = ArticleFactory(publisher=newsroom.sources["daily"], published=dt.date(2026, 3, 5))
    AttributionFactory(
        claim=ClaimFactory(article=article, created_at=NOW - dt.timedelta(hours=30)),
        speaker=SourceFactory(name="Newcomer"),
    )
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


@pytest.mark.parametrize(
    ("date_from", "date_to", "expected"),
    [
        ("2026-01-01", "2026-03-31", [("month", "2026-01-01", "2026-04-01")]),
        ("2026-01-15", "2026-03-31", [("day", "2026-01-15", "2026-02-01"), ("month", "2026-02-01", "2026-04-01")]),
        ("2026-01-01", "2026-03-30", [("month", "2026-01-01", "2026-03-01"), ("day", "2026-03-01", "2026-03-31")]),
        ("2026-01-15", "2026-02-10", [("day", "2026-01-15", "2026-02-11")]),
        ("2026-02-03", "2026-02-03", [("day", "2026-02-03", "2026-02-04")]),
        ("2025-12-31", "2026-01-31", [("day", "2025-12-31", "2026-01-01"), ("month", "2026-01-01", "2026-02-01")]),
        (None, "2026-02-10", [("month", None, "2026-02-01"), ("day", "2026-02-01", "2026-02-11")]),
        ("2026-02-10", None, [("day", "2026-02-10", "2026-03-01"), ("month", "2026-03-01", None)]),
        (None, "2026-02-28", [("month", None, "2026-03-01")]),
    ],
)
def test_a_date_range_is_whole_months_and_the_days_at_its_edges(
    date_from: str | None, date_to: str | None, expected: list[tuple[str, str | None, str | None]]
) -> None:
    def day(value: str | None) -> dt.date | None:
        return dt.date.fromisoformat(value) if value else None

    assert period_ranges(day(date_from), day(date_to)) == [(grain, day(a), day(b)) for grain, a, b in expected]


def test_per_day_and_month_counts_follow_re_dated_moved_and_deleted_articles(newsroom: Newsroom, editor: Any) -> None:
    mid_feb = ArticleFactory(publisher=newsroom.sources["weekly"], published=dt.date(2026, 2, 14))
    added = [ClaimFactory(article=mid_feb, created_at=NOW - dt.timedelta(hours=hours)) for hours in (5, 50, 500)]
    for claim in added:
        AttributionFactory(claim=claim, speaker=newsroom.sources["gov"])
    ClaimFactory(
        article=ArticleFactory(published=None), created_at=NOW - dt.timedelta(days=2)
    )  # no date: never in a range
    _assert_summary_matches(newsroom)

    # Re-dated into the next month, and a claim moved between articles.
    from sources.models import Article

    Article.objects.filter(pk=mid_feb.pk).update(published=dt.date(2026, 3, 3), publisher=newsroom.sources["daily"])
    Claim.objects.filter(pk=newsroom.claims["c10"].pk).update(article=mid_feb)
    _assert_summary_matches(newsroom)

    # Claims deleted (with their attributions), until an article has no unverified claim left.
    Attribution.objects.filter(claim=added[0]).delete()
    added[0].delete()
    for remaining in Claim.objects.filter(article=mid_feb):
        record(remaining, editor, "corroborated")
    _assert_summary_matches(newsroom)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM reports_claimcount_period WHERE grain = 'day' AND start = '2026-02-14'")
        assert cursor.fetchone()[0] == 0  # nothing left there: the emptied rows are gone


def test_extractor_accuracy_counts_follow_every_review_merge_and_deletion(newsroom: Newsroom, editor: Any) -> None:
    c = newsroom.claims
    ana, gov, anon = newsroom.sources["ana"], newsroom.sources["gov"], newsroom.sources["anon"]
    first = Attribution.objects.get(claim=c["c1"])
    attribution_confirm(attribution=first, actor=editor, expected_version=None)
    wrong = Attribution.objects.get(claim=c["c10"])
    attribution_correct(attribution=wrong, actor=editor, expected_version=None, speaker=anon)  # engine said Ministry
    role_only = Attribution.objects.get(claim=c["c5"])
    attribution_correct(attribution=role_only, actor=editor, expected_version=None, role="press office")
    _assert_summary_matches(newsroom)
    assert extractor_accuracy(filters=ReportFilters())[0].reviewed == 3

    # The engine's Ministry is merged into the reviewer's source: the engine was right after all.
    source_merge(source=gov, into=anon)
    _assert_summary_matches(newsroom)

    # A kind change of the engine's speaker, a later correction of a confirmed one, a deletion.
    Source.objects.filter(pk=ana.pk).update(kind="government")
    attribution_correct(
        attribution=Attribution.objects.get(pk=first.pk), actor=editor, expected_version=None, speaker=anon
    )
    _assert_summary_matches(newsroom)
    Attribution.objects.filter(pk=role_only.pk).delete()
    _assert_summary_matches(newsroom)
    assert extractor_accuracy(filters=ReportFilters())[0].reviewed == 2


def test_re_extraction_keeps_every_summary_exact(
    seed_with_three_verdicts: Any, editor: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claims import ingest

    article = seed_with_three_verdicts
    attributions = list(Attribution.objects.filter(claim__article=article).order_by("claim__position", "position"))
    attribution_confirm(attribution=attributions[0], actor=editor, expected_version=None)
    attribution_correct(attribution=attributions[1], actor=editor, expected_version=None, role="minister")
    real_extract = ingest.extract_document

    def newer_engine(**kwargs: Any) -> Any:
        document = real_extract(**kwargs)
        document["extractor_version"] = "99.0"
        return document

    monkeypatch.setattr(ingest, "extract_document", newer_engine)
    filters = [ReportFilters(), ReportFilters(date_from=article.published, date_to=article.published)]
    before = [extractor_accuracy(filters=f) for f in filters]
    ingest.article_reextract(article=article)
    for f, earlier in zip(filters, before, strict=True):
        assert extractor_accuracy(filters=f) == extractor_accuracy_plain(filters=f) == earlier  # reviewed ones are kept
        _assert_unverified_matches(f)
    _assert_totals_add_up()
