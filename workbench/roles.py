"""Roles: reviewer (verdicts, corrections), editor (also sign-off, merges, feeds, assignments), admin.

A role is a Django group; an editor is also a reviewer; a superuser is an admin.
"""

from __future__ import annotations

from typing import Any

REVIEWER = "reviewer"
EDITOR = "editor"
ADMIN = "admin"


def user_roles(user: Any) -> set[str]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    names = {group.name for group in user.groups.all()}
    roles = names & {REVIEWER, EDITOR}
    if user.is_superuser:
        roles |= {ADMIN, EDITOR, REVIEWER}
    if EDITOR in roles:
        roles.add(REVIEWER)
    return roles


def is_reviewer(user: Any) -> bool:
    return REVIEWER in user_roles(user)


def is_editor(user: Any) -> bool:
    return EDITOR in user_roles(user)
