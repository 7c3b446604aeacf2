"""Checks that a page loads nothing from another host (pages must work without a CDN)."""

from __future__ import annotations

import re

# src/href of the tags that make a browser fetch something.
_FETCHING = re.compile(
    r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*?\b(?:src|href)\s*=\s*[\"']([^\"']*)[\"']", re.I
)


def external_assets(page: str) -> list[str]:
    """Addresses the page fetches from another host (absolute or protocol-relative)."""
    return [url for url in _FETCHING.findall(page) if re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url, re.I)]
