"""Database-enforced audit trail.

``audited()`` tracks a model with django-pghistory triggers: every insert,
update and delete (including ``QuerySet.update()`` and raw SQL) writes an event
row with the before/after snapshot and the context (user, URL or service
action) set by ``pghistory.context``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pghistory

ModelT = TypeVar("ModelT")


def audited() -> Callable[[ModelT], ModelT]:
    return pghistory.track(  # type: ignore[no-any-return]
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
    )
