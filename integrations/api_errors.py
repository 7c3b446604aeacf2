"""JSON errors everywhere under /api/: DRF exceptions, Django 404/500, oversized bodies (413).

Every error body has the same shape (``ErrorSerializer``)::

    {"status": 412, "code": "precondition_failed", "detail": "…", "errors": {"name": ["…"]}}

``errors`` (by field) is present only for validation errors.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "the resource changed since you read it (If-Match does not match its ETag); re-read and retry"
    default_code = "precondition_failed"


class IdempotencyKeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "this Idempotency-Key was already used for a different request; use a new key"
    default_code = "idempotency_key_reused"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = "this update needs an If-Match header with the ETag from your last read"
    default_code = "precondition_required"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "the request conflicts with the current state of the resource"
    default_code = "conflict"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "the request body is too large"
    default_code = "payload_too_large"


def conflict_error_classes() -> tuple[type[Exception], ...]:
    """The review services' ConflictError (a lost compare-and-set), answered as 409 when a view lets it escape."""
    try:
        from claims.services import ConflictError
    except ImportError:  # pragma: no cover - the review services are not installed
        return ()
    return (ConflictError,)


def error_body(status_code: int, code: str, detail: str, errors: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {"status": status_code, "code": code, "detail": detail}
    if errors is not None:
        body["errors"] = errors
    return body


def _first_code(codes: Any) -> str:
    if isinstance(codes, str):
        return codes
    if isinstance(codes, list) and codes:
        return _first_code(codes[0])
    if isinstance(codes, dict) and codes:
        return _first_code(next(iter(codes.values())))
    return "error"


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, conflict_error_classes()):
        exc = Conflict(str(exc) or None)
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge(str(exc) or None)
    elif isinstance(exc, SuspiciousOperation):
        exc = exceptions.ValidationError({"non_field_errors": [str(exc)]})
    response = exception_handler(exc, context)
    if response is None:
        return None
    assert isinstance(exc, exceptions.APIException | Http404 | PermissionDenied)  # noqa: S101 - DRF handled it
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        fields = detail if isinstance(detail, dict) else {"non_field_errors": detail}
        response.data = error_body(response.status_code, _first_code(exc.get_codes()), "invalid input", fields)
    elif isinstance(exc, exceptions.APIException):
        response.data = error_body(response.status_code, _first_code(exc.get_codes()), str(exc.detail))
    elif isinstance(exc, Http404):
        response.data = error_body(404, "not_found", "not found")
    else:
        response.data = error_body(403, "permission_denied", "you do not have permission to perform this action")
    return response


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def handler404(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(error_body(404, "not_found", f"no API endpoint or object at {request.path}"), status=404)
    return defaults.page_not_found(request, exception)


def handler500(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(error_body(500, "server_error", "internal error; it has been logged"), status=500)
    return defaults.server_error(request)


def handler400(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        if isinstance(exception, RequestDataTooBig):
            return JsonResponse(error_body(413, "payload_too_large", str(exception)), status=413)
        return JsonResponse(error_body(400, "bad_request", "bad request"), status=400)
    return defaults.bad_request(request, exception)


def handler403(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(error_body(403, "permission_denied", "forbidden"), status=403)
    return defaults.permission_denied(request, exception)


def request_body_limit(request: HttpRequest) -> int:
    """Largest accepted body: uploads may carry a document up to IMPORT_MAX_BYTES, everything else MAX_REQUEST_BYTES."""
    content_type = request.META.get("CONTENT_TYPE", "")
    if content_type.startswith("multipart/form-data"):
        return int(settings.IMPORT_MAX_BYTES) + int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


class RequestSizeLimitMiddleware:
    """Answer an oversized body with 413 before anything reads it (JSON under /api/).

    DRF parses JSON straight from the input stream, so Django's DATA_UPLOAD_MAX_MEMORY_SIZE
    check on ``request.body`` never runs for API requests; the declared length is checked here.
    Bodies without a Content-Length (chunked) are refused with 411 under /api/.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = request_body_limit(request)
        raw_length = request.META.get("CONTENT_LENGTH") or ""
        try:
            length = int(raw_length) if raw_length else 0
        except ValueError:
            length = -1
        if length < 0:
            body = error_body(400, "bad_request", "invalid Content-Length header")
            return JsonResponse(body, status=400) if _is_api(request) else HttpResponse(status=400)
        if length > limit:
            detail = (
                f"the request body has {length:,} bytes; the limit is {limit:,} (MAX_REQUEST_BYTES / IMPORT_MAX_BYTES)"
            )
            if _is_api(request):
                return JsonResponse(error_body(413, "payload_too_large", detail), status=413)
            return HttpResponse(detail, status=413, content_type="text/plain")
        if _is_api(request) and "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            return JsonResponse(error_body(411, "length_required", "send a Content-Length header"), status=411)
        return self.get_response(request)
