"""Webhook deliveries: queued inside the caller's transaction, sent after commit, signed, retried, logged.

A delivery's body is ``{"id", "event", "created_at", "data"}``.  Headers:
``X-Workbench-Event``, ``X-Workbench-Delivery`` (the delivery id: receivers
de-duplicate on it, since a retry may repeat a delivery that actually arrived),
``X-Workbench-Timestamp`` and ``X-Workbench-Signature: sha256=<hex>``, the
HMAC-SHA256 of ``<timestamp>.<body>`` with the subscription's secret.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from typing import Any

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from integrations.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookSubscription

SIGNATURE_HEADER = "X-Workbench-Signature"
TIMESTAMP_HEADER = "X-Workbench-Timestamp"


def sign(*, secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify(*, secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    """For receivers (and tests): constant-time check of a delivery's signature."""
    return hmac.compare_digest(sign(secret=secret, timestamp=timestamp, body=body), signature)


def webhook_deliveries_create(*, event: str, payload: dict[str, Any]) -> list[WebhookDelivery]:
    """Create a delivery for each active subscription to ``event``; each is sent after the transaction commits."""
    from integrations.tasks import webhook_deliver

    subscriptions = WebhookSubscription.objects.filter(active=True, event_types__contains=[event])
    deliveries = [
        WebhookDelivery.objects.create(subscription=subscription, event=event, payload=payload)
        for subscription in subscriptions
    ]
    for delivery in deliveries:
        delivery_id = delivery.pk
        transaction.on_commit(lambda delivery_id=delivery_id: webhook_deliver.delay(delivery_id))  # type: ignore[misc]
    return deliveries


def backoff_seconds(attempt: int) -> int:
    """Seconds before attempt ``attempt + 1``: base × 2^(attempt-1), capped at one hour."""
    base = int(settings.WEBHOOK_RETRY_BACKOFF_SECONDS)
    return int(min(3600, base * 2 ** max(0, attempt - 1)))


@dataclass(frozen=True)
class AttemptResult:
    delivery: WebhookDelivery
    succeeded: bool
    retry: bool


def webhook_delivery_attempt(*, delivery_id: int) -> AttemptResult | None:
    """POST one delivery once and log the attempt.  None when it is no longer pending (already done)."""
    delivery = WebhookDelivery.objects.select_related("subscription").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return None
    subscription = delivery.subscription
    number = delivery.attempts + 1
    body = json.dumps(
        {
            "id": delivery.pk,
            "event": delivery.event,
            "created_at": delivery.created_at.isoformat(),
            "data": delivery.payload,
        },
        sort_keys=True,
        separators=(",", ":"),
    ).encode("utf-8")
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "AttributionWorkbench-Webhooks/1.0",
        "X-Workbench-Event": delivery.event,
        "X-Workbench-Delivery": str(delivery.pk),
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: sign(secret=subscription.secret, timestamp=timestamp, body=body),
    }
    code: int | None = None
    error = ""
    started = time.monotonic()
    try:
        response = requests.post(
            subscription.url,
            data=body,
            headers=headers,
            timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
            allow_redirects=False,
        )
        code = response.status_code
        if not 200 <= code < 300:
            error = f"HTTP {code}: {response.text[:500]}"
    except requests.RequestException as exc:
        error = f"{type(exc).__name__}: {exc}"[:1000]
    duration = int((time.monotonic() - started) * 1000)
    succeeded = code is not None and 200 <= code < 300
    give_up = not succeeded and number >= settings.WEBHOOK_MAX_ATTEMPTS
    with transaction.atomic():
        WebhookAttempt.objects.create(
            delivery=delivery, number=number, response_code=code, error=error, duration_ms=duration
        )
        changes: dict[str, Any] = {"attempts": F("attempts") + 1, "last_response_code": code}
        if succeeded:
            changes.update(status=DeliveryStatus.SUCCEEDED, delivered_at=timezone.now())
        elif give_up:
            changes["status"] = DeliveryStatus.FAILED
        WebhookDelivery.objects.filter(
            pk=delivery.pk, status=DeliveryStatus.PENDING, attempts=delivery.attempts
        ).update(**changes)
    delivery.refresh_from_db()
    return AttemptResult(delivery=delivery, succeeded=succeeded, retry=not succeeded and not give_up)


def webhook_ping(*, subscription: WebhookSubscription) -> WebhookDelivery:
    """Queue a test delivery ("ping") to one subscription regardless of its events."""
    from integrations.tasks import webhook_deliver

    with transaction.atomic():
        delivery = WebhookDelivery.objects.create(
            subscription=subscription, event="ping", payload={"subscription": subscription.pk}
        )
        transaction.on_commit(lambda: webhook_deliver.delay(delivery.pk))
    return delivery
