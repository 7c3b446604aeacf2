"""Permission classes driven by the policy table (integrations/policy.py)."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from integrations import policy
from workbench.roles import user_roles


def route_name(request: Request) -> str:
    match = getattr(request, "resolver_match", None) or getattr(request._request, "resolver_match", None)
    return (match.url_name or "") if match is not None else ""


def token_scope(request: Request) -> str | None:
    from integrations.models import ApiToken

    return request.auth.scope if isinstance(request.auth, ApiToken) else None


class PolicyPermission(BasePermission):
    """Allow a request exactly when ``policy.is_allowed`` does for its route, method, roles and token scope."""

    message = "your role or token scope does not allow this request"

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method not in getattr(view, "allowed_methods", ()):
            return True  # the view answers 405 Method Not Allowed
        user = request.user
        return policy.is_allowed(
            route=route_name(request),
            method=request.method or "GET",
            roles=user_roles(user),
            token_scope=token_scope(request),
            authenticated=bool(user and user.is_authenticated),
        )
