from __future__ import annotations

from django.urls import URLPattern, path

from reports import views

app_name = "reports"
urlpatterns: list[URLPattern] = [
    path("", views.unverified, name="index"),
    path("unverified.csv", views.unverified_csv, name="unverified_csv"),
    path("backlog/", views.backlog, name="backlog"),
    path("backlog.csv", views.backlog_csv, name="backlog_csv"),
    path("sources/", views.sources, name="sources"),
    path("sources.csv", views.sources_csv, name="sources_csv"),
    path("reviewers/", views.reviewers, name="reviewers"),
    path("reviewers.csv", views.reviewers_csv, name="reviewers_csv"),
    path("extractor/", views.extractor, name="extractor"),
    path("extractor.csv", views.extractor_csv, name="extractor_csv"),
    path("claims/", views.claims, name="claims"),
    path("claims.csv", views.claims_csv, name="claims_csv"),
]
