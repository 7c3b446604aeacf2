"""End to end through a real Celery worker process on the real broker (no eager mode)."""

from __future__ import annotations

from django.conf import settings

from sources.jobs import import_job_create
from sources.models import ImportJob, ImportKind, ImportStatus
from tests.conftest import CeleryWorker, wait_for


def test_a_real_worker_imports_an_article_end_to_end(celery_worker: CeleryWorker) -> None:
    text = settings.DEMO_ARTICLE_PATH.read_text(encoding="utf-8")

    job = import_job_create(kind=ImportKind.TEXT, payload={"text": text, "published": "2008-09-09"})

    wait_for(
        lambda: ImportJob.objects.get(pk=job.pk).is_finished, timeout=120, message=f"job {job.pk}\n{celery_worker.log()}"
    )
    job.refresh_from_db()
    assert job.status == ImportStatus.SUCCEEDED, job.error
    assert job.article is not None
    assert job.article.claims.count() == 16
    assert "sources.tasks.import_job_run[" in celery_worker.log()
