"""Keep the report summary warm: reports refresh it themselves, this spares them a large catch-up."""

from __future__ import annotations

from celery import shared_task

from reports.summary import summary_refresh


# Celery ships no type information: its decorators make functions untyped to mypy.
@shared_task(acks_late=True)  # type: ignore[untyped-decorator]
def report_summary_refresh() -> int:
    """Recompute the counts of articles changed since the last refresh (idempotent; one refresh at a time)."""
    return summary_refresh()
