"""Who may import: reviewers and editors (feeds follow the API policy table, integrations/policy.py)."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission

from workbench.roles import is_reviewer


class CanImport(BasePermission):
    """Reviewers and editors start imports and follow them (a reviewer sees their own jobs, an editor all)."""

    message = "Only reviewers and editors can import."

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and is_reviewer(request.user))
