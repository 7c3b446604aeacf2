from __future__ import annotations

from django.urls import URLPattern, path

from reports import api

urlpatterns: list[URLPattern] = [
    path("reports/unverified/", api.UnverifiedReportView.as_view(), name="report-unverified"),
    path("reports/backlog/", api.BacklogReportView.as_view(), name="report-backlog"),
    path("reports/sources/", api.SourceTrackRecordView.as_view(), name="report-sources"),
    path("reports/reviewers/", api.ReviewerThroughputView.as_view(), name="report-reviewers"),
    path("reports/extractor/", api.ExtractorAccuracyView.as_view(), name="report-extractor"),
    path("reports/claims/", api.ReportClaimsView.as_view(), name="report-claims"),
]
