"""The incrementally maintained counts behind the reports (tables: reports/migrations/0002, 0005).

Database triggers mark the articles whose claims, attributions, relay hops,
sources or publisher changed; ``summary_refresh`` recomputes those articles'
counts (claims, and reviewed attributions for extractor accuracy) and moves the
totals — overall, per publication day and month, per publisher — by the
difference, under a transaction-scoped advisory lock so that two refreshes never
apply the same difference twice.  Reports call it first, so their numbers are
exact; at a million claims a report then sums a few thousand summary rows
instead of joining a million.

Invariants (tests/reports/test_summary.py checks them against plain queries):
``TOTAL`` = the article rows summed; ``PERIOD`` = the article rows summed per the
``published`` day (and month) stored on them; ``PUBLISHER`` = the article rows summed
per the ``publisher_id`` stored on them; ``ACCURACY_TOTAL`` = the
``ACCURACY_ARTICLE`` rows summed.  No total row is zero.
"""

# ruff: noqa: S608  -- SQL text is assembled from table names and fixed fragments only; values are parameters.

from __future__ import annotations

from django.db import connection, transaction

from reports.selectors import PUBLISHER_LEVEL, level_sql, reviewed_attributions_sql

LOCK_KEY = 7_340_101  # pg_advisory_xact_lock key of the summary refresh
ARTICLE = "reports_claimcount_article"
TOTAL = "reports_claimcount_total"
DIRTY = "reports_dirty_article"
PERIOD = "reports_claimcount_period"
PUBLISHER = "reports_claimcount_publisher"
CHANGE = "reports_claimcount_change"
ACCURACY_ARTICLE = "reports_accuracy_article"
ACCURACY_TOTAL = "reports_accuracy_total"

# Dimensions: unverified claims by "all" (key 0), "speaker" (source id; 0 = nobody named),
# "kind" (strength level 1–6), "relay" (source id), "source" (speaker, relay or, for a claim
# with no named speaker, the article's publisher; 0 = unknown publisher), "day" (import day
# as days since 1970-01-01 UTC); and "corroborated" / "contradicted" claims by speaker.
RECOMPUTE = f"""
WITH u AS (
    SELECT c.id, c.article_id, c.created_at FROM claims_claim c
    WHERE c.status = 'unverified' AND c.article_id = ANY(%(articles)s)
),
sp AS (
    SELECT u.id, u.article_id, COALESCE(s.merged_into_id, s.id) AS src, COALESCE(m.kind, s.kind) AS kind
    FROM u JOIN claims_attribution a ON a.claim_id = u.id
    JOIN sources_source s ON s.id = a.speaker_id
    LEFT JOIN sources_source m ON m.id = s.merged_into_id
),
rl AS (
    SELECT DISTINCT u.id, u.article_id, COALESCE(s.merged_into_id, s.id) AS src
    FROM u JOIN claims_attribution a ON a.claim_id = u.id
    JOIN claims_relayhop h ON h.attribution_id = a.id
    JOIN sources_source s ON s.id = h.source_id
),
unnamed AS (
    SELECT u.id, u.article_id FROM u WHERE NOT EXISTS (SELECT 1 FROM sp WHERE sp.id = u.id)
),
pub AS (
    SELECT n.id, n.article_id, COALESCE(p.merged_into_id, p.id, 0) AS src
    FROM unnamed n JOIN sources_article ar ON ar.id = n.article_id
    LEFT JOIN sources_source p ON p.id = ar.publisher_id
),
reviewed AS (
    SELECT c.id, c.article_id, c.status, COALESCE(s.merged_into_id, s.id) AS src
    FROM claims_claim c JOIN claims_attribution a ON a.claim_id = c.id
    JOIN sources_source s ON s.id = a.speaker_id
    WHERE c.status IN ('corroborated', 'contradicted') AND c.article_id = ANY(%(articles)s)
)
INSERT INTO {ARTICLE} (article_id, published, publisher_id, dimension, key, claims)
SELECT counted.article_id, ar.published, ar.publisher_id, counted.dimension, counted.key, counted.claims FROM (
SELECT article_id, 'all', 0, COUNT(*) FROM u GROUP BY 1
UNION ALL
SELECT article_id, 'speaker', src, COUNT(DISTINCT id) FROM sp GROUP BY 1, 3
UNION ALL
SELECT article_id, 'speaker', 0, COUNT(*) FROM unnamed GROUP BY 1
UNION ALL
SELECT article_id, 'kind', level, COUNT(*) FROM (
    SELECT u.id, u.article_id, COALESCE(MIN({level_sql("sp.kind")}), {PUBLISHER_LEVEL}) AS level
    FROM u LEFT JOIN sp ON sp.id = u.id GROUP BY 1, 2
) levels GROUP BY 1, 3
UNION ALL
SELECT article_id, 'relay', src, COUNT(*) FROM rl GROUP BY 1, 3
UNION ALL
SELECT article_id, 'source', src, COUNT(*) FROM (
    SELECT id, article_id, src FROM sp UNION SELECT id, article_id, src FROM rl UNION SELECT id, article_id, src FROM pub
) sourced GROUP BY 1, 3
UNION ALL
SELECT article_id, 'day', FLOOR(EXTRACT(EPOCH FROM created_at) / 86400)::bigint, COUNT(*) FROM u GROUP BY 1, 3
UNION ALL
SELECT article_id, status, src, COUNT(DISTINCT id) FROM reviewed GROUP BY 1, 2, 3
) AS counted (article_id, dimension, key, claims) JOIN sources_article ar ON ar.id = counted.article_id
"""

# The article rows about to be replaced (negated), then their replacements, in CHANGE: what
# moves every rollup, netted first, so that rows a refresh leaves as they were cost nothing.
KEEP_OLD = f"""
WITH old AS (DELETE FROM {ARTICLE} WHERE article_id = ANY(%(articles)s) RETURNING dimension, key, published, publisher_id, claims)
INSERT INTO {CHANGE} (dimension, key, published, publisher_id, claims)
SELECT dimension, key, published, publisher_id, -claims FROM old
"""
KEEP_NEW = f"""
INSERT INTO {CHANGE} (dimension, key, published, publisher_id, claims)
SELECT dimension, key, published, publisher_id, claims FROM {ARTICLE} WHERE article_id = ANY(%(articles)s)
"""

MOVE_TOTALS = f"""
INSERT INTO {TOTAL} (dimension, key, claims)
SELECT dimension, key, SUM(claims) FROM {CHANGE} GROUP BY 1, 2 HAVING SUM(claims) <> 0
ON CONFLICT (dimension, key) DO UPDATE SET claims = {TOTAL}.claims + EXCLUDED.claims
"""

# Per publication day and month; returns the rows that reached zero.
MOVE_PERIODS = f"""
WITH moved AS (
    INSERT INTO {PERIOD} (dimension, grain, start, key, claims)
    SELECT s.dimension, g.grain, g.start, s.key, SUM(s.claims)
    FROM {CHANGE} s
    CROSS JOIN LATERAL (VALUES ('day', s.published), ('month', s.published - (EXTRACT(DAY FROM s.published)::int - 1)))
        AS g (grain, start)
    WHERE s.published IS NOT NULL
    GROUP BY 1, 2, 3, 4 HAVING SUM(s.claims) <> 0
    ON CONFLICT (dimension, grain, start, key) DO UPDATE SET claims = {PERIOD}.claims + EXCLUDED.claims
    RETURNING dimension, grain, start, key, claims
)
SELECT dimension, grain, start, key FROM moved WHERE claims = 0
"""

DELETE_EMPTY_PERIODS = f"""
DELETE FROM {PERIOD} p
USING unnest(%s::varchar[], %s::varchar[], %s::date[], %s::bigint[]) AS z (dimension, grain, start, key)
WHERE p.dimension = z.dimension AND p.grain = z.grain AND p.start = z.start AND p.key = z.key AND p.claims = 0
"""

# Per publisher; returns the rows that reached zero.
MOVE_PUBLISHERS = f"""
WITH moved AS (
    INSERT INTO {PUBLISHER} (dimension, publisher_id, key, claims)
    SELECT dimension, publisher_id, key, SUM(claims) FROM {CHANGE} WHERE publisher_id IS NOT NULL
    GROUP BY 1, 2, 3 HAVING SUM(claims) <> 0
    ON CONFLICT (dimension, publisher_id, key) DO UPDATE SET claims = {PUBLISHER}.claims + EXCLUDED.claims
    RETURNING dimension, publisher_id, key, claims
)
SELECT dimension, publisher_id, key FROM moved WHERE claims = 0
"""

DELETE_EMPTY_PUBLISHERS = f"""
DELETE FROM {PUBLISHER} p
USING unnest(%s::varchar[], %s::bigint[], %s::bigint[]) AS z (dimension, publisher_id, key)
WHERE p.dimension = z.dimension AND p.publisher_id = z.publisher_id AND p.key = z.key AND p.claims = 0
"""

RECOMPUTE_ACCURACY = f"""
INSERT INTO {ACCURACY_ARTICLE} (article_id, version, kind, cue, reviewed, confirmed, speaker_right)
SELECT article_id, version, kind, cue, COUNT(*), COUNT(*) FILTER (WHERE confirmed), COUNT(*) FILTER (WHERE speaker_right)
FROM ({reviewed_attributions_sql("JOIN claims_claim c ON c.id = a.claim_id", "c.article_id = ANY(%(articles)s)")}) reviewed
GROUP BY 1, 2, 3, 4
"""

MOVE_ACCURACY = f"""
INSERT INTO {ACCURACY_TOTAL} (version, kind, cue, reviewed, confirmed, speaker_right)
SELECT version, kind, cue, %(sign)s * SUM(reviewed), %(sign)s * SUM(confirmed), %(sign)s * SUM(speaker_right)
FROM {ACCURACY_ARTICLE} WHERE article_id = ANY(%(articles)s) GROUP BY 1, 2, 3
ON CONFLICT (version, kind, cue) DO UPDATE SET
    reviewed = {ACCURACY_TOTAL}.reviewed + EXCLUDED.reviewed,
    confirmed = {ACCURACY_TOTAL}.confirmed + EXCLUDED.confirmed,
    speaker_right = {ACCURACY_TOTAL}.speaker_right + EXCLUDED.speaker_right
"""


def summary_refresh(*, batch: int = 5000) -> int:
    """Recompute the counts of every article marked dirty; returns how many articles were refreshed.

    Safe to call from any number of processes: refreshes run one at a time (advisory
    lock) and each takes its articles off the dirty list in its own transaction.
    """
    refreshed = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {DIRTY})")
            if not cursor.fetchone()[0]:
                return refreshed
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
            cursor.execute(
                f"DELETE FROM {DIRTY} WHERE article_id IN (SELECT article_id FROM {DIRTY} LIMIT %s) RETURNING article_id",
                [batch],
            )
            articles = [row[0] for row in cursor.fetchall()]
            if not articles:
                return refreshed
            params = {"articles": articles}
            cursor.execute(KEEP_OLD, params)
            cursor.execute(RECOMPUTE, params)
            cursor.execute(KEEP_NEW, params)
            cursor.execute(MOVE_TOTALS)
            cursor.execute(f"DELETE FROM {TOTAL} WHERE claims = 0")
            cursor.execute(MOVE_PERIODS)
            if emptied := cursor.fetchall():
                cursor.execute(DELETE_EMPTY_PERIODS, [list(column) for column in zip(*emptied, strict=True)])
            cursor.execute(MOVE_PUBLISHERS)
            if emptied := cursor.fetchall():
                cursor.execute(DELETE_EMPTY_PUBLISHERS, [list(column) for column in zip(*emptied, strict=True)])
            cursor.execute(f"DELETE FROM {CHANGE}")  # only ever holds this transaction's rows
            # Extractor accuracy: a few rows per article, moved off and on directly.
            cursor.execute(MOVE_ACCURACY, {**params, "sign": -1})
            cursor.execute(f"DELETE FROM {ACCURACY_ARTICLE} WHERE article_id = ANY(%(articles)s)", params)
            cursor.execute(RECOMPUTE_ACCURACY, params)
            cursor.execute(MOVE_ACCURACY, {**params, "sign": 1})
            cursor.execute(f"DELETE FROM {ACCURACY_TOTAL} WHERE reviewed = 0")
            refreshed += len(articles)


def summary_rebuild() -> int:
    """Recompute everything (after a bulk load that bypassed the triggers)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        cursor.execute(f"TRUNCATE {ARTICLE}, {TOTAL}, {PERIOD}, {PUBLISHER}, {ACCURACY_ARTICLE}, {ACCURACY_TOTAL}")
        cursor.execute(f"INSERT INTO {DIRTY} (article_id) SELECT id FROM sources_article ON CONFLICT DO NOTHING")
    return summary_refresh()


_SERIES = (
    "CASE WHEN {v}.action = 'retracted' OR {v}.value IS NULL THEN 'unverified' "
    "WHEN {v}.value IN ('corroborated', 'contradicted') THEN {v}.value ELSE 'other' END"
)


def backlog_rebuild() -> None:
    """Recompute the daily backlog changes from the claims and verdicts (after a bulk load without triggers)."""
    new, old = _SERIES.format(v="v"), f"COALESCE({_SERIES.format(v='p')}, 'unverified')"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("LOCK TABLE reports_backlog_delta IN EXCLUSIVE MODE")
        cursor.execute("DELETE FROM reports_backlog_delta")
        cursor.execute(
            f"""
            INSERT INTO reports_backlog_delta (day, series, delta)
            SELECT day, series, SUM(delta) FROM (
                SELECT (created_at AT TIME ZONE 'UTC')::date AS day, 'unverified' AS series, 1 AS delta FROM claims_claim
                UNION ALL
                SELECT (v.created_at AT TIME ZONE 'UTC')::date, {new}, 1 FROM claims_verdict v
                UNION ALL
                SELECT (v.created_at AT TIME ZONE 'UTC')::date, {old}, -1
                FROM claims_verdict v LEFT JOIN claims_verdict p ON p.id = v.supersedes_id
            ) existing GROUP BY 1, 2 HAVING SUM(delta) <> 0
            """
        )
