"""End-to-end import throughput against the extraction engine alone, on the same texts.

    .venv/bin/python benchmarks/imports.py [N] [--batch B]

Imports N articles (the seed article with a different troop number in each, so
every text is new) as bulk jobs of B articles through a real Celery worker
process, into a scratch database that is created, migrated and dropped again,
and prints articles/s and sentences/s for the whole pipeline (queue, claim,
extraction, source resolution, batched writes, audit triggers, progress) and
for the engine alone on the same texts in this process, and their ratio.
The engine is timed before and after the pipeline and the mean is used, as the
machine's load drifts.  It uses the configured (or embedded) PostgreSQL and
Redis; nothing else is needed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
QUEUE = f"workbench-benchmark-{os.getpid()}"
os.environ["CELERY_QUEUE"] = QUEUE
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from workbench.config import database_url  # noqa: E402

SCRATCH_DATABASE = "benchmark_imports"


def texts(count: int) -> list[str]:
    seed = settings.DEMO_ARTICLE_PATH.read_text(encoding="utf-8")
    assert seed.count("7,600") == 1
    return [seed.replace("7,600", f"{7000 + i:,}") for i in range(count)]


def engine_only(corpus: list[str]) -> tuple[float, int]:
    """Seconds and sentences for the engine on every text, the same call the import makes."""
    import datetime as dt

    from claims.ingest import extract_document

    start = time.perf_counter()
    sentences = 0
    for text in corpus:
        document = extract_document(text=text, published=dt.date(2008, 9, 9), publisher="Civil Georgia")
        sentences += len(document["sentences"])
    return time.perf_counter() - start, sentences


class Worker:
    def __init__(self, log: Path) -> None:
        env = dict(os.environ)
        env.update(
            DATABASE_URL=database_url(connection.settings_dict),
            CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
            SECRET_KEY=settings.SECRET_KEY,
            CELERY_QUEUE=QUEUE,
        )
        self.log = log
        self.handle = open(log, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "workbench",
                "worker",
                "--loglevel",
                "WARNING",
                "--concurrency",
                "1",
                "--pool",
                "prefork",
                "--queues",
                QUEUE,
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.handle,
            stderr=subprocess.STDOUT,
        )

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.handle.close()


def wait_finished(job_id: int, *, timeout: float, worker: Worker) -> Any:
    from sources.models import ImportJob

    deadline = time.monotonic() + timeout
    while True:
        job = ImportJob.objects.get(pk=job_id)
        if job.is_finished:
            return job
        if worker.process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"import job {job_id} did not finish; worker log:\n{worker.log.read_text()[-3000:]}")
        time.sleep(0.2)


def pipeline(corpus: list[str], batch: int, log: Path) -> tuple[float, int]:
    from sources.jobs import import_job_create
    from sources.models import ImportKind, ImportStatus

    worker = Worker(log)
    try:
        # Warm-up (the worker loads the spaCy model once), not timed.
        warm = import_job_create(
            kind=ImportKind.TEXT, payload={"text": "Officials said the bridge would reopen in May."}
        )
        wait_finished(warm.pk, timeout=180, worker=worker)
        start = time.perf_counter()
        job_ids = [
            import_job_create(
                kind=ImportKind.BULK,
                payload={
                    "items": [
                        {"text": text, "published": "2008-09-09", "publisher": "Civil Georgia"}
                        for text in corpus[i : i + batch]
                    ]
                },
            ).pk
            for i in range(0, len(corpus), batch)
        ]
        jobs = [wait_finished(job_id, timeout=60 + 10 * len(corpus), worker=worker) for job_id in job_ids]
        elapsed = time.perf_counter() - start
    finally:
        worker.stop()
    failed = [job for job in jobs if job.status != ImportStatus.SUCCEEDED]
    if failed:
        raise SystemExit(f"import failed: {failed[0].error}")
    return elapsed, sum(job.sentences_done for job in jobs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", nargs="?", type=int, default=40, help="articles to import (default 40)")
    parser.add_argument("--batch", type=int, default=0, help="articles per bulk job (default: all in one job)")
    args = parser.parse_args()
    corpus = texts(args.n)
    batch = args.batch or args.n

    connection.settings_dict["TEST"]["NAME"] = SCRATCH_DATABASE
    print(f"creating scratch database {SCRATCH_DATABASE} ...", file=sys.stderr)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        from claims.models import Claim
        from sources.models import Article

        engine_only(corpus[:2])  # load the model in this process
        before, engine_sentences = engine_only(corpus)
        log = ROOT / "var" / "benchmark-imports-worker.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        elapsed, pipeline_sentences = pipeline(corpus, batch, log)
        after, _ = engine_only(corpus)
        assert Article.objects.count() == args.n + 1, "every article stored once (plus the warm-up)"
        assert Claim.objects.count() == pipeline_sentences + 1
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    engine_seconds = (before + after) / 2
    ratio = engine_seconds / elapsed
    print(f"articles: {args.n} ({engine_sentences} sentences), bulk jobs of {batch}, one worker process")
    print(
        f"engine only : {args.n / engine_seconds:8.2f} articles/s {engine_sentences / engine_seconds:9.1f} sentences/s"
        f"  ({before:.2f}s before, {after:.2f}s after the pipeline)"
    )
    print(
        f"pipeline    : {args.n / elapsed:8.2f} articles/s {pipeline_sentences / elapsed:9.1f} sentences/s  ({elapsed:.2f}s)"
    )
    print(f"pipeline / engine throughput: {ratio:.1%} (target >= 80%; storage and queue overhead {1 / ratio - 1:.1%})")


if __name__ == "__main__":
    main()
