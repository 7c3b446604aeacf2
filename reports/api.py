"""Report endpoints under /api/reports/ (editors only): the same selectors as the pages, as JSON."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django import forms
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from integrations.permissions import PolicyPermission
from reports import selectors
from reports.forms import ClaimListForm, GroupingForm, ReportFilterForm
from reports.selectors import ReportFilters
from workbench.roles import is_editor


class IsEditor(BasePermission):
    message = "reports are for editors"

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_editor(request.user)


FILTER_PARAMETERS = [
    OpenApiParameter(
        "date_from", str, description="YYYY-MM-DD: articles published from this date (time axis for backlog/reviewers)"
    ),
    OpenApiParameter("date_to", str, description="YYYY-MM-DD: articles published up to this date"),
    OpenApiParameter("publisher", int, description="publisher source id (sources merged into it included)"),
]


def _filters(request: Request) -> ReportFilters:
    form = ReportFilterForm(request.query_params)
    if not form.is_valid():
        raise ValidationError(form.errors.get_json_data())
    return form.filters()


def _grouping(request: Request) -> GroupingForm:
    form = GroupingForm(request.query_params)
    if not form.is_valid():
        raise ValidationError(form.errors.get_json_data())
    return form


class ReportView(APIView):
    # The API policy table (integrations/policy.py) applies first.
    permission_classes = [PolicyPermission, IsAuthenticated, IsEditor]


class _AnySerializer(serializers.Serializer[Any]):
    """Documentation only: reports are JSON objects described in each endpoint's summary."""


GROUP_LIMIT_DEFAULT = 100
GROUP_LIMIT_MAX = 1000


class GroupLimitForm(forms.Form):
    limit = forms.IntegerField(required=False, min_value=1, max_value=GROUP_LIMIT_MAX)


@extend_schema(
    parameters=[
        *FILTER_PARAMETERS,
        OpenApiParameter("by", str, enum=list(selectors.GROUPINGS)),
        OpenApiParameter(
            "limit",
            int,
            description=f"rows per grouping, largest counts first (default {GROUP_LIMIT_DEFAULT}, "
            f"at most {GROUP_LIMIT_MAX}); `more` says which groupings have further rows (the CSV export has them all)",
        ),
    ],
    responses=_AnySerializer,
    summary="Unverified claims: total and counts grouped by source, speaker, strength, relay, article and age",
)
class UnverifiedReportView(ReportView):
    def get(self, request: Request) -> Response:
        filters = _filters(request)
        by = _grouping(request).cleaned_data.get("by")
        limit = _limit(request)
        report = selectors.unverified_report(
            filters=filters, groupings=[by] if by else tuple(selectors.GROUPINGS), limit=limit + 1
        )
        # A grouping has a row per source (thousands at a million claims): vars(), not asdict()'s deep copy.
        groups = {k: [vars(r) for r in rows[:limit]] for k, rows in report.groups.items()}
        more = {k: len(rows) > limit for k, rows in report.groups.items()}
        return Response({"total": report.total, "limit": limit, "groups": groups, "more": more})


@extend_schema(
    parameters=[*FILTER_PARAMETERS, OpenApiParameter("period", str, enum=["day", "week"])],
    responses=_AnySerializer,
    summary="Backlog over time: claims unverified, corroborated, contradicted at the end of each period",
)
class BacklogReportView(ReportView):
    def get(self, request: Request) -> Response:
        filters = _filters(request)
        period = _grouping(request).cleaned_data.get("period") or "day"
        points = selectors.backlog_report(filters=filters, period=period)
        return Response({"period": period, "points": [asdict(point) for point in points]})


def _limit(request: Request) -> int:
    form = GroupLimitForm(request.query_params)
    if not form.is_valid():
        raise ValidationError(form.errors.get_json_data())
    return int(form.cleaned_data.get("limit") or GROUP_LIMIT_DEFAULT)


@extend_schema(
    parameters=[
        *FILTER_PARAMETERS,
        OpenApiParameter(
            "limit",
            int,
            description=f"sources, best ranked first (default {GROUP_LIMIT_DEFAULT}, at most "
            f"{GROUP_LIMIT_MAX}); `more` says whether further sources were left out (the CSV export has them all)",
        ),
    ],
    responses=_AnySerializer,
    summary="Source track record with Wilson intervals",
)
class SourceTrackRecordView(ReportView):
    def get(self, request: Request) -> Response:
        limit = _limit(request)
        rows = selectors.source_track_record(filters=_filters(request), limit=limit + 1)
        return Response({"limit": limit, "more": len(rows) > limit, "results": [asdict(row) for row in rows[:limit]]})


@extend_schema(parameters=FILTER_PARAMETERS, responses=_AnySerializer, summary="Verdicts per reviewer per week")
class ReviewerThroughputView(ReportView):
    def get(self, request: Request) -> Response:
        rows = selectors.reviewer_throughput(filters=_filters(request))
        return Response({"results": [asdict(row) for row in rows]})


@extend_schema(
    parameters=FILTER_PARAMETERS,
    responses=_AnySerializer,
    summary="Extractor accuracy from reviewers' confirmations and corrections",
)
class ExtractorAccuracyView(ReportView):
    def get(self, request: Request) -> Response:
        rows = selectors.extractor_accuracy(filters=_filters(request))
        return Response({"results": [asdict(row) for row in rows]})


@extend_schema(
    parameters=[
        *FILTER_PARAMETERS,
        *(
            OpenApiParameter(name, str)
            for name in ("status", "speaker", "source", "relay", "kind", "article", "age", "reviewer", "order")
        ),
        OpenApiParameter("page", int),
    ],
    responses=_AnySerializer,
    summary="The claims a report row counts (same filters as /reports/claims/)",
)
class ReportClaimsView(ReportView):
    page_size = 100

    def get(self, request: Request) -> Response:
        filters = _filters(request)
        form = ClaimListForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        try:
            page = max(1, int(request.query_params.get("page", "1")))
        except ValueError:
            raise ValidationError({"page": ["a page number"]}) from None
        claims = selectors.claims_for_report(filters=filters, claim_filters=form.claim_filters(request.query_params))
        start = (page - 1) * self.page_size
        rows = list(selectors.claim_rows(claims[start : start + self.page_size + 1]))
        return Response(
            {
                "page": page,
                "has_next": len(rows) > self.page_size,
                "results": [asdict(row) for row in rows[: self.page_size]],
            }
        )
