"""The REST API under /api/: each app contributes its routes."""

from __future__ import annotations

from django.urls import include, path

urlpatterns = [
    path("", include("sources.api_urls")),
]
