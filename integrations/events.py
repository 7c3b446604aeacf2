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
    """Queue webhook deliveries for ``event`` (filled in by the webhooks feature)."""
    if event not in EVENTS:
        raise ValueError(f"unknown event {event!r}")
