"""Celery tasks: thin wrappers that take ids and call one service.

Delivering a task twice is harmless: the service claims the job with a
conditional update, so the second delivery finds it no longer queued.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task

from sources import jobs


# Celery ships no type information: its decorators make functions untyped to mypy.
@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)  # type: ignore[untyped-decorator]
def import_job_run(self: Any, job_id: int) -> None:
    try:
        jobs.import_job_execute(job_id=job_id)
    except jobs.JobRetry as retry:
        # The job row counts attempts and gives up after IMPORT_MAX_ATTEMPTS; the countdown has jitter.
        raise self.retry(countdown=retry.countdown, exc=retry) from None


@shared_task(acks_late=True)  # type: ignore[untyped-decorator]
def import_jobs_reap() -> list[int]:
    """Re-queue jobs whose worker died (lease expired) and send them to a worker again."""
    requeued = jobs.import_jobs_reap()
    for job_id in requeued:
        import_job_run.delay(job_id)
    return requeued


@shared_task(acks_late=True)  # type: ignore[untyped-decorator]
def feeds_poll_due() -> list[int]:
    """Queue a poll job for every feed that is due (beat runs this every minute)."""
    from sources.feeds import feeds_poll_due as poll_due

    return [job.pk for job in poll_due()]
