"""Webhooks: signed JSON deliveries through a real Celery worker to a local receiver, retried and logged."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.db import transaction

from claims.models import Verdict
from integrations import events
from integrations.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from integrations.webhooks import SIGNATURE_HEADER, TIMESTAMP_HEADER, backoff_seconds, verify
from tests.api.conftest import session_client
from tests.conftest import wait_for

SECRET = "a-long-shared-secret-for-the-cms"


class Receiver:
    """A newsroom tool's endpoint on 127.0.0.1: answers the queued status codes, then 200, and records requests."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = list(statuses)
        self.requests: list[dict[str, Any]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok" if status == 200 else b"try again")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/workbench"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fast_retry_worker(transactional_db, request, monkeypatch):
    # The worker process reads its settings from the environment at start.
    monkeypatch.setenv("WEBHOOK_RETRY_BACKOFF_SECONDS", "1")
    return request.getfixturevalue("celery_worker")


@pytest.mark.celery_worker
def test_verdict_webhook_is_signed_retried_after_a_500_and_logged(
    fast_retry_worker, editor, reviewer, admin_user, claim
):
    with Receiver([500]) as receiver:
        admin = session_client(admin_user)
        created = admin.post(
            "/api/webhooks",
            {"name": "CMS", "url": receiver.url, "event_types": ["verdict.recorded"], "secret": SECRET},
            format="json",
        )
        assert created.status_code == 201, created.content
        client = session_client(reviewer)
        etag = client.get(f"/api/claims/{claim.pk}")["ETag"]
        recorded = client.post(
            f"/api/claims/{claim.pk}/verdicts", {"value": "unverifiable"}, format="json", HTTP_IF_MATCH=etag
        )
        assert recorded.status_code == 201, recorded.content

        delivery = WebhookDelivery.objects.get()
        try:
            wait_for(
                lambda: WebhookDelivery.objects.get(pk=delivery.pk).status == DeliveryStatus.SUCCEEDED,
                timeout=60,
                message="the webhook delivery to succeed",
            )
        except AssertionError:
            raise AssertionError(fast_retry_worker.log()[-5000:]) from None

    assert len(receiver.requests) == 2
    for sent in receiver.requests:
        headers = sent["headers"]
        assert verify(
            secret=SECRET, timestamp=headers[TIMESTAMP_HEADER], body=sent["body"], signature=headers[SIGNATURE_HEADER]
        )
        assert not verify(
            secret="wrong-secret",
            timestamp=headers[TIMESTAMP_HEADER],
            body=sent["body"],
            signature=headers[SIGNATURE_HEADER],
        )
        assert headers["Content-Type"] == "application/json"
        assert headers["X-Workbench-Event"] == "verdict.recorded"
        assert headers["X-Workbench-Delivery"] == str(delivery.pk)
    body = json.loads(receiver.requests[1]["body"])
    verdict = Verdict.objects.get()
    assert body["event"] == "verdict.recorded"
    assert body["data"] == {"claim": claim.pk, "verdict": verdict.pk, "value": "unverifiable", "action": "recorded"}

    log = session_client(admin_user).get(f"/api/webhooks/{created.json()['id']}/deliveries").json()["results"]
    assert len(log) == 1
    assert log[0]["status"] == "succeeded"
    assert log[0]["attempts"] == 2
    assert [(a["number"], a["response_code"]) for a in log[0]["attempt_log"]] == [(1, 500), (2, 200)]
    assert "try again" in log[0]["attempt_log"][0]["error"]


def test_emit_creates_deliveries_only_for_active_matching_subscriptions_and_only_on_commit(
    db, django_capture_on_commit_callbacks
):
    wanted = WebhookSubscription.objects.create(
        name="a", url="https://a.example.org", event_types=["claim.status_changed"], secret="s" * 20
    )
    WebhookSubscription.objects.create(
        name="b", url="https://b.example.org", event_types=["import.finished"], secret="s" * 20
    )
    WebhookSubscription.objects.create(
        name="c", url="https://c.example.org", event_types=["claim.status_changed"], secret="s" * 20, active=False
    )
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        events.emit("claim.status_changed", {"claim": 1, "from": "unverified", "to": "disputed"})
    assert [d.subscription_id for d in WebhookDelivery.objects.all()] == [wanted.pk]
    assert len(callbacks) == 1


def test_emit_inside_a_rolled_back_transaction_leaves_no_delivery(db):
    WebhookSubscription.objects.create(
        name="a", url="https://a.example.org", event_types=["import.finished"], secret="s" * 20
    )
    with pytest.raises(RuntimeError), transaction.atomic():
        events.emit("import.finished", {"job": 1})
        raise RuntimeError("the import failed after all")
    assert WebhookDelivery.objects.count() == 0


def test_unknown_events_are_refused(db):
    with pytest.raises(ValueError, match="unknown event"):
        events.emit("verdict.deleted", {})


def test_backoff_doubles_and_is_capped(settings):
    settings.WEBHOOK_RETRY_BACKOFF_SECONDS = 30
    assert [backoff_seconds(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert backoff_seconds(20) == 3600


def test_a_delivery_gives_up_after_the_last_attempt(db, settings):
    from integrations.webhooks import webhook_delivery_attempt

    settings.WEBHOOK_MAX_ATTEMPTS = 2
    with Receiver([500, 503]) as receiver:
        subscription = WebhookSubscription.objects.create(
            name="a", url=receiver.url, event_types=["import.finished"], secret="s" * 20
        )
        delivery = WebhookDelivery.objects.create(
            subscription=subscription, event="import.finished", payload={"job": 3}
        )
        first = webhook_delivery_attempt(delivery_id=delivery.pk)
        second = webhook_delivery_attempt(delivery_id=delivery.pk)
    assert first is not None and first.retry
    assert second is not None and not second.retry
    assert second.delivery.status == DeliveryStatus.FAILED
    assert second.delivery.last_response_code == 503
    assert webhook_delivery_attempt(delivery_id=delivery.pk) is None
