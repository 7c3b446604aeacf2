# ruff: noqa: S608  -- SQL text is assembled from table names and fixed fragments only; every value is a parameter.
"""Report queries for editors: typed, read-only, one SQL statement per table.

Conventions shared by every report:

- Sources are counted as their canonical source: a source merged into another
  counts as the one it was merged into (``COALESCE(merged_into_id, id)``).
- ``ReportFilters.date_from/date_to`` restrict claims by their article's
  publication date, ``publisher`` by the article's publisher (or a source merged
  into it).  Backlog and throughput use the dates as the time axis instead.
- Counts are of claims (a claim with two speakers counts once under each).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from claims.models import Attribution, Claim, ClaimStatus, RelayHop, Verdict
from sources.models import Article, Source, SourceKind

# --------------------------------------------------------------------------- vocabulary

# The sourcing-strength scale, strongest first.  Level 6 has no source at all.
STRENGTH_LEVELS: dict[int, str] = {
    1: "Named person on the record",
    2: "Official body",
    3: "News agency",
    4: "Group of agencies",
    5: "Anonymous reports",
    6: "Unattributed publisher statement",
}
PUBLISHER_LEVEL = 6
KIND_LEVEL: dict[str, int] = {
    SourceKind.PERSON: 1,
    SourceKind.GOVERNMENT: 2,
    SourceKind.INSTITUTION: 2,
    SourceKind.NEWS_AGENCY: 3,
    SourceKind.OUTLET: 3,
    SourceKind.GROUP: 4,
    SourceKind.ANONYMOUS: 5,
}

AGE_BUCKETS: dict[str, str] = {
    "lt1d": "< 1 day",
    "1to7d": "1–7 days",
    "7to30d": "7–30 days",
    "gt30d": "> 30 days",
}
_AGE_BOUNDS: dict[str, tuple[dt.timedelta | None, dt.timedelta | None]] = {
    # bucket: (older than, at most this old)
    "lt1d": (None, dt.timedelta(days=1)),
    "1to7d": (dt.timedelta(days=1), dt.timedelta(days=7)),
    "7to30d": (dt.timedelta(days=7), dt.timedelta(days=30)),
    "gt30d": (dt.timedelta(days=30), None),
}

PUBLISHER_KEY = "publisher"  # the "speaker" of a claim nobody is cited for
GROUPINGS: dict[str, str] = {
    "source": "Source (speaker, relay, or the publisher for its own statements)",
    "speaker": "Speaker",
    "kind": "Sourcing strength",
    "relay": "Relay source",
    "article": "Article",
    "age": "Age",
}
BACKLOG_SERIES: dict[str, str] = {
    "unverified": "Unverified",
    "corroborated": "Corroborated",
    "contradicted": "Contradicted",
    "other": "Other verdicts",
}
Z95 = 1.959963984540054
BACKLOG_LOCK_KEY = 7_340_102  # pg_advisory_xact_lock key of the backlog compaction


def level_sql(kind_expr: str) -> str:
    whens = " ".join(f"WHEN '{kind}' THEN {level}" for kind, level in KIND_LEVEL.items())
    return f"(CASE {kind_expr} {whens} END)"  # NULL (no source) falls through to COALESCE(..., 6)


def wilson_interval(successes: int, total: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion; (0, 1) when there is nothing to go on."""
    if total <= 0:
        return 0.0, 1.0
    p = successes / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


# --------------------------------------------------------------------------- filters


@dataclass(frozen=True)
class ReportFilters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    publisher: int | None = None

    # The publisher and the sources merged into it (filled in by ``resolved``).
    publisher_ids: tuple[int, ...] = ()

    @property
    def filtered(self) -> bool:
        return bool(self.date_from or self.date_to or self.publisher)

    def resolved(self) -> ReportFilters:
        """These filters with the publisher's merged sources looked up once (not once per query)."""
        if not self.publisher or self.publisher_ids:
            return self
        return replace(self, publisher_ids=tuple(_with_merged(self.publisher)))


def _scope_sql(filters: ReportFilters, *, statuses: Sequence[str] | None) -> tuple[str, str, list[Any]]:
    """(join, where, params) restricting ``c`` (claims) to the filters; ``ar`` is the article when joined."""
    conditions: list[str] = []
    params: list[Any] = []
    if statuses is not None:
        if len(statuses) == 1:
            conditions.append("c.status = %s")
            params.append(statuses[0])
        else:
            conditions.append("c.status = ANY(%s)")
            params.append(list(statuses))
    join = ""
    if filters.filtered:
        join = f" JOIN {Article._meta.db_table} ar ON ar.id = c.article_id"
        article_where, article_params = _article_conditions(filters)
        conditions.append(article_where)
        params.extend(article_params)
    where = " AND ".join(conditions) or "TRUE"
    return join, where, params


def _article_conditions(
    filters: ReportFilters, *, published: str = "ar.published", publisher: str = "ar.publisher_id"
) -> tuple[str, list[Any]]:
    """SQL restricting ``ar`` (articles; or the columns named) to the filters' publication dates and publisher."""
    conditions: list[str] = []
    params: list[Any] = []
    if filters.date_from:
        conditions.append(f"{published} >= %s")
        params.append(filters.date_from)
    if filters.date_to:
        conditions.append(f"{published} <= %s")
        params.append(filters.date_to)
    if filters.publisher:
        # The publisher and the sources merged into it, as constants: the planner then estimates the articles well.
        conditions.append(f"{publisher} = ANY(%s)")
        params.append(list(filters.publisher_ids or _with_merged(filters.publisher)))
    return " AND ".join(conditions) or "TRUE", params


def _with_merged(source_id: int) -> list[int]:
    return [source_id, *Source.objects.filter(merged_into_id=source_id).values_list("pk", flat=True)]


def _fetch(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


T_CLAIM = Claim._meta.db_table
T_ATTR = Attribution._meta.db_table
T_HOP = RelayHop._meta.db_table
T_SOURCE = Source._meta.db_table
T_ARTICLE = Article._meta.db_table
T_VERDICT = Verdict._meta.db_table


@dataclass(frozen=True)
class _SourceLabel:
    name: str
    kind: str

    def get_kind_display(self) -> str:
        return _KIND_LABELS.get(self.kind, self.kind)


_KIND_LABELS: dict[str, str] = dict(SourceKind.choices)


def _source_labels(ids: Sequence[int]) -> dict[int, _SourceLabel]:
    """Names and kinds only: an unlimited grouping (the API) labels thousands of sources."""
    # One array parameter, not an IN list of thousands of literals (parsed and planned each time), and
    # given as the array's text: psycopg adapting a list of 4,766 ints element by element took 4 of the 7 ms.
    array = "{" + ",".join(str(int(i)) for i in ids if i is not None) + "}"
    rows = _fetch(f"SELECT id, name, kind FROM {T_SOURCE} WHERE id = ANY(%s::bigint[])", [array])
    return {pk: _SourceLabel(name, kind) for pk, name, kind in rows}


def _article_labels(ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """(display title, publication date) per article, without loading the articles' text."""
    rows = _fetch(f"SELECT id, title, LEFT(text, 80), published FROM {T_ARTICLE} WHERE id = ANY(%s)", [list(ids)])
    return {pk: (title or opening, str(published or "")) for pk, title, opening, published in rows}


# --------------------------------------------------------------------------- 1. unverified claims


@dataclass(frozen=True)
class GroupRow:
    """One row of a grouped count; ``param``/``value`` filter the claim list down to what it counts."""

    key: str
    label: str
    count: int
    param: str
    value: str
    detail: str = ""


@dataclass(frozen=True)
class UnverifiedReport:
    total: int
    groups: dict[str, list[GroupRow]] = field(default_factory=dict)


def _limit(limit: int | None) -> tuple[str, list[Any]]:
    return ("LIMIT %s", [limit]) if limit else ("", [])


def _speaker_rows(join: str, where: str, params: list[Any], limit: int | None) -> list[GroupRow]:
    limit_sql, limit_params = _limit(limit)
    rows = _fetch(
        f"""
        SELECT COALESCE(s.merged_into_id, s.id) AS key, COUNT(DISTINCT c.id) AS n
        FROM {T_CLAIM} c{join}
        LEFT JOIN {T_ATTR} a ON a.claim_id = c.id AND a.speaker_id IS NOT NULL
        LEFT JOIN {T_SOURCE} s ON s.id = a.speaker_id
        WHERE {where}
        GROUP BY 1 ORDER BY 2 DESC, 1 {limit_sql}
        """,
        [*params, *limit_params],
    )
    sources = _source_labels([key for key, _ in rows])
    result = []
    for key, count in rows:
        if key is None:
            result.append(
                GroupRow(PUBLISHER_KEY, "Publisher (no one cited)", count, "speaker", PUBLISHER_KEY, "publisher")
            )
        else:
            source = sources[key]
            result.append(GroupRow(str(key), source.name, count, "speaker", str(key), source.get_kind_display()))
    return result


def _kind_rows(join: str, where: str, params: list[Any]) -> list[GroupRow]:
    level = level_sql("COALESCE(m.kind, s.kind)")
    rows = dict(
        _fetch(
            f"""
            SELECT level, COUNT(*) FROM (
                SELECT c.id, COALESCE(MIN({level}), {PUBLISHER_LEVEL}) AS level
                FROM {T_CLAIM} c{join}
                LEFT JOIN {T_ATTR} a ON a.claim_id = c.id AND a.speaker_id IS NOT NULL
                LEFT JOIN {T_SOURCE} s ON s.id = a.speaker_id
                LEFT JOIN {T_SOURCE} m ON m.id = s.merged_into_id
                WHERE {where}
                GROUP BY c.id
            ) per_claim GROUP BY level
            """,
            params,
        )
    )
    # Every level is shown (a zero is information on a strength scale).
    return [
        GroupRow(str(level), label, int(rows.get(level, 0)), "kind", str(level), f"level {level}")
        for level, label in STRENGTH_LEVELS.items()
    ]


def _relay_rows(join: str, where: str, params: list[Any], limit: int | None) -> list[GroupRow]:
    limit_sql, limit_params = _limit(limit)
    rows = _fetch(
        f"""
        SELECT COALESCE(s.merged_into_id, s.id) AS key, COUNT(DISTINCT c.id)
        FROM {T_CLAIM} c{join}
        JOIN {T_ATTR} a ON a.claim_id = c.id
        JOIN {T_HOP} h ON h.attribution_id = a.id
        JOIN {T_SOURCE} s ON s.id = h.source_id
        WHERE {where}
        GROUP BY 1 ORDER BY 2 DESC, 1 {limit_sql}
        """,
        [*params, *limit_params],
    )
    sources = _source_labels([key for key, _ in rows])
    return [
        GroupRow(
            str(key), f"according to {sources[key].name}", count, "relay", str(key), sources[key].get_kind_display()
        )
        for key, count in rows
    ]


def _source_rows(join: str, where: str, params: list[Any], limit: int | None) -> list[GroupRow]:
    limit_sql, limit_params = _limit(limit)
    # Every source a claim rests on: its speakers, its relays, and for a claim with
    # no named speaker the article's publisher (NULL when the publisher is unknown).
    rows = _fetch(
        f"""
        SELECT key, COUNT(DISTINCT claim_id) FROM (
            SELECT c.id AS claim_id, COALESCE(s.merged_into_id, s.id) AS key
            FROM {T_CLAIM} c{join}
            JOIN {T_ATTR} a ON a.claim_id = c.id
            JOIN {T_SOURCE} s ON s.id = a.speaker_id
            WHERE {where}
            UNION ALL
            SELECT c.id, COALESCE(s.merged_into_id, s.id)
            FROM {T_CLAIM} c{join}
            JOIN {T_ATTR} a ON a.claim_id = c.id
            JOIN {T_HOP} h ON h.attribution_id = a.id
            JOIN {T_SOURCE} s ON s.id = h.source_id
            WHERE {where}
            UNION ALL
            SELECT c.id, COALESCE(p.merged_into_id, p.id)
            FROM {T_CLAIM} c{join}
            JOIN {T_ARTICLE} art ON art.id = c.article_id
            LEFT JOIN {T_SOURCE} p ON p.id = art.publisher_id
            WHERE {where}
              AND NOT EXISTS (SELECT 1 FROM {T_ATTR} x WHERE x.claim_id = c.id AND x.speaker_id IS NOT NULL)
        ) sourced
        GROUP BY 1 ORDER BY 2 DESC, 1 {limit_sql}
        """,
        [*params, *params, *params, *limit_params],
    )
    sources = _source_labels([key for key, _ in rows])
    result = []
    for key, count in rows:
        if key is None:
            result.append(GroupRow("unknown", "Unknown publisher", count, "speaker", PUBLISHER_KEY, "publisher"))
        else:
            source = sources[key]
            result.append(GroupRow(str(key), source.name, count, "source", str(key), source.get_kind_display()))
    return result


def _article_rows(join: str, where: str, params: list[Any], limit: int | None) -> list[GroupRow]:
    rows = _fetch(
        f"""
        SELECT c.article_id, COUNT(*) FROM {T_CLAIM} c{join}
        WHERE {where} GROUP BY 1 ORDER BY 2 DESC, 1 {"LIMIT %s" if limit else ""}
        """,
        [*params, limit] if limit else params,
    )
    articles = _article_labels([article_id for article_id, _ in rows])
    return [
        GroupRow(str(article_id), articles[article_id][0], count, "article", str(article_id), articles[article_id][1])
        for article_id, count in rows
    ]


def _age_rows(join: str, where: str, params: list[Any], now: dt.datetime) -> list[GroupRow]:
    rows = dict(
        _fetch(
            f"""
            SELECT CASE
                WHEN c.created_at > %s THEN 'lt1d'
                WHEN c.created_at > %s THEN '1to7d'
                WHEN c.created_at > %s THEN '7to30d'
                ELSE 'gt30d' END AS bucket, COUNT(*)
            FROM {T_CLAIM} c{join}
            WHERE {where}
            GROUP BY 1
            """,
            [now - dt.timedelta(days=1), now - dt.timedelta(days=7), now - dt.timedelta(days=30), *params],
        )
    )
    return [GroupRow(key, label, int(rows.get(key, 0)), "age", key) for key, label in AGE_BUCKETS.items()]


def unverified_report_plain(
    *,
    filters: ReportFilters,
    groupings: Sequence[str] = tuple(GROUPINGS),
    now: dt.datetime | None = None,
    limit: int | None = None,
) -> UnverifiedReport:
    """``unverified_report`` computed from the claims tables directly (the reference the summary must match)."""
    filters = filters.resolved()
    now = now or timezone.now()
    join, where, params = _scope_sql(filters, statuses=[ClaimStatus.UNVERIFIED])
    total = _fetch(f"SELECT COUNT(*) FROM {T_CLAIM} c{join} WHERE {where}", params)[0][0]
    groups: dict[str, list[GroupRow]] = {}
    for grouping in groupings:
        if grouping == "speaker":
            rows = _speaker_rows(join, where, params, limit)
        elif grouping == "kind":
            rows = _kind_rows(join, where, params)
        elif grouping == "relay":
            rows = _relay_rows(join, where, params, limit)
        elif grouping == "source":
            rows = _source_rows(join, where, params, limit)
        elif grouping == "article":
            rows = _article_rows(join, where, params, limit)
        elif grouping == "age":
            rows = _age_rows(join, where, params, now)
        else:
            raise ValueError(f"unknown grouping {grouping!r}")
        groups[grouping] = rows[:limit] if limit else rows
    return UnverifiedReport(total=int(total), groups=groups)


def _summary_counts(dimension: str, filters: ReportFilters, limit: int | None) -> list[tuple[int, int]]:
    """(key, claims) of one summary dimension, largest first.

    Unfiltered: the totals; by dates: the per-month and per-day sums; by publisher: the
    per-publisher sums; by both: the filtered articles' counts summed.
    """
    limit_sql, limit_params = _limit(limit)
    if not filters.filtered:
        return _fetch(
            f"SELECT key, claims FROM reports_claimcount_total WHERE dimension = %s ORDER BY claims DESC, key {limit_sql}",
            [dimension, *limit_params],
        )
    if not filters.publisher:
        # A date range: whole months from the monthly sums, the partial months at its edges day by day.
        ranges = period_ranges(filters.date_from, filters.date_to)
        parts = " UNION ALL ".join(
            "SELECT key, claims FROM reports_claimcount_period WHERE dimension = %s AND grain = %s"
            + (" AND start >= %s" if start else "")
            + (" AND start < %s" if end else "")
            for _, start, end in ranges
        )
        params: list[Any] = []
        for grain, start, end in ranges:
            params += [dimension, grain, *([start] if start else []), *([end] if end else [])]
        return _fetch(
            f"SELECT key, SUM(claims)::int FROM ({parts}) periods GROUP BY 1 ORDER BY 2 DESC, 1 {limit_sql}",
            [*params, *limit_params],
        )
    if not (filters.date_from or filters.date_to):
        return _fetch(
            f"""
            SELECT key, SUM(claims)::int FROM reports_claimcount_publisher WHERE dimension = %s AND publisher_id = ANY(%s)
            GROUP BY 1 ORDER BY 2 DESC, 1 {limit_sql}
            """,
            [dimension, list(filters.publisher_ids or _with_merged(filters.publisher)), *limit_params],
        )
    where, article_params = _article_conditions(filters)
    return _fetch(
        f"""
        SELECT s.key, SUM(s.claims)::int FROM reports_claimcount_article s JOIN {T_ARTICLE} ar ON ar.id = s.article_id
        WHERE s.dimension = %s AND {where} GROUP BY 1 ORDER BY 2 DESC, 1 {limit_sql}
        """,
        [dimension, *article_params, *limit_params],
    )


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def period_ranges(
    date_from: dt.date | None, date_to: dt.date | None
) -> list[tuple[str, dt.date | None, dt.date | None]]:
    """The publication dates ``date_from``–``date_to`` (inclusive; None: open) as summary periods.

    Returns (grain, first start, end start exclusive) ranges, None meaning open: the
    whole months inside the range, and before and after them the days of the partial
    months.  Together they cover every day of the range exactly once.
    """
    end = date_to + dt.timedelta(days=1) if date_to else None  # exclusive
    months_from = date_from if date_from is None or date_from.day == 1 else _next_month(date_from)
    months_to = end if end is None or end.day == 1 else _month_start(end)
    if months_from is not None and months_to is not None and months_from >= months_to:
        return [("day", date_from, end)]  # no whole month inside
    ranges: list[tuple[str, dt.date | None, dt.date | None]] = [("month", months_from, months_to)]
    if date_from is not None and months_from is not None and date_from < months_from:
        ranges.insert(0, ("day", date_from, months_from))
    if end is not None and months_to is not None and months_to < end:
        ranges.append(("day", months_to, end))
    return ranges


def _summary_articles(filters: ReportFilters, limit: int | None) -> list[tuple[int, int]]:
    """(article, unverified claims), most first; the summary rows carry the (refreshed) date and publisher: no join."""
    limit_sql, limit_params = _limit(limit)
    where, params = _article_conditions(filters, published="s.published", publisher="s.publisher_id")
    return _fetch(
        f"""
        SELECT s.article_id, s.claims FROM reports_claimcount_article s
        WHERE s.dimension = 'all' AND {where} ORDER BY 2 DESC, 1 {limit_sql}
        """,
        [*params, *limit_params],
    )


def _sourced_rows(
    rows: list[tuple[int, int]], param: str, unknown: GroupRow | None, relay: bool = False
) -> list[GroupRow]:
    sources = _source_labels([key for key, _ in rows if key])
    result = []
    for key, count in rows:
        if not key:
            if unknown is not None:
                result.append(
                    GroupRow(unknown.key, unknown.label, int(count), unknown.param, unknown.value, unknown.detail)
                )
            continue
        source = sources[key]
        label = f"according to {source.name}" if relay else source.name
        result.append(GroupRow(str(key), label, int(count), param, str(key), source.get_kind_display()))
    return result


def _summary_age_rows(filters: ReportFilters, total: int, now: dt.datetime) -> list[GroupRow]:
    """Age buckets from claims per import day; the three days a boundary falls in are split exactly."""
    per_day = dict(_summary_counts("day", filters, None))
    bounds = [now - dt.timedelta(days=days) for days in (1, 7, 30)]
    day_of = [int(bound.timestamp() // 86400) for bound in bounds]
    join, where, params = _scope_sql(filters, statuses=[ClaimStatus.UNVERIFIED])
    # Claims of each boundary's day created at or before the boundary (a small index range each).
    older_parts = _fetch(
        f"""
        SELECT {", ".join("COUNT(*) FILTER (WHERE c.created_at >= %s AND c.created_at <= %s)" for _ in bounds)}
        FROM {T_CLAIM} c{join}
        WHERE {where} AND ({" OR ".join("(c.created_at >= %s AND c.created_at <= %s)" for _ in bounds)})
        """,
        [
            *(value for day, bound in zip(day_of, bounds, strict=True) for value in (_day_start(day), bound)),
            *params,
            *(value for day, bound in zip(day_of, bounds, strict=True) for value in (_day_start(day), bound)),
        ],
    )[0]
    newer = [
        sum(count for day, count in per_day.items() if day > boundary_day) + per_day.get(boundary_day, 0) - int(older)
        for boundary_day, older in zip(day_of, older_parts, strict=True)
    ]
    counts = [newer[0], newer[1] - newer[0], newer[2] - newer[1], total - newer[2]]
    return [
        GroupRow(key, label, count, "age", key) for (key, label), count in zip(AGE_BUCKETS.items(), counts, strict=True)
    ]


def _day_start(day: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(day * 86400, tz=dt.UTC)


def unverified_report(
    *,
    filters: ReportFilters,
    groupings: Sequence[str] = tuple(GROUPINGS),
    now: dt.datetime | None = None,
    limit: int | None = None,
) -> UnverifiedReport:
    """Unverified claims counted by each grouping in ``groupings`` (keys of GROUPINGS).

    Read from the incrementally maintained summary (reports.summary), refreshed first,
    so the numbers equal ``unverified_report_plain``'s.
    """
    filters = filters.resolved()
    from reports.summary import summary_refresh

    summary_refresh()
    now = now or timezone.now()
    total = sum(count for _, count in _summary_counts("all", filters, None))
    groups: dict[str, list[GroupRow]] = {}
    for grouping in groupings:
        if grouping == "speaker":
            publisher = GroupRow(PUBLISHER_KEY, "Publisher (no one cited)", 0, "speaker", PUBLISHER_KEY, "publisher")
            rows = _sourced_rows(_summary_counts("speaker", filters, limit), "speaker", publisher)
        elif grouping == "kind":
            levels = dict(_summary_counts("kind", filters, None))
            rows = [
                GroupRow(str(level), label, int(levels.get(level, 0)), "kind", str(level), f"level {level}")
                for level, label in STRENGTH_LEVELS.items()
            ]
        elif grouping == "relay":
            rows = _sourced_rows(_summary_counts("relay", filters, limit), "relay", None, relay=True)
        elif grouping == "source":
            unknown = GroupRow("unknown", "Unknown publisher", 0, "speaker", PUBLISHER_KEY, "publisher")
            rows = _sourced_rows(_summary_counts("source", filters, limit), "source", unknown)
        elif grouping == "article":
            counts = _summary_articles(filters, limit)
            articles = _article_labels([article_id for article_id, _ in counts])
            rows = [
                GroupRow(str(pk), articles[pk][0], int(count), "article", str(pk), articles[pk][1])
                for pk, count in counts
            ]
        elif grouping == "age":
            rows = _summary_age_rows(filters, total, now)
        else:
            raise ValueError(f"unknown grouping {grouping!r}")
        groups[grouping] = rows
    return UnverifiedReport(total=total, groups=groups)


# --------------------------------------------------------------------------- claim lists (drill-down)


@dataclass(frozen=True)
class ClaimListFilters:
    status: str = ClaimStatus.UNVERIFIED  # "" for every status
    speaker: str = ""  # a source id, or "publisher"
    source: str = ""
    relay: str = ""
    kind: int | None = None
    article: int | None = None
    age: str = ""
    reviewer: int | None = None  # claims with a verdict by this reviewer
    order: str = "checkworthiness"


ORDERINGS: dict[str, tuple[str, ...]] = {
    "checkworthiness": ("-checkworthiness", "article_id", "position"),
    "oldest": ("created_at", "id"),
    "newest": ("-created_at", "-id"),
    "article": ("article_id", "position"),
}


def _same_source(field: str, source_id: int) -> Q:
    return Q(**{f"{field}_id": source_id}) | Q(**{f"{field}__merged_into_id": source_id})


def _level_annotation() -> Coalesce:
    from django.db.models import Case, When

    kind = Coalesce("speaker__merged_into__kind", "speaker__kind")
    level = Case(
        *(When(Q(_kind=kind_value), then=Value(value)) for kind_value, value in KIND_LEVEL.items()),
        default=Value(PUBLISHER_LEVEL - 1),
        output_field=IntegerField(),
    )
    strongest = (
        Attribution.objects.filter(claim=OuterRef("pk"), speaker__isnull=False)
        .annotate(_kind=kind)
        .annotate(_level=level)
        .order_by("_level")
        .values("_level")[:1]
    )
    return Coalesce(Subquery(strongest, output_field=IntegerField()), Value(PUBLISHER_LEVEL))


def _as_int(value: str) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def claims_for_report(
    *, filters: ReportFilters, claim_filters: ClaimListFilters, now: dt.datetime | None = None
) -> QuerySet[Claim]:
    """The claims a report row counts (same rules as the reports), in the requested order."""
    now = now or timezone.now()
    claims = Claim.objects.all()
    if claim_filters.status:
        claims = claims.filter(status=claim_filters.status)
    if filters.date_from:
        claims = claims.filter(article__published__gte=filters.date_from)
    if filters.date_to:
        claims = claims.filter(article__published__lte=filters.date_to)
    if filters.publisher:
        claims = claims.filter(_same_source("article__publisher", filters.publisher))
    named = Attribution.objects.filter(claim=OuterRef("pk"), speaker__isnull=False)
    if claim_filters.speaker == PUBLISHER_KEY:
        claims = claims.filter(~Exists(named))
    elif (speaker := _as_int(claim_filters.speaker)) is not None:
        claims = claims.filter(Exists(named.filter(_same_source("speaker", speaker))))
    if (relay := _as_int(claim_filters.relay)) is not None:
        claims = claims.filter(
            Exists(RelayHop.objects.filter(attribution__claim=OuterRef("pk")).filter(_same_source("source", relay)))
        )
    if (source := _as_int(claim_filters.source)) is not None:
        claims = claims.filter(
            Exists(named.filter(_same_source("speaker", source)))
            | Exists(RelayHop.objects.filter(attribution__claim=OuterRef("pk")).filter(_same_source("source", source)))
            | (~Exists(named) & _same_source("article__publisher", source))
        )
    if claim_filters.kind is not None:
        claims = claims.annotate(sourcing_level=_level_annotation()).filter(sourcing_level=claim_filters.kind)
    if claim_filters.article is not None:
        claims = claims.filter(article_id=claim_filters.article)
    if claim_filters.age in _AGE_BOUNDS:
        older_than, at_most = _AGE_BOUNDS[claim_filters.age]
        if older_than is not None:
            claims = claims.filter(created_at__lte=now - older_than)
        if at_most is not None:
            claims = claims.filter(created_at__gt=now - at_most)
    if claim_filters.reviewer is not None:
        claims = claims.filter(Exists(Verdict.objects.filter(claim=OuterRef("pk"), reviewer_id=claim_filters.reviewer)))
    return claims.order_by(*ORDERINGS.get(claim_filters.order, ORDERINGS["checkworthiness"]))


@dataclass(frozen=True)
class ClaimRow:
    id: int
    article_id: int
    article_title: str
    position: int
    text: str
    status: str
    checkworthiness: float
    created_at: dt.datetime
    speakers: str
    relays: str


def claim_rows(claims: QuerySet[Claim], *, chunk_size: int = 2000) -> Iterator[ClaimRow]:
    """Stream claim rows with their speakers and relays, without loading the whole list.

    Speaker and relay names are aggregated in the database, so each row costs no extra query.
    """
    from django.contrib.postgres.aggregates import StringAgg

    speakers = (
        Attribution.objects.filter(claim=OuterRef("pk"))
        .values("claim")
        .annotate(
            names=StringAgg(
                Coalesce("speaker__name", Value("publisher"), output_field=TextField()),
                delimiter="; ",
                order_by="position",
            )
        )
        .values("names")
    )
    relays = (
        RelayHop.objects.filter(attribution__claim=OuterRef("pk"))
        .values("attribution__claim")
        .annotate(names=StringAgg("source__name", delimiter="; ", order_by=("attribution__position", "position")))
        .values("names")
    )
    annotated = claims.annotate(
        speaker_names=Coalesce(Subquery(speakers), Value("publisher"), output_field=TextField()),
        relay_names=Coalesce(Subquery(relays), Value(""), output_field=TextField()),
        article_title=F("article__title"),
    ).values_list(
        "id",
        "article_id",
        "article_title",
        "position",
        "text",
        "status",
        "checkworthiness",
        "created_at",
        "speaker_names",
        "relay_names",
    )
    for row in annotated.iterator(chunk_size=chunk_size):
        yield ClaimRow(*row)


# --------------------------------------------------------------------------- 2. backlog over time


@dataclass(frozen=True)
class BacklogPoint:
    period: dt.date
    unverified: int
    corroborated: int
    contradicted: int
    other: int


def _verdict_series_sql(alias: str) -> str:
    return (
        f"CASE WHEN {alias}.action = 'retracted' OR {alias}.value IS NULL THEN 'unverified' "
        f"WHEN {alias}.value IN ('corroborated', 'contradicted') THEN {alias}.value ELSE 'other' END"
    )


def _backlog_range(
    filters: ReportFilters, period: str, now: dt.datetime | None, max_periods: int
) -> tuple[dt.date, dt.date, dt.timedelta]:
    if period not in ("day", "week"):
        raise ValueError("period is day or week")
    step = dt.timedelta(days=1 if period == "day" else 7)
    end = filters.date_to or timezone.localdate(now or timezone.now())
    start = filters.date_from or end - step * (max_periods - 1)
    if period == "week":
        start -= dt.timedelta(days=start.weekday())
        end -= dt.timedelta(days=end.weekday())
    return start, end, step


def _backlog_points(
    rows: Sequence[tuple[Any, ...]], *, start: dt.date, end: dt.date, step: dt.timedelta
) -> list[BacklogPoint]:
    """Running totals per period from (period start, series, change) rows; earlier changes count at ``start``."""
    deltas: dict[dt.date, dict[str, int]] = {}
    for day, series, delta in rows:
        if day < start:
            day = start
        elif step.days == 7:
            day -= dt.timedelta(days=day.weekday())
        bucket = deltas.setdefault(day, {})
        bucket[series] = bucket.get(series, 0) + int(delta)
    running = dict.fromkeys(BACKLOG_SERIES, 0)
    points: list[BacklogPoint] = []
    current = start
    while current <= end:
        for series, delta in deltas.get(current, {}).items():
            running[series] += delta
        points.append(BacklogPoint(current, **running))
        current += step
    return points


def backlog_report(
    *, filters: ReportFilters, period: str = "day", now: dt.datetime | None = None, max_periods: int = 60
) -> list[BacklogPoint]:
    """How many claims were in each state at the end of each day or week.

    Derived from the verdict chains, not today's status: a claim enters as
    unverified when imported; each verdict moves it to its value (a retraction back
    to unverified).  Each change is +1 for the new state and −1 for the old one
    (the superseded verdict's).  The changes per day are kept by triggers
    (reports/migrations/0003), so this sums a few hundred rows; with a publisher
    filter it reads the claims and verdicts of that publisher instead.  The date
    range is the time axis (default: the last ``max_periods`` periods).
    """
    if filters.publisher:
        return backlog_report_plain(filters=filters, period=period, now=now, max_periods=max_periods)
    start, end, step = _backlog_range(filters, period, now, max_periods)
    with transaction.atomic(), connection.cursor() as cursor:
        # Fold the rows appended since the last report into one per (day, series).
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [BACKLOG_LOCK_KEY])
        cursor.execute(
            """
            WITH gone AS (DELETE FROM reports_backlog_delta RETURNING day, series, delta)
            INSERT INTO reports_backlog_delta (day, series, delta)
            SELECT day, series, SUM(delta) FROM gone GROUP BY 1, 2 HAVING SUM(delta) <> 0
            """
        )
        cursor.execute(
            "SELECT day, series, SUM(delta) FROM reports_backlog_delta WHERE day < %s GROUP BY 1, 2 ORDER BY 1",
            [end + step],
        )
        rows = cursor.fetchall()
    return _backlog_points(rows, start=start, end=end, step=step)


def backlog_report_plain(
    *, filters: ReportFilters, period: str = "day", now: dt.datetime | None = None, max_periods: int = 60
) -> list[BacklogPoint]:
    """``backlog_report`` computed from the claims and verdicts tables (used with a publisher filter)."""
    filters = filters.resolved()
    start, end, step = _backlog_range(filters, period, now, max_periods)
    scope = ReportFilters(publisher=filters.publisher)
    join, where, params = _scope_sql(scope, statuses=None)
    rows = _fetch(
        f"""
        WITH changes AS (
            SELECT c.created_at AS at, 'unverified' AS series, 1 AS delta
            FROM {T_CLAIM} c{join} WHERE {where}
            UNION ALL
            SELECT v.created_at, {_verdict_series_sql("v")}, 1
            FROM {T_VERDICT} v JOIN {T_CLAIM} c ON c.id = v.claim_id{join} WHERE {where}
            UNION ALL
            SELECT v.created_at, COALESCE({_verdict_series_sql("p")}, 'unverified'), -1
            FROM {T_VERDICT} v JOIN {T_CLAIM} c ON c.id = v.claim_id{join}
            LEFT JOIN {T_VERDICT} p ON p.id = v.supersedes_id
            WHERE {where}
        )
        SELECT (at AT TIME ZONE 'UTC')::date AS day, series, SUM(delta)
        FROM changes WHERE at < %s
        GROUP BY 1, 2 ORDER BY 1
        """,
        [*params, *params, *params, dt.datetime.combine(end + step, dt.time.min, tzinfo=dt.UTC)],
    )
    return _backlog_points(rows, start=start, end=end, step=step)


# --------------------------------------------------------------------------- 3. source track record


@dataclass(frozen=True)
class TrackRecordRow:
    source_id: int
    name: str
    kind: str
    corroborated: int
    contradicted: int
    reviewed: int
    share: float
    low: float
    high: float


def source_track_record(
    *, filters: ReportFilters, min_reviewed: int = 1, limit: int | None = None
) -> list[TrackRecordRow]:
    """Corroborated vs contradicted claims per speaker, ranked by the Wilson lower bound.

    Ranking by the interval's lower bound, not the raw share, keeps a source with 2
    reviewed claims below one with 200 at the same share.  Only a claim's current
    status counts (the head of its verdict chain), so superseded verdicts do not.
    Read from the refreshed summary; equals ``source_track_record_plain``.
    """
    filters = filters.resolved()
    from reports.summary import summary_refresh

    summary_refresh()
    corroborated = dict(_summary_counts("corroborated", filters, None))
    contradicted = dict(_summary_counts("contradicted", filters, None))
    rows = [
        (key, corroborated.get(key, 0), contradicted.get(key, 0)) for key in corroborated.keys() | contradicted.keys()
    ]
    return _track_rows(rows, min_reviewed, limit)


def source_track_record_plain(*, filters: ReportFilters, min_reviewed: int = 1) -> list[TrackRecordRow]:
    """Corroborated vs contradicted claims per speaker, ranked by the Wilson lower bound.

    Ranking by the interval's lower bound, not the raw share, keeps a source with 2
    reviewed claims below one with 200 at the same share.  Only a claim's current
    status counts (the head of its verdict chain), so superseded verdicts do not.
    """
    filters = filters.resolved()
    join, where, params = _scope_sql(filters, statuses=[ClaimStatus.CORROBORATED, ClaimStatus.CONTRADICTED])
    rows = _fetch(
        f"""
        SELECT COALESCE(s.merged_into_id, s.id) AS key,
               COUNT(DISTINCT c.id) FILTER (WHERE c.status = 'corroborated'),
               COUNT(DISTINCT c.id) FILTER (WHERE c.status = 'contradicted')
        FROM {T_CLAIM} c{join}
        JOIN {T_ATTR} a ON a.claim_id = c.id
        JOIN {T_SOURCE} s ON s.id = a.speaker_id
        WHERE {where}
        GROUP BY 1
        """,
        params,
    )
    return _track_rows(rows, min_reviewed)


def _track_rows(rows: list[tuple[Any, ...]], min_reviewed: int, limit: int | None = None) -> list[TrackRecordRow]:
    scored = []
    for key, corroborated, contradicted in rows:
        reviewed = int(corroborated) + int(contradicted)
        if reviewed >= min_reviewed:
            scored.append(
                (wilson_interval(int(corroborated), reviewed), key, int(corroborated), int(contradicted), reviewed)
            )
    scored.sort(key=lambda row: (-row[0][0], -row[4], row[1]))
    scored = scored[:limit] if limit else scored
    sources = _source_labels([row[1] for row in scored])
    result = []
    for (low, high), key, corroborated, contradicted, reviewed in scored:
        source = sources[key]
        result.append(
            TrackRecordRow(
                source_id=key,
                name=source.name,
                kind=source.get_kind_display(),
                corroborated=int(corroborated),
                contradicted=int(contradicted),
                reviewed=reviewed,
                share=corroborated / reviewed,
                low=low,
                high=high,
            )
        )
    return result


# --------------------------------------------------------------------------- 4. reviewer throughput


@dataclass(frozen=True)
class ThroughputRow:
    week: dt.date
    reviewer_id: int | None  # None: every reviewer together
    reviewer: str
    verdicts: int
    first_verdicts: int
    median_hours_to_first_verdict: float | None


def reviewer_throughput(
    *, filters: ReportFilters, now: dt.datetime | None = None, weeks: int = 12
) -> list[ThroughputRow]:
    """Verdicts per reviewer per week, and the median time from import to a claim's first verdict.

    A claim's first verdict is its chain's root (``supersedes IS NULL``, unique per
    claim).  The date range is the verdicts' time axis (default: the last ``weeks`` weeks).
    """
    filters = filters.resolved()
    from django.contrib.auth import get_user_model

    now = now or timezone.now()
    end = filters.date_to or timezone.localdate(now)
    start = filters.date_from or end - dt.timedelta(weeks=weeks) + dt.timedelta(days=1)
    join, where, params = _scope_sql(ReportFilters(publisher=filters.publisher), statuses=None)
    rows = _fetch(
        f"""
        SELECT week, reviewer_id, GROUPING(reviewer_id) AS all_reviewers, COUNT(*),
               COUNT(*) FILTER (WHERE first),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY wait_seconds) FILTER (WHERE first)
        FROM (
            SELECT date_trunc('week', v.created_at)::date AS week, v.reviewer_id,
                   v.supersedes_id IS NULL AS first, EXTRACT(EPOCH FROM v.created_at - c.created_at) AS wait_seconds
            FROM {T_VERDICT} v JOIN {T_CLAIM} c ON c.id = v.claim_id{join}
            WHERE {where} AND v.created_at >= %s AND v.created_at < %s
        ) verdicts
        GROUP BY GROUPING SETS ((week, reviewer_id), (week))
        ORDER BY 1 DESC, 3 DESC, 4 DESC
        """,
        [
            *params,
            dt.datetime.combine(start, dt.time.min, tzinfo=dt.UTC),
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC),
        ],
    )
    users = get_user_model().objects.in_bulk([row[1] for row in rows if row[1] is not None])
    return [
        ThroughputRow(
            week=week,
            reviewer_id=None if all_reviewers else reviewer_id,
            reviewer="All reviewers" if all_reviewers else users[reviewer_id].get_username(),
            verdicts=int(verdicts),
            first_verdicts=int(firsts),
            median_hours_to_first_verdict=None if median is None else round(float(median) / 3600, 2),
        )
        for week, reviewer_id, all_reviewers, verdicts, firsts, median in rows
    ]


# --------------------------------------------------------------------------- 5. extractor accuracy


@dataclass(frozen=True)
class AccuracyRow:
    dimension: str  # "version", "kind", "cue" or "all"
    value: str
    reviewed: int
    confirmed: int
    speaker_right: int
    share: float  # confirmed as the engine had it
    low: float
    high: float
    speaker_share: float


def reviewed_attributions_sql(claim_join: str, where: str) -> str:
    """One row per reviewed attribution ``a``: the engine's version, speaker kind and cue, and whether it was right.

    ``claim_join`` joins what ``where`` needs (the claim ``c``, its article ``ar``); the
    summary refresh (reports.summary) counts the same rows per article.
    """
    snapshot_kind = (
        "CASE WHEN a.machine_snapshot ? 'speaker_kind' THEN COALESCE(a.machine_snapshot->>'speaker_kind', 'publisher') "
        "ELSE COALESCE(cs.kind, 'publisher') END"
    )
    return f"""
        SELECT c.article_id,
               COALESCE(NULLIF(a.machine_snapshot->>'extractor_version', ''), a.extractor_version) AS version,
               {snapshot_kind} AS kind,
               LOWER(COALESCE(a.machine_snapshot->>'cue_text', a.cue_text)) AS cue,
               a.review_state = 'confirmed' AS confirmed,
               (a.review_state = 'confirmed'
                OR COALESCE(ms.merged_into_id, ms.id) IS NOT DISTINCT FROM COALESCE(cs.merged_into_id, cs.id)) AS speaker_right
        FROM {T_ATTR} a {claim_join}
        LEFT JOIN {T_SOURCE} cs ON cs.id = a.speaker_id
        LEFT JOIN {T_SOURCE} ms ON ms.id = (a.machine_snapshot->>'speaker_id')::bigint
        WHERE {where} AND a.review_state IN ('confirmed', 'corrected')
    """


_ACCURACY_SETS = """
    SELECT GROUPING(version) AS gv, GROUPING(kind) AS gk, GROUPING(cue) AS gc, version, kind, cue,
           {reviewed}, {confirmed}, {speaker_right}
    FROM ({rows}) reviewed
    GROUP BY GROUPING SETS ((), (version), (kind), (cue))
"""


def extractor_accuracy(*, filters: ReportFilters) -> list[AccuracyRow]:
    """How often the engine was right, from attributions people confirmed or corrected.

    ``confirmed``: a person accepted the attribution as the engine made it.
    ``speaker_right``: the engine's speaker (``machine_snapshot``) is the speaker a
    person left (after merges), even if they corrected the role or cue.  Grouped
    by the engine's extractor version, the kind of speaker the engine named
    ("publisher" for none) and the engine's cue word.  Read from the refreshed
    summary (overall, or summed over the filtered articles); equals ``extractor_accuracy_plain``.
    """
    filters = filters.resolved()
    from reports.summary import summary_refresh

    summary_refresh()
    sums = {"reviewed": "SUM(reviewed)", "confirmed": "SUM(confirmed)", "speaker_right": "SUM(speaker_right)"}
    if not filters.filtered:
        return _accuracy_rows(_fetch(_ACCURACY_SETS.format(rows="SELECT * FROM reports_accuracy_total", **sums), []))
    where, params = _article_conditions(filters)
    rows = f"SELECT s.* FROM reports_accuracy_article s JOIN {T_ARTICLE} ar ON ar.id = s.article_id WHERE {where}"
    return _accuracy_rows(_fetch(_ACCURACY_SETS.format(rows=rows, **sums), params))


def extractor_accuracy_plain(*, filters: ReportFilters) -> list[AccuracyRow]:
    """``extractor_accuracy`` computed from the attributions directly (the reference the summary must match)."""
    filters = filters.resolved()
    join, where, params = _scope_sql(filters, statuses=None)
    counts = {
        "reviewed": "COUNT(*)",
        "confirmed": "COUNT(*) FILTER (WHERE confirmed)",
        "speaker_right": "COUNT(*) FILTER (WHERE speaker_right)",
    }
    rows = reviewed_attributions_sql(f"JOIN {T_CLAIM} c ON c.id = a.claim_id{join}", where)
    with transaction.atomic(), connection.cursor() as cursor:
        # The grouping sets sort every reviewed attribution: keep that sort in memory.
        cursor.execute("SET LOCAL work_mem = '32MB'")
        cursor.execute(_ACCURACY_SETS.format(rows=rows, **counts), params)
        return _accuracy_rows(list(cursor.fetchall()))


def _accuracy_rows(rows: list[tuple[Any, ...]]) -> list[AccuracyRow]:
    result = []
    for gv, gk, gc, version, kind, cue, reviewed, confirmed, speaker_right in rows:
        if not reviewed:  # the grand total of nothing
            continue
        if gv and gk and gc:
            dimension, value = "all", "All reviewed attributions"
        elif not gv:
            dimension, value = "version", version or "(unknown)"
        elif not gk:
            dimension, value = "kind", kind
        else:
            dimension, value = "cue", cue or "(no cue)"
        low, high = wilson_interval(int(confirmed), int(reviewed))
        result.append(
            AccuracyRow(
                dimension=dimension,
                value=value,
                reviewed=int(reviewed),
                confirmed=int(confirmed),
                speaker_right=int(speaker_right),
                share=confirmed / reviewed,
                low=low,
                high=high,
                speaker_share=speaker_right / reviewed,
            )
        )
    order = {"all": 0, "version": 1, "kind": 2, "cue": 3}
    result.sort(key=lambda row: (order[row.dimension], -row.reviewed, row.value))
    return result
