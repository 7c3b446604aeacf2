"""Celery tasks: thin wrappers that take ids and call one service."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction

from sources import jobs


@shared_task(acks_late=True, reject_on_worker_lost=True)
def import_job_run(job_id: int) -> None:
    jobs.import_job_execute(job_id=job_id)


@shared_task
def import_jobs_reap() -> list[int]:
    requeued = jobs.import_jobs_reap()
    for job_id in requeued:
        transaction.on_commit(lambda job_id=job_id: import_job_run.delay(job_id))
    return requeued
