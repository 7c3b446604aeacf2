"""Domain events for webhooks.

Services call ``emit`` inside their transaction when something a newsroom tool may
care about happens; deliveries are queued after commit.  Event names:
``verdict.recorded``, ``claim.status_changed``, ``attribution.corrected``,
``import.finished``.  The payload is JSON-serialisable and names ids, not objects.
"""

from __future__ import annotations

from typing import Any

EVENTS = ("verdict.recorded", "claim.status_changed", "attribution.corrected", "import.finished")


def emit(event: str, payload: dict[str, Any]) -> None:
    """Create a delivery row for every active subscription to ``event``; each is sent after commit.

    Called inside the caller's transaction: if it rolls back, so do the deliveries.
    """
    if event not in EVENTS:
        raise ValueError(f"unknown event {event!r}")
    from integrations.webhooks import webhook_deliveries_create

    webhook_deliveries_create(event=event, payload=payload)
