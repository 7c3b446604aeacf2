"""Report pages and their CSV downloads (editors only); the numbers come from reports.selectors."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse

from reports import selectors
from reports.csv import csv_response
from reports.forms import ClaimListForm, GroupingForm, ReportFilterForm
from reports.selectors import GROUPINGS, GroupRow, ReportFilters
from sources.models import Article, Source
from workbench.roles import is_editor

Response = HttpResponse | StreamingHttpResponse
View = Callable[..., Response]
OVERVIEW_LIMIT = 15
PAGE_ROWS = 200  # rows a report page shows; its CSV has them all
CLAIMS_PER_PAGE = 50


def editor_required(view: View) -> View:
    """Logged-in editors only: anyone else logged in gets 403."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Response:
        if not is_editor(request.user):
            raise PermissionDenied("reports are for editors")
        return view(request, *args, **kwargs)

    return login_required(wrapped)


class BadFilters(Exception):
    def __init__(self, errors: dict[str, Any]) -> None:
        super().__init__("bad filters")
        self.errors = errors


def report_filters(query: QueryDict) -> tuple[ReportFilterForm, ReportFilters]:
    form = ReportFilterForm(query)
    if not form.is_valid():
        raise BadFilters(form.errors.get_json_data())
    return form, form.filters()


def _filter_params(filters: ReportFilters) -> dict[str, str]:
    params = {}
    if filters.date_from:
        params["date_from"] = filters.date_from.isoformat()
    if filters.date_to:
        params["date_to"] = filters.date_to.isoformat()
    if filters.publisher:
        params["publisher"] = str(filters.publisher)
    return params


def claims_url(filters: ReportFilters, **params: str) -> str:
    return reverse("reports:claims") + "?" + urlencode({**_filter_params(filters), **params})


def _with(base: str, query: str) -> str:
    return f"{base}{'' if base.endswith('?') else '&'}{query}"


def _drill(base: str, row: GroupRow) -> dict[str, Any]:
    """The row with the link to the claims it counts (``base`` is the claim list URL with the filters)."""
    return {
        "key": row.key,
        "label": row.label,
        "count": row.count,
        "detail": row.detail,
        "url": _with(base, urlencode({row.param: row.value})),
    }


def _context(request: HttpRequest, form: ReportFilterForm, filters: ReportFilters, **extra: Any) -> dict[str, Any]:
    publisher = Source.objects.filter(pk=filters.publisher).first() if filters.publisher else None
    return {
        "form": form,
        "filters": filters,
        "publisher": publisher,
        # EXISTS, not a join with DISTINCT: one probe of the publisher index per source, not 1M article rows grouped.
        "publishers": Source.objects.canonical()
        .filter(Exists(Article.objects.filter(publisher_id=OuterRef("pk"))))
        .order_by("name")[:500],
        "query": urlencode(_filter_params(filters)),
        **extra,
    }


def _bad_request(request: HttpRequest, error: BadFilters) -> HttpResponse:
    messages = "; ".join(f"{field}: {e['message']}" for field, errs in error.errors.items() for e in errs)
    return HttpResponseBadRequest(f"bad filters: {messages}", content_type="text/plain")


def _handles_bad_filters(view: View) -> View:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Response:
        try:
            return view(request, *args, **kwargs)
        except BadFilters as error:
            return _bad_request(request, error)

    return wrapped


def _grouping(request: HttpRequest) -> GroupingForm:
    form = GroupingForm(request.GET)
    if not form.is_valid():
        raise BadFilters(form.errors.get_json_data())
    return form


# --------------------------------------------------------------------------- 1. unverified claims


@editor_required
@_handles_bad_filters
def unverified(request: HttpRequest) -> HttpResponse:
    form, filters = report_filters(request.GET)
    by = _grouping(request).cleaned_data.get("by") or ""
    limit = PAGE_ROWS if by else OVERVIEW_LIMIT
    report = selectors.unverified_report(filters=filters, groupings=[by] if by else tuple(GROUPINGS), limit=limit)
    base = claims_url(filters, status="unverified")
    groups = {name: [_drill(base, row) for row in rows] for name, rows in report.groups.items()}
    chart = {
        "kind": {
            "labels": [row["label"] for row in groups.get("kind", [])],
            "values": [row["count"] for row in groups.get("kind", [])],
        },
        "age": {
            "labels": [row["label"] for row in groups.get("age", [])],
            "values": [row["count"] for row in groups.get("age", [])],
        },
    }
    return render(
        request,
        "reports/unverified.html",
        _context(
            request,
            form,
            filters,
            report=report,
            by=by,
            chart=chart,
            groups=[(name, GROUPINGS[name], rows) for name, rows in groups.items()],
            limit=limit,
            all_url=claims_url(filters),
        ),
    )


@editor_required
@_handles_bad_filters
def unverified_csv(request: HttpRequest) -> StreamingHttpResponse:
    _, filters = report_filters(request.GET)
    by = _grouping(request).cleaned_data.get("by") or "kind"
    report = selectors.unverified_report(filters=filters, groupings=[by])
    rows = ((GROUPINGS[by], row.label, row.key, row.detail, row.count) for row in report.groups[by])
    return csv_response(f"unverified-by-{by}.csv", ["grouping", "group", "key", "detail", "unverified claims"], rows)


# --------------------------------------------------------------------------- 2. backlog


@editor_required
@_handles_bad_filters
def backlog(request: HttpRequest) -> HttpResponse:
    form, filters = report_filters(request.GET)
    period = _grouping(request).cleaned_data.get("period") or "day"
    points = selectors.backlog_report(filters=filters, period=period)
    chart = {
        "labels": [point.period.isoformat() for point in points],
        "series": [
            {"label": label, "values": [getattr(point, key) for point in points]}
            for key, label in selectors.BACKLOG_SERIES.items()
        ],
    }
    return render(
        request, "reports/backlog.html", _context(request, form, filters, points=points, period=period, chart=chart)
    )


@editor_required
@_handles_bad_filters
def backlog_csv(request: HttpRequest) -> StreamingHttpResponse:
    _, filters = report_filters(request.GET)
    period = _grouping(request).cleaned_data.get("period") or "day"
    points = selectors.backlog_report(filters=filters, period=period)
    rows = ((p.period, p.unverified, p.corroborated, p.contradicted, p.other) for p in points)
    return csv_response(f"backlog-per-{period}.csv", [period, *selectors.BACKLOG_SERIES.values()], rows)


# --------------------------------------------------------------------------- 3. source track record


@editor_required
@_handles_bad_filters
def sources(request: HttpRequest) -> HttpResponse:
    form, filters = report_filters(request.GET)
    rows = selectors.source_track_record(filters=filters, limit=PAGE_ROWS + 1)
    base = claims_url(filters)
    linked = [
        {
            **asdict(row),
            "corroborated_url": _with(base, f"speaker={row.source_id}&status=corroborated"),
            "contradicted_url": _with(base, f"speaker={row.source_id}&status=contradicted"),
        }
        for row in rows[:PAGE_ROWS]
    ]
    return render(
        request,
        "reports/sources.html",
        _context(request, form, filters, rows=linked, more=len(rows) > PAGE_ROWS, limit=PAGE_ROWS),
    )


@editor_required
@_handles_bad_filters
def sources_csv(request: HttpRequest) -> StreamingHttpResponse:
    _, filters = report_filters(request.GET)
    rows = (
        (
            r.source_id,
            r.name,
            r.kind,
            r.corroborated,
            r.contradicted,
            r.reviewed,
            round(r.share, 4),
            round(r.low, 4),
            round(r.high, 4),
        )
        for r in selectors.source_track_record(filters=filters)
    )
    header = [
        "source id",
        "source",
        "kind",
        "corroborated",
        "contradicted",
        "reviewed",
        "share corroborated",
        "wilson low",
        "wilson high",
    ]
    return csv_response("source-track-record.csv", header, rows)


# --------------------------------------------------------------------------- 4. reviewer throughput


@editor_required
@_handles_bad_filters
def reviewers(request: HttpRequest) -> HttpResponse:
    form, filters = report_filters(request.GET)
    rows = selectors.reviewer_throughput(filters=filters)
    linked = [
        {**asdict(row), "url": claims_url(filters, reviewer=str(row.reviewer_id), status="") if row.reviewer_id else ""}
        for row in rows
    ]
    return render(request, "reports/reviewers.html", _context(request, form, filters, rows=linked))


@editor_required
@_handles_bad_filters
def reviewers_csv(request: HttpRequest) -> StreamingHttpResponse:
    _, filters = report_filters(request.GET)
    rows = (
        (r.week, r.reviewer, r.verdicts, r.first_verdicts, r.median_hours_to_first_verdict)
        for r in selectors.reviewer_throughput(filters=filters)
    )
    header = ["week", "reviewer", "verdicts", "first verdicts", "median hours from import to first verdict"]
    return csv_response("reviewer-throughput.csv", header, rows)


# --------------------------------------------------------------------------- 5. extractor accuracy


@editor_required
@_handles_bad_filters
def extractor(request: HttpRequest) -> HttpResponse:
    form, filters = report_filters(request.GET)
    rows = selectors.extractor_accuracy(filters=filters)
    dimensions = {
        "all": "Overall",
        "version": "Per extractor version",
        "kind": "Per kind of speaker the engine named",
        "cue": "Per cue",
    }
    tables = [(label, [row for row in rows if row.dimension == key]) for key, label in dimensions.items()]
    return render(request, "reports/extractor.html", _context(request, form, filters, tables=tables))


@editor_required
@_handles_bad_filters
def extractor_csv(request: HttpRequest) -> StreamingHttpResponse:
    _, filters = report_filters(request.GET)
    rows = (
        (
            r.dimension,
            r.value,
            r.reviewed,
            r.confirmed,
            round(r.share, 4),
            round(r.low, 4),
            round(r.high, 4),
            r.speaker_right,
        )
        for r in selectors.extractor_accuracy(filters=filters)
    )
    header = [
        "dimension",
        "value",
        "reviewed",
        "confirmed as extracted",
        "share right",
        "wilson low",
        "wilson high",
        "speaker right",
    ]
    return csv_response("extractor-accuracy.csv", header, rows)


# --------------------------------------------------------------------------- claim lists


def _claim_list(request: HttpRequest) -> tuple[ReportFilterForm, ReportFilters, selectors.ClaimListFilters]:
    form, filters = report_filters(request.GET)
    list_form = ClaimListForm(request.GET)
    if not list_form.is_valid():
        raise BadFilters(list_form.errors.get_json_data())
    return form, filters, list_form.claim_filters(request.GET)


@editor_required
@_handles_bad_filters
def claims(request: HttpRequest) -> HttpResponse:
    form, filters, claim_filters = _claim_list(request)
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    queryset = selectors.claims_for_report(filters=filters, claim_filters=claim_filters)
    start = (page - 1) * CLAIMS_PER_PAGE
    rows = list(selectors.claim_rows(queryset[start : start + CLAIMS_PER_PAGE + 1]))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/claims.html",
        _context(
            request,
            form,
            filters,
            rows=rows[:CLAIMS_PER_PAGE],
            claim_filters=claim_filters,
            page=page,
            next_page=page + 1 if len(rows) > CLAIMS_PER_PAGE else None,
            list_query=query.urlencode(),
            csv_query=query.urlencode(),
        ),
    )


CLAIM_HEADER = [
    "claim id",
    "article id",
    "article",
    "sentence",
    "text",
    "status",
    "check-worthiness",
    "imported",
    "speakers",
    "relayed by",
]


def _claim_cells(rows: Iterable[selectors.ClaimRow]) -> Iterator[tuple[object, ...]]:
    for row in rows:
        yield (
            row.id,
            row.article_id,
            row.article_title,
            row.position + 1,
            row.text,
            row.status,
            round(row.checkworthiness, 4),
            row.created_at,
            row.speakers,
            row.relays,
        )


@editor_required
@_handles_bad_filters
def claims_csv(request: HttpRequest) -> StreamingHttpResponse:
    _, filters, claim_filters = _claim_list(request)
    queryset = selectors.claims_for_report(filters=filters, claim_filters=claim_filters)
    return csv_response("claims.csv", CLAIM_HEADER, _claim_cells(selectors.claim_rows(queryset)))
