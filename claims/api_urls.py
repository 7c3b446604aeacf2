"""Routes of the claims, articles, attributions, verdicts, ClaimReview, sources, tokens and webhooks API."""

from __future__ import annotations

from rest_framework.routers import SimpleRouter

from claims import api
from integrations.api import ApiTokenViewSet, WebhookSubscriptionViewSet
from sources.source_api import SourceViewSet

router = SimpleRouter(trailing_slash=False)
router.register("articles", api.ArticleViewSet, basename="article")
router.register("claims", api.ClaimViewSet, basename="claim")
router.register("claimreviews", api.ClaimReviewFeedViewSet, basename="claimreview")
router.register("attributions", api.AttributionViewSet, basename="attribution")
router.register("verdicts", api.VerdictViewSet, basename="verdict")
router.register("sources", SourceViewSet, basename="source")
router.register("tokens", ApiTokenViewSet, basename="token")
router.register("webhooks", WebhookSubscriptionViewSet, basename="webhook")

urlpatterns = router.urls
