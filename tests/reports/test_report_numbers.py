"""Each report's numbers against a hand-counted fixture: merged sources, superseded and retracted
verdicts, a claim with two speakers, relay chains, two publishers and every age bucket."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth.models import Group

from claims.models import Claim, Verdict
from claims.services import verdict_head, verdict_retract
from reports.selectors import (
    ClaimListFilters,
    ReportFilters,
    backlog_report,
    claims_for_report,
    reviewer_throughput,
    source_track_record,
    unverified_report,
    wilson_interval,
)
from sources.models import SourceKind
from sources.services import source_merge
from tests.factories import ArticleFactory, AttributionFactory, ClaimFactory, SourceFactory, UserFactory
from tests.reports.conftest import record

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)  # a Tuesday
D = NOW.date()


def at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


@dataclass
class Newsroom:
    claims: dict[str, Claim]
    sources: dict[str, Any]
    articles: dict[str, Any]
    editor: Any
    reviewer: Any


def _hop(attribution: Any, position: int, source: Any) -> None:
    from claims.models import RelayHop

    RelayHop.objects.create(attribution=attribution, position=position, source=source, cue_text="according to")


@contextmanager
def verdicts_at(when: dt.datetime) -> Iterator[None]:
    """Verdicts are append-only (a trigger refuses UPDATE), so their time is set when they are created."""
    field = Verdict._meta.get_field("created_at")
    with mock.patch.object(field, "_get_default", lambda: when):
        yield


@pytest.fixture
def newsroom(editor: Any) -> Newsroom:
    bob = UserFactory(username="bob-reviewer")
    bob.groups.set([Group.objects.get_or_create(name="reviewer")[0]])
    s = {
        "ana": SourceFactory(name="Ana Person", kind=SourceKind.PERSON),
        "dup": SourceFactory(name="A. Person", kind=SourceKind.PERSON),
        "gov": SourceFactory(name="Ministry", kind=SourceKind.GOVERNMENT),
        "interfax": SourceFactory(name="Interfax", kind=SourceKind.NEWS_AGENCY),
        "tass": SourceFactory(name="TASS", kind=SourceKind.NEWS_AGENCY),
        "group": SourceFactory(name="Russian news agencies", kind=SourceKind.GROUP),
        "anon": SourceFactory(name="Reports", kind=SourceKind.ANONYMOUS),
        "daily": SourceFactory(name="The Daily", kind=SourceKind.OUTLET),
        "weekly": SourceFactory(name="The Weekly", kind=SourceKind.OUTLET),
    }
    a = {
        "a1": ArticleFactory(publisher=s["daily"], published=dt.date(2026, 3, 1)),
        "a2": ArticleFactory(publisher=s["weekly"], published=dt.date(2026, 2, 1)),
    }

    def claim(name: str, article: str, age: dt.timedelta, cw: float = 0.5) -> Claim:
        return ClaimFactory(article=a[article], created_at=NOW - age, checkworthiness=cw)

    h, d = dt.timedelta(hours=1), dt.timedelta(days=1)
    c = {
        "c1": claim("c1", "a1", 2 * h, 0.9),
        "c2": claim("c2", "a1", 3 * d, 0.8),
        "c3": claim("c3", "a1", 10 * d, 0.7),
        "c4": claim("c4", "a1", 40 * d, 0.6),
        "c5": claim("c5", "a2", 3 * d),
        "c6": claim("c6", "a2", 40 * d),
        "c7": claim("c7", "a2", 10 * d),
        "c8": claim("c8", "a1", 40 * d),
        "c9": claim("c9", "a1", 40 * d),
        "c10": claim("c10", "a2", 40 * d),
        "c11": claim("c11", "a2", 2 * h),
    }
    AttributionFactory(claim=c["c1"], speaker=s["ana"])
    via_interfax = AttributionFactory(claim=c["c2"], speaker=s["dup"])  # moved to Ana by the merge below
    _hop(via_interfax, 0, s["interfax"])
    chain = AttributionFactory(claim=c["c3"], speaker=s["gov"])  # Ministry → Interfax → TASS → us
    _hop(chain, 0, s["interfax"])
    _hop(chain, 1, s["tass"])
    # c4: no attribution at all (the publisher's own statement)
    AttributionFactory(claim=c["c5"], speaker=s["group"])
    AttributionFactory(claim=c["c6"], speaker=s["anon"], position=0)
    AttributionFactory(claim=c["c6"], speaker=s["ana"], position=1)
    AttributionFactory(claim=c["c7"], speaker=None)  # a person recorded it as the publisher's own
    for name in ("c8", "c9"):
        AttributionFactory(claim=c[name], speaker=s["ana"])
    AttributionFactory(claim=c["c10"], speaker=s["gov"])

    source_merge(source=s["dup"], into=s["ana"])
    # A row written against the merged source after the merge (e.g. by an import in flight) still counts as Ana.
    AttributionFactory(claim=c["c11"], speaker=s["dup"])

    # c8: corroborated, then superseded by contradicted.
    with verdicts_at(at(D - dt.timedelta(days=1), 10)):
        record(c["c8"], editor, "corroborated")
    with verdicts_at(at(D, 9)):
        record(c["c8"], editor, "contradicted")
    # c9: corroborated by bob.
    with verdicts_at(at(D - dt.timedelta(days=1), 11)):
        record(c["c9"], bob, "corroborated")
    # c10: contradicted, retracted, then corroborated.
    with verdicts_at(at(D - dt.timedelta(days=2), 10)):
        record(c["c10"], editor, "contradicted")
    with verdicts_at(at(D - dt.timedelta(days=1), 10)):
        verdict_retract(claim=c["c10"], reviewer=editor, based_on=verdict_head(claim=c["c10"]))
    with verdicts_at(at(D, 10)):
        record(c["c10"], editor, "corroborated")
    for claim_ in c.values():
        claim_.refresh_from_db()
    return Newsroom(claims=c, sources=s, articles=a, editor=editor, reviewer=bob)


def _counts(rows: list[Any]) -> dict[str, int]:
    return {row.label: row.count for row in rows}


def _listed(newsroom: Newsroom, filters: ReportFilters | None = None, **claim_filters: Any) -> set[str]:
    ids = set(
        claims_for_report(
            filters=filters or ReportFilters(), claim_filters=ClaimListFilters(**claim_filters), now=NOW
        ).values_list("pk", flat=True)
    )
    return {name for name, claim in newsroom.claims.items() if claim.pk in ids}


def test_statuses_follow_the_head_of_each_verdict_chain(newsroom: Newsroom) -> None:
    statuses = {name: claim.status for name, claim in newsroom.claims.items()}
    assert statuses["c8"] == "contradicted"
    assert statuses["c9"] == "corroborated"
    assert statuses["c10"] == "corroborated"
    assert Verdict.objects.filter(claim=newsroom.claims["c10"]).count() == 3


def test_unverified_counts_by_speaker_fold_merged_sources_and_name_the_publisher(newsroom: Newsroom) -> None:
    report = unverified_report(filters=ReportFilters(), now=NOW)

    assert report.total == 8
    assert _counts(report.groups["speaker"]) == {
        "Ana Person": 4,  # c1, c2 (merged from A. Person), c6 (second speaker), c11 (stale row on the merged source)
        "Ministry": 1,
        "Russian news agencies": 1,
        "Reports": 1,
        "Publisher (no one cited)": 2,  # c4 (no attribution), c7 (speaker removed)
    }
    assert _listed(newsroom, speaker=str(newsroom.sources["ana"].pk)) == {"c1", "c2", "c6", "c11"}
    assert _listed(newsroom, speaker="publisher") == {"c4", "c7"}


def test_unverified_counts_by_sourcing_strength_use_each_claims_strongest_source(newsroom: Newsroom) -> None:
    report = unverified_report(filters=ReportFilters(), now=NOW)

    assert _counts(report.groups["kind"]) == {
        "Named person on the record": 4,
        "Official body": 1,
        "News agency": 0,
        "Group of agencies": 1,
        "Anonymous reports": 0,  # c6's anonymous speaker is outranked by its named one
        "Unattributed publisher statement": 2,
    }
    assert _listed(newsroom, kind=1) == {"c1", "c2", "c6", "c11"}
    assert _listed(newsroom, kind=6) == {"c4", "c7"}
    assert _listed(newsroom, kind=5) == set()


def test_unverified_counts_by_relay_count_every_hop_of_a_chain(newsroom: Newsroom) -> None:
    report = unverified_report(filters=ReportFilters(), now=NOW)

    assert _counts(report.groups["relay"]) == {"according to Interfax": 2, "according to TASS": 1}
    assert _listed(newsroom, relay=str(newsroom.sources["interfax"].pk)) == {"c2", "c3"}
    assert _listed(newsroom, relay=str(newsroom.sources["tass"].pk)) == {"c3"}


def test_unverified_counts_by_source_include_relays_and_the_publisher_of_unattributed_claims(
    newsroom: Newsroom,
) -> None:
    report = unverified_report(filters=ReportFilters(), now=NOW)

    assert _counts(report.groups["source"]) == {
        "Ana Person": 4,
        "Interfax": 2,
        "Ministry": 1,
        "TASS": 1,
        "Russian news agencies": 1,
        "Reports": 1,
        "The Daily": 1,
        "The Weekly": 1,
    }
    assert _listed(newsroom, source=str(newsroom.sources["daily"].pk)) == {"c4"}
    assert _listed(newsroom, source=str(newsroom.sources["interfax"].pk)) == {"c2", "c3"}


def test_unverified_counts_by_article_and_age(newsroom: Newsroom) -> None:
    report = unverified_report(filters=ReportFilters(), now=NOW)

    a1, a2 = newsroom.articles["a1"], newsroom.articles["a2"]
    assert {row.key: row.count for row in report.groups["article"]} == {str(a1.pk): 4, str(a2.pk): 4}
    assert {row.key: row.count for row in report.groups["age"]} == {"lt1d": 2, "1to7d": 2, "7to30d": 2, "gt30d": 2}
    assert _listed(newsroom, age="lt1d") == {"c1", "c11"}
    assert _listed(newsroom, age="1to7d") == {"c2", "c5"}
    assert _listed(newsroom, age="7to30d") == {"c3", "c7"}
    assert _listed(newsroom, age="gt30d") == {"c4", "c6"}
    assert _listed(newsroom, article=a1.pk) == {"c1", "c2", "c3", "c4"}


def test_unverified_report_filters_by_publisher_and_publication_date(newsroom: Newsroom) -> None:
    daily = ReportFilters(publisher=newsroom.sources["daily"].pk)
    assert unverified_report(filters=daily, now=NOW).total == 4
    assert _listed(newsroom, daily) == {"c1", "c2", "c3", "c4"}

    february = ReportFilters(date_from=dt.date(2026, 2, 1), date_to=dt.date(2026, 2, 28))
    report = unverified_report(filters=february, now=NOW)
    assert report.total == 4
    assert _counts(report.groups["relay"]) == {}
    assert _listed(newsroom, february) == {"c5", "c6", "c7", "c11"}


def test_claim_lists_order_by_checkworthiness(newsroom: Newsroom) -> None:
    claims = claims_for_report(
        filters=ReportFilters(), claim_filters=ClaimListFilters(article=newsroom.articles["a1"].pk), now=NOW
    )
    assert [claim.pk for claim in claims] == [newsroom.claims[name].pk for name in ("c1", "c2", "c3", "c4")]


def test_source_track_record_counts_only_the_current_verdicts(newsroom: Newsroom) -> None:
    rows = {row.name: row for row in source_track_record(filters=ReportFilters())}

    assert set(rows) == {"Ana Person", "Ministry"}
    ana, ministry = rows["Ana Person"], rows["Ministry"]
    # c8's superseded "corroborated" does not count; c10's retracted "contradicted" does not either.
    assert (ana.corroborated, ana.contradicted, ana.reviewed) == (1, 1, 2)
    assert (ministry.corroborated, ministry.contradicted, ministry.reviewed) == (1, 0, 1)
    assert (ana.low, ana.high) == pytest.approx(wilson_interval(1, 2))
    assert _listed(newsroom, speaker=str(ana.source_id), status="contradicted") == {"c8"}


def test_wilson_ranking_puts_many_reviews_above_few() -> None:
    few_low, _ = wilson_interval(2, 2)
    many_low, _ = wilson_interval(180, 200)
    assert many_low > few_low
    assert wilson_interval(0, 0) == (0.0, 1.0)
    low, high = wilson_interval(1, 2)
    assert low == pytest.approx(0.0945, abs=1e-4)
    assert high == pytest.approx(0.9055, abs=1e-4)


def test_source_track_record_ranks_by_the_lower_bound(editor: Any) -> None:
    few, many = SourceFactory(name="Two reviews"), SourceFactory(name="Two hundred reviews")
    for _ in range(2):
        AttributionFactory(claim=ClaimFactory(status="corroborated"), speaker=few)
    for index in range(200):
        status = "corroborated" if index < 180 else "contradicted"
        AttributionFactory(claim=ClaimFactory(status=status), speaker=many)

    rows = source_track_record(filters=ReportFilters())

    assert [row.name for row in rows] == ["Two hundred reviews", "Two reviews"]
    assert rows[1].share == 1.0 and rows[0].share == 0.9


def test_backlog_replays_the_verdict_chains_day_by_day(newsroom: Newsroom) -> None:
    points = backlog_report(filters=ReportFilters(date_from=D - dt.timedelta(days=2), date_to=D), period="day", now=NOW)

    assert [(p.period, p.unverified, p.corroborated, p.contradicted, p.other) for p in points] == [
        (D - dt.timedelta(days=2), 8, 0, 1, 0),
        (D - dt.timedelta(days=1), 7, 2, 0, 0),
        (D, 8, 2, 1, 0),
    ]
    # The last point agrees with today's statuses.
    assert Claim.objects.filter(status="unverified").count() == 8


def test_backlog_per_week(newsroom: Newsroom) -> None:
    monday = D - dt.timedelta(days=D.weekday())
    points = backlog_report(filters=ReportFilters(date_from=monday - dt.timedelta(days=7), date_to=D), period="week")

    assert [(p.period, p.unverified, p.corroborated, p.contradicted) for p in points] == [
        (monday - dt.timedelta(days=7), 8, 0, 1),
        (monday, 8, 2, 1),
    ]


def test_reviewer_throughput_counts_verdicts_per_week_and_the_median_wait(newsroom: Newsroom) -> None:
    rows = reviewer_throughput(filters=ReportFilters(date_from=D - dt.timedelta(days=14), date_to=D), now=NOW)

    table = {
        (row.week, row.reviewer): (row.verdicts, row.first_verdicts, row.median_hours_to_first_verdict) for row in rows
    }
    this_week, last_week = dt.date(2026, 3, 9), dt.date(2026, 3, 2)
    imported = NOW - dt.timedelta(days=40)
    hours = lambda when: round((when - imported).total_seconds() / 3600, 2)  # noqa: E731
    c8_first, c9_first, c10_first = (
        at(D - dt.timedelta(days=1), 10),
        at(D - dt.timedelta(days=1), 11),
        at(D - dt.timedelta(days=2), 10),
    )
    assert table == {
        (this_week, "All reviewers"): (5, 2, round((hours(c8_first) + hours(c9_first)) / 2, 2)),
        (this_week, "alice"): (4, 1, hours(c8_first)),
        (this_week, "bob-reviewer"): (1, 1, hours(c9_first)),
        (last_week, "All reviewers"): (1, 1, hours(c10_first)),
        (last_week, "alice"): (1, 1, hours(c10_first)),
    }
    assert _listed(newsroom, reviewer=newsroom.reviewer.pk, status="") == {"c9"}
