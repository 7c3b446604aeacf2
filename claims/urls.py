from __future__ import annotations

from django.urls import URLPattern, path

from claims import views

app_name = "claims"
urlpatterns: list[URLPattern] = [
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("articles/<int:pk>/assign/", views.article_assign, name="article_assign"),
    path("claims/search/", views.claim_search, name="search"),
    path("claims/<int:pk>/", views.claim_detail, name="claim"),
    path("claims/<int:pk>/panel/", views.claim_panel, name="panel"),
    path("claims/<int:pk>/verdicts/", views.verdict_create, name="verdict_create"),
    path("claims/<int:pk>/sign-off/", views.verdict_sign_off, name="verdict_sign_off"),
    path("claims/<int:pk>/retract/", views.verdict_retract, name="verdict_retract"),
    path("claims/<int:pk>/assign/", views.claim_assign, name="claim_assign"),
    path("attributions/<int:pk>/", views.attribution_correct, name="attribution_correct"),
    path("evidence/<int:pk>/document/", views.evidence_document, name="evidence_document"),
    path("sources/<int:pk>/", views.source_detail, name="source"),
    path("sources/<int:pk>/merge/", views.source_merge_view, name="source_merge"),
]
