"""REST API latency and throughput at a million claims, beside a bare DRF list of 20 rows.

    .venv/bin/python benchmarks/api.py [--claims 1000000] [--reload] [--seconds 8] [--concurrency 4]

Loads N claims (with attributions, relay hops and verdicts) with COPY into a
separate database, ``workbench_bench`` on the configured server (created and
migrated on the first run, reused afterwards; ``--reload`` loads it again), then
starts gunicorn on 127.0.0.1 against it and drives each endpoint with a
concurrent load generator (processes × keep-alive connections on loopback,
authenticated with an API token), printing p50/p99 latency and requests/s:

- the claim list (first page, 20 claims with attributions and relay chains),
  with a filter, and with a full-text search;
- a claim's detail;
- one report endpoint (unverified claims by speaker);
- a bare DRF list of 20 rows (token auth, a ModelSerializer, no pagination).

Target: p99 < 50 ms for the claim list and detail.  The list uses cursor
pagination: no COUNT(*), constant time at any depth.

Recorded runs (2026-11-28, PostgreSQL 15, 2 cores shared with two other engineers' test
runs, load average 3-5; defaults: 4 connections, 2 workers × 2 threads), p50/p99 ms and req/s:

    endpoint            before (8 s)        after (20 s)        after (8 s)
    list                56 / 345 / 59       19 / 41 / 203       12 / 30 / 294
    list, filtered      59 / 316 / 55       35 / 67 / 108       25 / 61 / 150
    list, search        94 / 299 / 38       22 / 68 / 162       28 / 55 / 130
    detail              35 / 61 / 107       21 / 38 / 185       18 / 42 / 203
    report by speaker  732 / 1245 / 5      136 / 429 / 23       79 / 200 / 39
    bare DRF list       11 / 18 / 337       10 / 24 / 366       12 / 23 / 307

Then (second round, from f52e4f6).  Server time of one request before it (test client, no
concurrency, wall time including the database): list 5.4 ms, filtered 8.6, search 7.2, detail 4.6.
After it: list 4.1, filtered 6.2, search 5.1, detail 3.5, report by speaker 43 -> 35 ms.  What went:
django-filter's per-request deep copy of every filter and its form (ClaimFilter cleans with fields
built once, 0.9 ms), the planning of a page's attribution query (prepared, 0.87 -> 0.29 ms), the
rows queryset resolved once (0.13 ms), and the 70-100 ms full garbage collections (workbench.wsgi
freezes the start-up objects: 10 ms).  Interleaved runs, same machine and hour (load average
3.4-4.7, the other engineer's evaluations running), p99 ms:

    endpoint            before (4c84aa6), 5 runs        after, 8 runs
    list                56.7 44.3 36.9 45.6 31.1        40.9 29.3 38.1 31.4 32.9 19.2 22.0 41.9
    list, filtered      61.8 60.5 73.5 64.5 52.5        46.3 54.1 49.7 47.2 51.2 26.4 43.7 44.8
    list, search        62.0 50.0 65.3 53.9 40.5        36.4 41.6 39.8 37.3 38.8 26.8 37.7 31.9
    detail              38.1 29.6 36.9 31.8 34.0        32.6 32.6 30.3 31.7 26.4 19.7 30.5 23.0
    report by speaker    410  373  411  205  349         167  288  180  192  197  129  167  203

Two more runs after, while another engineer's import benchmark ran at the same time (load
average 4.2-5.1), were slower everywhere, the bare DRF list too: list 60.6 / 58.2, filtered
68.3 / 54.5, search 57.7 / 55.9, detail 55.0 / 45.4.

The filtered list (status, source kind, check-worthiness) is the one still near the target on
this machine: its claim query walks about 5,000 index entries of the primary key to find a page
(1.1 ms; an index on (status, id) is only chosen with random_page_cost near 1) and the source-kind
EXISTS costs 0.2 ms to build.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import http.client
import json
import multiprocessing
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import CUES, KINDS, LOADED_TABLES, copy_table, empty_for_load, use_bench_database  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")

BENCH_DB = "workbench_bench"
TARGET_P99_MS = 50.0
NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)
CLAIMS_PER_ARTICLE = 20
STATUSES = [
    ("unverified", 80),
    ("corroborated", 7),
    ("contradicted", 5),
    ("disputed", 3),
    ("unverifiable", 3),
    ("not_factual", 2),
]
SUBJECTS = [
    "troops",
    "the bridge",
    "the budget",
    "the ceasefire",
    "inflation",
    "the election",
    "the pipeline",
    "vaccines",
    "the harbour",
    "the border",
    "tariffs",
    "the reactor",
    "wheat exports",
    "the strike",
    "the museum",
]
VERBS = [
    "would be deployed",
    "will reopen",
    "was approved",
    "had collapsed",
    "would rise",
    "was postponed",
    "will be completed",
    "was blocked",
    "has doubled",
    "was cancelled",
    "will be reviewed",
]
PLACES = [
    "Abkhazia",
    "South Ossetia",
    "Tbilisi",
    "Gudauta",
    "Ochamchire",
    "Java",
    "Tskhinvali",
    "Sokhumi",
    "Batumi",
    "Kutaisi",
    "Poti",
    "Gori",
    "Zugdidi",
    "Rustavi",
    "Telavi",
]
USERNAME = "bench-api-editor"


def _setup_django() -> None:
    use_bench_database(BENCH_DB)


def _load(n_claims: int) -> None:
    from django.core.management import call_command
    from django.db import connection
    from psycopg.types.json import Jsonb

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    rng = random.Random(20261128)  # benchmark data, not secrets
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor
        empty_for_load(cursor)
        n_sources = 5000
        kind_pool = [kind for kind, weight in KINDS for _ in range(weight)]
        kinds = {i: rng.choice(kind_pool) for i in range(1, n_sources + 1)}
        created = NOW - dt.timedelta(days=400)
        copy_table(
            cursor, "sources_source", ((i, f"Source {i}", kinds[i], "", None, created, created, 1) for i in kinds)
        )
        copy_table(cursor, "sources_sourcealias", ((i, i, f"Source {i}", f"source {i}", created) for i in kinds))
        publishers = [i for i in kinds if kinds[i] == "outlet"][:50]
        speakers = [i for i in kinds if kinds[i] != "outlet"]
        relays = [i for i in kinds if kinds[i] in ("news_agency", "outlet")]
        status_pool = [status for status, weight in STATUSES for _ in range(weight)]
        n_articles = (n_claims + CLAIMS_PER_ARTICLE - 1) // CLAIMS_PER_ARTICLE
        article_rows = []
        for a in range(1, n_articles + 1):
            published = (NOW - dt.timedelta(days=rng.randint(0, 365))).date()
            text = f"Bench article {a}. " + "Officials said the work continues. " * CLAIMS_PER_ARTICLE
            article_rows.append(
                (
                    a,
                    f"Bench article {a}",
                    f"https://news.example.org/{a}",
                    "",
                    rng.choice(publishers),
                    published,
                    "en",
                    text,
                    hashlib.sha256(text.encode()).hexdigest(),
                    "bench",
                    NOW,
                    None,
                    None,
                )
            )
        copy_table(cursor, "sources_article", article_rows)
        print(f"  {n_sources:,} sources, {n_articles:,} articles ({time.monotonic() - started:.0f} s)", flush=True)

        from django.contrib.auth import get_user_model

        reviewer_id = get_user_model().objects.get(username=USERNAME).pk
        hop_id = 0
        verdict_id = 0
        chunk = 100_000
        for first in range(1, n_claims + 1, chunk):
            claims, attributions, hops, verdicts = [], [], [], []
            for c in range(first, min(first + chunk, n_claims + 1)):
                article = (c - 1) // CLAIMS_PER_ARTICLE + 1
                position = (c - 1) % CLAIMS_PER_ARTICLE
                speaker = rng.choice(speakers)
                cue = rng.choice(CUES)
                text = f"{rng.choice(SUBJECTS).capitalize()} {rng.choice(VERBS)} in {rng.choice(PLACES)}, Source {speaker} {cue}."
                status = rng.choice(status_pool)
                when = NOW - dt.timedelta(minutes=n_claims - c)
                claims.append(
                    (
                        c,
                        article,
                        position,
                        position * 40,
                        position * 40 + 35,
                        text,
                        status,
                        round(rng.random(), 3),
                        Jsonb([]),
                        Jsonb([]),
                        None,
                        when,
                        when,
                        when if status != "unverified" else None,
                        1,
                    )
                )
                attributions.append(
                    (
                        c,
                        c,
                        0,
                        speaker,
                        f"Source {speaker}",
                        None,
                        None,
                        "minister" if kinds[speaker] == "person" else "",
                        cue,
                        None,
                        None,
                        "indirect",
                        Jsonb([]),
                        when.date(),
                        "day",
                        0.9,
                        "bench",
                        "machine",
                        None,
                        None,
                        Jsonb({}),
                        when,
                        when,
                        1,
                    )
                )
                if rng.random() < 0.2:
                    hop_id += 1
                    hops.append((hop_id, c, 0, rng.choice(relays), "according to", "", None, None))
                if status != "unverified":
                    verdict_id += 1
                    verdicts.append((verdict_id, c, None, "recorded", status, reviewer_id, "", when))
            copy_table(cursor, "claims_claim", claims)
            copy_table(cursor, "claims_attribution", attributions)
            copy_table(cursor, "claims_relayhop", hops)
            copy_table(cursor, "claims_verdict", verdicts)
            print(f"  {min(first + chunk - 1, n_claims):,} claims ({time.monotonic() - started:.0f} s)", flush=True)
        cursor.execute("SET session_replication_role = DEFAULT")
        for table in LOADED_TABLES:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), GREATEST((SELECT MAX(id) FROM {table}), 1))"  # noqa: S608
            )
    with connection.cursor() as wrapper:
        for table in LOADED_TABLES:
            wrapper.execute(f"VACUUM (ANALYZE) {table}")
    try:
        from reports.summary import backlog_rebuild, summary_rebuild

        summary_rebuild()
        backlog_rebuild()
    except ImportError:  # pragma: no cover - the reports app without a summary
        pass
    print(f"loaded {n_claims:,} claims in {time.monotonic() - started:.0f} s", flush=True)


def _bench_user_token() -> str:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from integrations.models import ApiToken
    from integrations.services import api_token_create

    user, _ = get_user_model().objects.get_or_create(username=USERNAME, defaults={"is_staff": True})
    user.groups.set(Group.objects.filter(name__in=["editor", "reviewer"]))
    ApiToken.objects.filter(user=user).delete()
    return api_token_create(user=user, name="benchmark", scope="read").plaintext


def wsgi_app() -> Any:
    """gunicorn entry point: the workbench plus /bench/bare, a bare DRF list of 20 rows (the baseline).

    The application is production's ``workbench.wsgi`` (start-up objects frozen out of the collector).
    """
    from workbench import wsgi  # sets Django up: the imports below need the app registry

    application = wsgi.application
    from django.conf import settings
    from django.urls import path
    from rest_framework import generics, permissions, serializers

    from sources.models import Source
    from workbench import urls

    class BareSerializer(serializers.ModelSerializer[Source]):
        class Meta:
            model = Source
            fields = ["id", "name", "kind"]

    class BareList(generics.ListAPIView[Source]):
        queryset = Source.objects.order_by("id")[:20]
        serializer_class = BareSerializer
        permission_classes = [permissions.IsAuthenticated]
        pagination_class = None
        throttle_classes: list[Any] = []

    if settings.DATABASES["default"]["NAME"] != BENCH_DB:
        raise SystemExit("run through benchmarks/api.py")
    urls.urlpatterns.insert(0, path("bench/bare", BareList.as_view()))
    return application


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start_gunicorn(port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    from django.conf import settings

    from workbench.config import database_url

    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url(settings.DATABASES["default"]),
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        SECRET_KEY=settings.SECRET_KEY,
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",
        BENCH_API_DATABASE=BENCH_DB,
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "benchmarks.api:wsgi_app()",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            probe.request("GET", "/healthz")
            if probe.getresponse().status == 200:
                probe.close()
                return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit("gunicorn did not start") from None
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start in 60 s")


def _load_worker(args: tuple[int, str, str, float, int]) -> list[float]:
    """One load-generating process: ``connections`` keep-alive connections in turn, for ``seconds``."""
    port, path, token, seconds, connections = args
    import threading

    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    errors: list[str] = []

    def run() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        mine = []
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException) as error:
                errors.append(f"{path}: {error!r}")
                break
            mine.append((time.perf_counter() - start) * 1000)
            if response.status != 200:
                errors.append(f"{path}: HTTP {response.status} {body[:200]!r}")
                break
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=run) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(errors[0])
    return latencies


def _drive(port: int, path: str, token: str, *, seconds: float, concurrency: int) -> tuple[float, float, float, int]:
    processes = max(1, min(concurrency, 2))
    per_process = [concurrency // processes + (1 if i < concurrency % processes else 0) for i in range(processes)]
    _load_worker((port, path, token, 1.0, 1))  # warm-up: connection, caches, plans
    started = time.monotonic()
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        results = pool.map(_load_worker, [(port, path, token, seconds, n) for n in per_process])
    elapsed = time.monotonic() - started
    latencies = sorted(value for result in results for value in result)
    p50 = statistics.median(latencies)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return p50, p99, len(latencies) / elapsed, len(latencies)


def _ids() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM claims_claim")
        last_claim = cursor.fetchone()[0]
        cursor.execute("SELECT id FROM sources_source WHERE kind = 'government' ORDER BY id LIMIT 1")
        government = cursor.fetchone()[0]
    return {"claim": last_claim // 2, "government": government}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--reload", action="store_true", help="load the data again even if the database has it")
    parser.add_argument("--seconds", type=float, default=8.0, help="load per endpoint (default 8 s)")
    parser.add_argument("--concurrency", type=int, default=4, help="concurrent connections (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    parser.add_argument("--threads", type=int, default=2, help="threads per gunicorn worker (default 2)")
    args = parser.parse_args()

    _setup_django()
    from django.core.management import call_command

    from claims.models import Claim

    call_command("migrate", verbosity=0)
    token = _bench_user_token()
    have = Claim.objects.count()
    if args.reload or have != args.claims:
        print(f"loading {args.claims:,} claims into {BENCH_DB} (found {have:,}) ...", flush=True)
        _load(args.claims)
        token = _bench_user_token()
    ids = _ids()
    endpoints = [
        ("claim list (first page of 20)", "/api/claims"),
        ("claim list, filtered", "/api/claims?status=contradicted&source_kind=government&checkworthiness_min=0.5"),
        ("claim list, full-text search", "/api/claims?q=ceasefire%20Tbilisi"),
        ("claim detail", f"/api/claims/{ids['claim']}"),
        ("report: unverified by speaker", "/api/reports/unverified/?by=speaker"),
        ("bare DRF list of 20 rows", "/bench/bare"),
    ]
    port = _free_port()
    server = _start_gunicorn(port, args.workers, args.threads)
    try:
        rows = []
        for label, path in endpoints:
            try:
                p50, p99, rps, count = _drive(port, path, token, seconds=args.seconds, concurrency=args.concurrency)
            except RuntimeError as error:  # one broken endpoint does not hide the others' figures
                print(f"  {label}: failed: {error}", flush=True)
                continue
            rows.append((label, path, p50, p99, rps, count))
            print(f"  {label}: p50 {p50:.1f} ms, p99 {p99:.1f} ms, {rps:.0f} req/s", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        f"\n{args.claims:,} claims; gunicorn {args.workers} workers × {args.threads} threads on 127.0.0.1; "
        f"{args.concurrency} concurrent keep-alive connections, {args.seconds:.0f} s per endpoint; "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
    )
    print(f"{'endpoint':36} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>8} {'requests':>9}")
    for label, _path, p50, p99, rps, count in rows:
        target = ""
        if label.startswith("claim"):
            target = "  ok" if p99 < TARGET_P99_MS else f"  over the {TARGET_P99_MS:.0f} ms target"
        print(f"{label:36} {p50:8.1f} {p99:8.1f} {rps:8.0f} {count:9d}{target}")
    print(
        json.dumps(
            {
                label: {"p50_ms": round(p50, 1), "p99_ms": round(p99, 1), "rps": round(rps)}
                for label, _p, p50, p99, rps, _c in rows
            }
        )
    )


if __name__ == "__main__":
    main()
