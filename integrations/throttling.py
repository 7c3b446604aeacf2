"""Rate limits: API writes per client, and password logins per address and per user name.

Counters live in Django's cache (per process with the default local-memory cache;
configure a shared cache to make them global across web workers).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class WriteRateThrottle(SimpleRateThrottle):
    """Unsafe methods (POST, PATCH, PUT, DELETE) per token, user or address; reads are not limited."""

    scope = "write"

    def get_rate(self) -> str | None:
        rate: str | None = settings.API_WRITE_THROTTLE_RATE
        return rate

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if request.method in SAFE_METHODS:
            return None
        from integrations.models import ApiToken

        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"ip-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


def _parse_rate(rate: str) -> tuple[int, int]:
    number, _, period = rate.partition("/")
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[:1]]
    return int(number), seconds


def login_attempt_allowed(*, address: str, username: str) -> bool:
    """Count one login attempt for the address and for the user name; False once either is over the rate."""
    limit, window = _parse_rate(settings.LOGIN_THROTTLE_RATE)
    allowed = True
    for key in (f"login-throttle:ip:{address}", f"login-throttle:user:{username.strip().lower()}"):
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            count = 1
        allowed = allowed and count <= limit
    return allowed


class ThrottledLoginView(auth_views.LoginView):
    """Django's login view with a per-address and per-user-name rate limit on POST (429 when exceeded)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        address = request.META.get("REMOTE_ADDR", "") or "unknown"
        username = str(request.POST.get("username", ""))
        if not login_attempt_allowed(address=address, username=username):
            response = HttpResponse(
                "Too many login attempts. Wait a minute and try again.", status=429, content_type="text/plain"
            )
            response["Retry-After"] = str(_parse_rate(settings.LOGIN_THROTTLE_RATE)[1])
            return response
        return super().post(request, *args, **kwargs)
