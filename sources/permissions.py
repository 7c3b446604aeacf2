"""Who may import and who may manage feeds (reviewers import; feeds are editors' business)."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission

from workbench.roles import is_editor, is_reviewer


class CanImport(BasePermission):
    """Anyone signed in may read their jobs; only reviewers and editors start imports."""

    message = "Only reviewers and editors can start imports."

    def has_permission(self, request: Any, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or is_reviewer(request.user)


class IsEditor(BasePermission):
    message = "Only editors can manage feeds."

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and is_editor(request.user))
