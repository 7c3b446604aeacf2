"""Webhook delivery task: takes a delivery id, makes one attempt, schedules the next with backoff."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from integrations.webhooks import backoff_seconds, webhook_delivery_attempt


@shared_task(bind=True, acks_late=True, max_retries=None, ignore_result=True)  # type: ignore[untyped-decorator]
def webhook_deliver(self: Any, delivery_id: int) -> None:
    result = webhook_delivery_attempt(delivery_id=delivery_id)
    if result is not None and result.retry:
        # The attempt count lives in the database; the task only carries the id.
        raise self.retry(countdown=backoff_seconds(result.delivery.attempts))
