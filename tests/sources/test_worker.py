"""End to end through real Celery worker processes on the real broker (no eager mode)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db.models import Count
from django.utils import timezone
from rest_framework.test import APIClient

from claims.ingest import extract_document
from claims.models import Attribution, Claim
from sources import tasks
from sources.jobs import import_job_create
from sources.models import Article, ImportJob, ImportKind, ImportStatus, Source
from tests.conftest import CeleryWorker, wait_for

SEED = settings.DEMO_ARTICLE_PATH.read_text(encoding="utf-8")


def test_a_real_worker_imports_an_article_end_to_end(celery_worker: CeleryWorker) -> None:
    job = import_job_create(kind=ImportKind.TEXT, payload={"text": "Officials said the bridge would reopen in May."})

    wait_for(
        lambda: ImportJob.objects.get(pk=job.pk).is_finished,
        timeout=120,
        message=f"job {job.pk}\n{celery_worker.log()}",
    )
    job.refresh_from_db()
    assert job.status == ImportStatus.SUCCEEDED, job.error
    assert "sources.tasks.import_job_run[" in celery_worker.log()


def _engine_view(document: dict[str, Any]) -> list[list[tuple[Any, ...]]]:
    return [
        [
            (
                a["speaker"]["name"] if a.get("speaker") else None,
                (a.get("cue") or {}).get("text") or "",
                a.get("quote") or "none",
                tuple(hop["name"] for hop in a.get("via") or []),
            )
            for a in sentence["attributions"]
        ]
        for sentence in document["sentences"]
    ]


def _stored_view(article: Article) -> list[list[tuple[Any, ...]]]:
    return [
        [
            (
                a.speaker.name if a.speaker else None,
                a.cue_text,
                a.quote_kind,
                tuple(h.source.name for h in a.relay_hops.all()),
            )
            for a in claim.attributions.all()
        ]
        for claim in Claim.objects.filter(article=article)
        .order_by("position")
        .prefetch_related("attributions__speaker", "attributions__relay_hops__source")
    ]


def test_the_seed_article_imported_through_the_api_has_the_engines_sixteen_attributed_claims(
    celery_worker: CeleryWorker, reviewer: Any
) -> None:
    # A transactional test starts from a flushed database: the role groups the migrations made are gone.
    reviewer.groups.add(Group.objects.get_or_create(name="reviewer")[0])
    client = APIClient()
    client.force_login(reviewer)
    response = client.post(
        "/api/imports/",
        {
            "kind": "text",
            "text": SEED,
            "title": "Russia to keep 7,600 troops",
            "publisher": "Civil Georgia",
            "published": "2008-09-09",
        },
        format="json",
    )
    assert response.status_code == 201
    job_id = response.json()["id"]

    wait_for(
        lambda: client.get(f"/api/imports/{job_id}/").json()["status"] in ("succeeded", "failed"),
        timeout=120,
        message=f"job {job_id}\n{celery_worker.log()}",
    )
    job = client.get(f"/api/imports/{job_id}/").json()

    assert job["status"] == "succeeded", job["error"]
    assert job["progress"]["sentences_done"] == job["progress"]["sentences_total"] == 16
    article = Article.objects.get(pk=job["article"])
    assert article.claims.count() == 16
    expected = extract_document(text=SEED, published=dt.date(2008, 9, 9), publisher="Civil Georgia")
    assert _stored_view(article) == _engine_view(expected)
    first = Attribution.objects.filter(claim__article=article, claim__position=0).select_related("speaker").get()
    assert first.speaker is not None and first.speaker.name == "Anatoly Serdyukov"


@pytest.fixture
def purged_queue(transactional_db: None) -> Iterator[None]:
    from workbench.celery import app

    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge(settings.CELERY_TASK_DEFAULT_QUEUE)
    yield


def test_a_job_whose_worker_is_killed_finishes_exactly_once_on_a_new_worker(
    purged_queue: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Short leases in the workers (the reaper takes a job back once its lease expires).
    monkeypatch.setenv("IMPORT_LEASE_SECONDS", "2")
    count = 12
    texts = [SEED.replace("7,600", f"7,{600 + i}") for i in range(count)]
    first = CeleryWorker(tmp_path / "first.log")
    first.start()
    try:
        job = import_job_create(kind=ImportKind.BULK, payload={"items": [{"text": t} for t in texts]})
        wait_for(lambda: ImportJob.objects.get(pk=job.pk).items_done >= 2, timeout=120, message=first.log())
    finally:
        first.kill()
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING and job.items_done < count

    # The broker will not redeliver for an hour (visibility timeout): the reaper re-queues and re-sends the job.
    wait_for(lambda: ImportJob.objects.lease_expired(timezone.now()).filter(pk=job.pk).exists(), timeout=30)
    assert tasks.import_jobs_reap() == [job.pk]
    second = CeleryWorker(tmp_path / "second.log")
    second.start()
    try:
        wait_for(lambda: ImportJob.objects.get(pk=job.pk).is_finished, timeout=240, message=second.log())
    finally:
        second.stop()

    job.refresh_from_db()
    assert job.status == ImportStatus.SUCCEEDED, job.error
    assert job.attempts == 2 and (job.items_done, job.items_total) == (count, count)
    assert [r["index"] for r in job.results] == list(range(count))
    assert all(r["created"] for r in job.results)
    assert Article.objects.count() == count
    assert Claim.objects.count() == 16 * count
    assert not Article.objects.annotate(n=Count("claims")).exclude(n=16).exists()
    assert not Source.objects.values("name").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert Source.objects.canonical().filter(name__icontains="Lavrov").count() == 1
