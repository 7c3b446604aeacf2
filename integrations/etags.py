"""ETags for versioned rows (claims, attributions, sources) and the If-Match check on updates.

A row's ``version`` is bumped by every service that changes it; the ETag names
the row and its version.  An update must send ``If-Match`` with the ETag it
read: none → 428, another → 412.  The service then repeats the comparison in
its own compare-and-set, so two clients racing with the same tag cannot both win.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Model
from drf_spectacular.utils import OpenApiExample, OpenApiParameter
from rest_framework.request import Request
from rest_framework.response import Response

from integrations.api_errors import PreconditionFailed, PreconditionRequired


def etag_for(obj: Any) -> str:
    return _etag(obj._meta.model_name, obj.pk, obj.version)


def _etag(model_name: str, pk: Any, version: Any) -> str:
    return f'"{model_name}-{pk}-v{version}"'


def expected_version(request: Request, obj: Any) -> int:
    """The version the client last saw, checked against ``obj``; raises 428/412 otherwise."""
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        raise PreconditionRequired()
    current = etag_for(obj)
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    if current not in tags:
        raise PreconditionFailed()
    return int(obj.version)


def with_etag(response: Response, obj: Any) -> Response:
    response["ETag"] = etag_for(obj)
    return response


def with_row_etag(response: Response, model: type[Model], row: Mapping[str, Any]) -> Response:
    """``with_etag`` for a row read with ``values()`` (``id`` and ``version`` of ``model``)."""
    response["ETag"] = _etag(model._meta.model_name or "", row["id"], row["version"])
    return response


def if_match_parameter(example_etag: str) -> OpenApiParameter:
    """The documented ``If-Match`` header of an update, with an example ETag of that resource."""
    return OpenApiParameter(
        "If-Match",
        location=OpenApiParameter.HEADER,
        required=True,
        type=str,
        description="the ETag from your last GET of this object (412 if it changed since, 428 if missing)",
        examples=[OpenApiExample("etag", value=example_etag)],
    )
