"""Admin building blocks shared by the apps."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.http import HttpRequest

if TYPE_CHECKING:
    _TabularInline = admin.TabularInline[Any, Any]
else:  # the admin classes are not subscriptable at run time
    _TabularInline = admin.TabularInline


class ReadOnlyInline(_TabularInline):
    """Rows shown beside their parent that the admin never adds or deletes
    (subclasses list ``readonly_fields`` so nothing is changed either)."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
