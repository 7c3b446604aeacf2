"""The API's routes and methods, read from the URL resolver (not from a hand-kept list)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

HTTP_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str  # e.g. "api/^claims/(?P<pk>[^/.]+)/verdicts$"
    methods: tuple[str, ...]  # upper case

    def path(self, pk: object = None) -> str:
        path = self.pattern.replace("^", "").replace("$", "")
        path = re.sub(r"\(\?P<\w+>[^)]*\)", str(pk), path)
        return "/" + path

    @property
    def has_pk(self) -> bool:
        return "(?P<pk>" in self.pattern


def _walk(patterns: list[URLPattern | URLResolver], prefix: str = "") -> list[tuple[str, URLPattern]]:
    found: list[tuple[str, URLPattern]] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found.extend(_walk(pattern.url_patterns, prefix + str(pattern.pattern)))
        else:
            found.append((prefix + str(pattern.pattern), pattern))
    return found


def _methods(pattern: URLPattern) -> tuple[str, ...]:
    callback = pattern.callback
    actions = getattr(callback, "actions", None)
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    allowed = set(getattr(view_class, "http_method_names", HTTP_METHODS))
    if actions is not None:
        methods = [m for m in actions if m in allowed]
    else:
        methods = [m for m in HTTP_METHODS if m in allowed and hasattr(view_class, m)]
    return tuple(sorted(m.upper() for m in methods if m in HTTP_METHODS))


def api_routes() -> list[Route]:
    routes = []
    for pattern_text, pattern in _walk(get_resolver().url_patterns):
        if not pattern_text.startswith("api/") or pattern.name is None:
            continue
        if "(?P<format>" in pattern_text:
            continue
        routes.append(Route(pattern.name, pattern_text, _methods(pattern)))
    return routes
