"""Routes under /api/: imports/ (jobs) and feeds/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from sources.api import FeedViewSet, ImportJobViewSet

router = SimpleRouter()
router.register("imports", ImportJobViewSet, basename="import")
router.register("feeds", FeedViewSet, basename="feed")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
