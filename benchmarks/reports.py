"""Server time of every report page at a million claims.

    .venv/bin/python benchmarks/reports.py [--claims 1000000] [--reload] [--explain]

Loads N claims with attributions, relay hops and verdict chains (superseded and
retracted ones included) with COPY into a separate database
(``workbench_bench_reports`` on the configured server; created and migrated on the
first run, reused afterwards), then requests each report page as an editor with
Django's test client and prints the median of a few runs.  Pages over the 300 ms
target print the EXPLAIN ANALYZE of their slowest query; ``--explain`` prints it
for every page.

Recorded runs (2026-11-28, PostgreSQL 15.20, 2 cores shared with other engineers' test runs, so
±2x noise; 1,000,000 claims, 1,000,324 attributions, 137,666 relay hops, 459,938 verdicts; load 54 s,
summary build 28 s before / 52 s after the per-period, per-publisher and accuracy tables), median ms:

  page                          before (0004)   after (0006)
  unverified overview                 41         24-42
  one publisher                      114         27-41
  one quarter                        200         31-52   (whole months + edge days of reports_claimcount_period)
  mid-month to mid-month               -         33-49
  source track record                 57         41-89
  extractor accuracy                 135         13-32   (reports_accuracy_total, ~60 rows)
  API by speaker, one publisher       97         17-46
  API unverified, one quarter        989        162-299  (every article and source of the quarter: ~25,000 rows)
  every other page                 27-71         12-89

All 26 pages within 300 ms.  Refreshing the summary after 100 / 1,000 articles changed: 98-133 /
552-794 ms when nothing moved, 157-198 / 1,053-1,365 ms when every count moved to another day.
An earlier run on a slower machine (embedded PostgreSQL 18.6) before these tables: one quarter 831,
extractor accuracy 660, source track record 287.  Plain queries without any summary: 0.7-14.6 s per
unverified page, backlog 3.5 s, track record 3.6 s.  CSV of every claim: 1,000,000 rows streamed in
197 s with a peak RSS of 193 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import CUES, KINDS, LOADED_TABLES, copy_table, empty_for_load, use_bench_database  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")

BENCH_DB = "workbench_bench_reports"
TARGET_MS = 300.0
NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)
VERSIONS = ["2026.09.1", "2026.10.2", "2026.11.1"]


def _setup_django() -> None:
    from django.conf import settings

    use_bench_database(BENCH_DB)
    settings.DEBUG = False


def _load(n_claims: int) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    rng = random.Random(20260601)  # benchmark data, not secrets
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor
        empty_for_load(cursor)

        User = get_user_model()
        User.objects.filter(username__startswith="bench-").delete()
        reviewers = [User.objects.create_user(username=f"bench-reviewer-{i}", password=None) for i in range(30)]
        editor = User.objects.create_user(username="bench-editor", password=None, is_staff=True)
        editor.groups.set(Group.objects.filter(name__in=["editor", "reviewer"]))
        reviewer_ids = [user.pk for user in reviewers]

        n_sources = 5000
        kind_pool = [kind for kind, weight in KINDS for _ in range(weight)]
        kinds = {i: rng.choice(kind_pool) for i in range(1, n_sources + 1)}
        publishers = [i for i in kinds if kinds[i] == "outlet"][:50]
        merged = {i: i - 1 for i in range(4001, 4201) if kinds[i] == kinds[i - 1] and i - 1 <= 4000}
        created = NOW - dt.timedelta(days=400)
        copy_table(
            cursor,
            "sources_source",
            ((i, f"Source {i}", kinds[i], "", merged.get(i), created, created, 1) for i in kinds),
        )
        copy_table(cursor, "sources_sourcealias", ((i, i, f"Source {i}", f"source {i}", created) for i in kinds))
        by_kind: dict[str, list[int]] = {}
        for i, kind in kinds.items():
            by_kind.setdefault(kind, []).append(i)
        speakers = [i for i in kinds if kinds[i] != "outlet"]
        agencies = by_kind["news_agency"]
        # A few prolific speakers, a long tail (as in a newsroom).
        speaker_weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(speakers))]

        per_article = 20
        n_articles = max(1, n_claims // per_article)
        article_dates = {}

        def articles() -> Any:
            for a in range(1, n_articles + 1):
                published = (NOW - dt.timedelta(days=rng.randint(0, 365))).date()
                article_dates[a] = published
                text = f"Bench article {a}."
                yield (
                    a,
                    f"Bench article {a}",
                    "",
                    "",
                    rng.choice(publishers),
                    published,
                    "en",
                    text,
                    hashlib.sha256(text.encode()).hexdigest(),
                    rng.choice(VERSIONS),
                    dt.datetime.combine(published, dt.time(6), tzinfo=dt.UTC),
                    None,
                    None,
                )

        copy_table(cursor, "sources_article", articles())

        statuses = (
            ["unverified"] * 65
            + ["corroborated"] * 15
            + ["contradicted"] * 8
            + ["disputed"] * 4
            + ["unverifiable"] * 4
            + ["not_factual"] * 4
        )
        claim_rows: list[tuple[Any, ...]] = []
        attribution_rows: list[tuple[Any, ...]] = []
        hop_rows: list[tuple[Any, ...]] = []
        verdict_rows: list[tuple[Any, ...]] = []
        attribution_id = hop_id = verdict_id = 0
        # An article quotes a handful of sources (the seed article: 7 in 16 sentences), drawn from a long tail.
        pools = [rng.choices(speakers, weights=speaker_weights, k=rng.randint(2, 7)) for _ in range(n_articles)]
        for c in range(1, n_claims + 1):
            article = (c - 1) // per_article + 1
            published = article_dates[article]
            imported = dt.datetime.combine(published, dt.time(6), tzinfo=dt.UTC) + dt.timedelta(
                minutes=rng.randint(0, 600)
            )
            status = rng.choice(statuses)
            retracted_before = status == "unverified" and rng.random() < 0.03
            claim_rows.append(
                (
                    c,
                    article,
                    (c - 1) % per_article,
                    0,
                    20,
                    f"Bench claim number {c}.",
                    status,
                    round(rng.random(), 3),
                    "[]",
                    "[]",
                    None,
                    imported,
                    imported,
                    None,
                    1,
                )
            )
            shape = rng.random()
            n_attr = 0 if shape < 0.05 else (2 if shape > 0.95 else 1)
            for position in range(n_attr):
                attribution_id += 1
                speaker = None if rng.random() < 0.02 else rng.choice(pools[article - 1])
                reviewed = rng.random() < 0.1
                state = "machine"
                snapshot: dict[str, Any] = {}
                version = rng.choice(VERSIONS)
                cue = rng.choice(CUES)
                if reviewed:
                    state = "confirmed" if rng.random() < 0.8 else "corrected"
                    machine_speaker = speaker if state == "confirmed" or rng.random() < 0.4 else rng.choice(speakers)
                    snapshot = {
                        "speaker_id": machine_speaker,
                        "speaker_name": f"Source {machine_speaker}",
                        "speaker_kind": kinds.get(machine_speaker) if machine_speaker else None,
                        "role": "",
                        "cue_text": cue,
                        "quote_kind": "indirect",
                        "via": [],
                        "extractor_version": version,
                    }
                attribution_rows.append(
                    (
                        attribution_id,
                        c,
                        position,
                        speaker,
                        "",
                        None,
                        None,
                        "",
                        cue,
                        None,
                        None,
                        "indirect",
                        "[]",
                        None,
                        "",
                        0.9,
                        version,
                        state,
                        rng.choice(reviewer_ids) if reviewed else None,
                        imported if reviewed else None,
                        json.dumps(snapshot),
                        imported,
                        imported,
                        1,
                    )
                )
                hops = 2 if rng.random() < 0.02 else (1 if rng.random() < 0.1 else 0)
                for hop in range(hops):
                    hop_id += 1
                    hop_rows.append((hop_id, attribution_id, hop, rng.choice(agencies), "according to", "", None, None))
            if status != "unverified" or retracted_before:
                when = imported + dt.timedelta(hours=rng.randint(1, 24 * 20))
                chain: list[tuple[str, str | None]] = []
                if retracted_before:
                    chain = [("recorded", "contradicted"), ("retracted", None)]
                elif rng.random() < 0.2:
                    other = "contradicted" if status == "corroborated" else "corroborated"
                    chain = [("recorded", other), ("recorded", status)]
                else:
                    chain = [("recorded", status)]
                previous: int | None = None
                for action, value in chain:
                    verdict_id += 1
                    verdict_rows.append((verdict_id, c, previous, action, value, rng.choice(reviewer_ids), "", when))
                    previous = verdict_id
                    when += dt.timedelta(hours=rng.randint(1, 72))
            if len(claim_rows) >= 50_000 or c == n_claims:
                copy_table(cursor, "claims_claim", claim_rows)
                copy_table(cursor, "claims_attribution", attribution_rows)
                copy_table(cursor, "claims_relayhop", hop_rows)
                copy_table(cursor, "claims_verdict", verdict_rows)
                claim_rows, attribution_rows, hop_rows, verdict_rows = [], [], [], []
                print(f"  loaded {c:,} claims ({time.monotonic() - started:.0f} s)", flush=True)
        cursor.execute("SET session_replication_role = DEFAULT")
        for table in LOADED_TABLES:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), GREATEST((SELECT MAX(id) FROM {table}), 1))"  # noqa: S608
            )
    with connection.cursor() as wrapper:
        for table in LOADED_TABLES:
            wrapper.execute(f"VACUUM (ANALYZE) {table}")
    print(
        f"loaded {n_claims:,} claims, {attribution_id:,} attributions, {hop_id:,} relay hops, "
        f"{verdict_id:,} verdicts in {time.monotonic() - started:.0f} s",
        flush=True,
    )


def _pages(publisher: int, speaker: int, relay: int) -> list[tuple[str, str]]:
    return [
        ("unverified overview (6 groupings)", "/reports/"),
        ("unverified by source", "/reports/?by=source"),
        ("unverified by speaker", "/reports/?by=speaker"),
        ("unverified by strength", "/reports/?by=kind"),
        ("unverified by relay", "/reports/?by=relay"),
        ("unverified by article", "/reports/?by=article"),
        ("unverified by age", "/reports/?by=age"),
        ("unverified, one publisher", f"/reports/?publisher={publisher}"),
        ("unverified, one quarter", "/reports/?date_from=2026-01-01&date_to=2026-03-31"),
        ("unverified, mid-month to mid-month", "/reports/?date_from=2026-01-15&date_to=2026-04-14"),
        (
            "unverified, one publisher, one quarter",
            f"/reports/?publisher={publisher}&date_from=2026-01-01&date_to=2026-03-31",
        ),
        ("backlog per day (60 days)", "/reports/backlog/"),
        ("backlog per week, a year", "/reports/backlog/?period=week&date_from=2025-06-01&date_to=2026-06-01"),
        ("source track record", "/reports/sources/"),
        ("reviewer throughput (12 weeks)", "/reports/reviewers/"),
        ("extractor accuracy", "/reports/extractor/"),
        ("extractor accuracy, one quarter", "/reports/extractor/?date_from=2026-01-01&date_to=2026-03-31"),
        ("source track record, one publisher", f"/reports/sources/?publisher={publisher}"),
        ("claim list, most check-worthy", "/reports/claims/"),
        ("claim list, one speaker", f"/reports/claims/?speaker={speaker}"),
        ("claim list, one relay, page 3", f"/reports/claims/?relay={relay}&page=3"),
        ("claim list, strength level 4", "/reports/claims/?kind=4"),
        ("claim list, age > 30 days, oldest", "/reports/claims/?age=gt30d&order=oldest"),
        ("API unverified by speaker", f"/api/reports/unverified/?by=speaker&publisher={publisher}"),
        ("API unverified, one quarter", "/api/reports/unverified/?date_from=2026-01-01&date_to=2026-03-31"),
        ("API extractor accuracy", "/api/reports/extractor/"),
    ]


def _explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql)
        return "\n".join("      " + row[0] for row in cursor.fetchall())


def _refresh_after_writes() -> None:
    """What the first report after N articles changed pays for ``summary_refresh`` (every summary table)."""
    from django.db import connection

    from reports.summary import summary_refresh

    print("summary refresh after N articles changed (the first report after a write pays it):")
    for n in (1, 100, 1000):
        timings = []
        # Unchanged (the trigger marks them; nothing moves), re-dated a day later (every count
        # moves to another day), and back.
        for change in ("extractor_version", "published + 1", "published - 1"):
            with connection.cursor() as cursor:
                cursor.execute(f"UPDATE sources_article SET {change.split()[0]} = {change} WHERE id <= %s", [n])  # noqa: S608
            started = time.perf_counter()
            summary_refresh()
            timings.append((time.perf_counter() - started) * 1000)
        print(
            f"  {n:>5,} articles: unchanged {timings[0]:.0f} ms, re-dated {timings[1]:.0f} ms, back {timings[2]:.0f} ms",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--reload", action="store_true", help="reload the data even if the database has it")
    parser.add_argument("--explain", action="store_true", help="print query plans for every page")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--load-only", action="store_true", help="load the data and stop")
    parser.add_argument("--skip-csv", action="store_true", help="skip streaming the CSV of every claim (minutes)")
    args = parser.parse_args()

    _setup_django()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    call_command("migrate", verbosity=0)
    from claims.models import Claim

    have = Claim.objects.count() if not args.reload else -1
    if have != args.claims:
        print(f"loading {args.claims:,} claims into {BENCH_DB} …", flush=True)
        _load(args.claims)
    else:
        print(f"reusing {have:,} claims in {BENCH_DB}")
    from reports.summary import backlog_rebuild, summary_rebuild, summary_refresh

    started = time.monotonic()
    if have != args.claims:
        articles = summary_rebuild()
        backlog_rebuild()
        print(f"built the report summary for {articles:,} articles in {time.monotonic() - started:.0f} s", flush=True)
    else:
        refreshed = summary_refresh()  # after a new summary migration: every article
        if refreshed:
            print(
                f"refreshed the report summary of {refreshed:,} articles in {time.monotonic() - started:.0f} s",
                flush=True,
            )
    with connection.cursor() as cursor:  # what autovacuum would do soon after a bulk load
        for table in (
            "reports_claimcount_article",
            "reports_claimcount_total",
            "reports_claimcount_period",
            "reports_claimcount_publisher",
            "reports_accuracy_article",
            "reports_accuracy_total",
            "reports_backlog_delta",
        ):
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    if args.load_only:
        return

    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.SECURE_SSL_REDIRECT = False
    setup_test_environment()
    with connection.cursor() as cursor:
        cursor.execute("SELECT publisher_id FROM sources_article GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1")
        publisher = cursor.fetchone()[0]
        cursor.execute(
            "SELECT speaker_id FROM claims_attribution WHERE speaker_id IS NOT NULL GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1"
        )
        speaker = cursor.fetchone()[0]
        cursor.execute("SELECT source_id FROM claims_relayhop GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1")
        relay = cursor.fetchone()[0]
        cursor.execute("SELECT version()")
        print(cursor.fetchone()[0])
        for table in (
            "claims_claim",
            "claims_attribution",
            "claims_relayhop",
            "claims_verdict",
            "sources_article",
            "sources_source",
        ):
            cursor.execute(f"SELECT COUNT(*), pg_size_pretty(pg_total_relation_size('{table}')) FROM {table}")  # noqa: S608
            count, size = cursor.fetchone()
            print(f"  {table:<22} {count:>10,} rows {size:>10}")
    client = Client()
    client.force_login(get_user_model().objects.get(username="bench-editor"))

    print(f"\nserver time per page (median of {args.runs} warm runs after one cold run; target {TARGET_MS:.0f} ms)")
    print(f"  {'page':<38} {'median ms':>10} {'queries':>8}  status")
    results = []
    for label, url in _pages(publisher, speaker, relay):
        client.get(url)  # warm the caches
        timings = []
        with CaptureQueriesContext(connection) as captured:
            for _ in range(args.runs):
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        median = statistics.median(timings)
        queries = len(captured.captured_queries) // args.runs
        results.append((label, median))
        verdict = "ok" if median <= TARGET_MS else "SLOW"
        print(f"  {label:<38} {median:>10.0f} {queries:>8}  {verdict}   {url}", flush=True)
        if args.explain or median > TARGET_MS:
            slowest = max(captured.captured_queries[: queries or 1], key=lambda q: float(q["time"]))
            print(f"    slowest query ({float(slowest['time']) * 1000:.0f} ms):")
            print(_explain(slowest["sql"]))

    slow = [label for label, median in results if median > TARGET_MS]
    print(
        f"\n{len(results) - len(slow)}/{len(results)} pages within {TARGET_MS:.0f} ms"
        + (f"; slow: {', '.join(slow)}" if slow else "")
    )
    _refresh_after_writes()
    if args.skip_csv:
        return
    started = time.perf_counter()
    response = client.get("/reports/claims.csv?status=")
    rows = sum(chunk.count(b"\n") for chunk in response.streaming_content)  # type: ignore[attr-defined]
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"CSV of every claim: {rows - 1:,} rows streamed in {elapsed:.1f} s; peak RSS of this process {peak_mb:.0f} MB"
    )


if __name__ == "__main__":
    main()
