"""Schemathesis against the live schema (/api/schema/), through the WSGI app, as every role.

For each operation a bounded, derandomised set of generated requests is sent as
anonymous, a read-only token and the reviewer's, editor's and admin's write
tokens.  Every response must be a non-5xx that conforms to the schema (status
code documented, content type, body schema, headers).
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from claims.models import Verdict
from integrations.models import WebhookSubscription
from integrations.services import api_token_create
from tests.factories import AttributionFactory, ClaimFactory, SourceFactory

MAX_EXAMPLES = 3
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
# Documentation pages are HTML by design; the schema documents itself.
SKIP_PATHS = {"/api/docs/", "/api/redoc/", "/api/schema/"}


def _operations() -> list[tuple[str, str]]:
    document = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(
        (path, method.upper()) for path, item in document["paths"].items() for method in item if path not in SKIP_PATHS
    )


OPERATIONS = _operations()


_RAW_SCHEMA: dict[str, Any] = {}


@pytest.fixture
def api_schema(db: None) -> Any:
    # Like Django's test client: keep the test's connection (and its transaction) open across requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        app = get_wsgi_application()
        if not _RAW_SCHEMA:  # fetched live from /api/schema/ once per run, then reused
            _RAW_SCHEMA.update(schemathesis.openapi.from_wsgi("/api/schema/", app).raw_schema)
        schema = schemathesis.openapi.from_dict(_RAW_SCHEMA)
        schema.app = app
        yield schema
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def role_headers(db: None, editor: Any, reviewer: Any, admin_user: Any) -> dict[str, dict[str, str]]:
    # A few objects with small ids so generated path parameters sometimes hit something real.
    for _ in range(3):
        attribution = AttributionFactory(claim=ClaimFactory(), speaker=SourceFactory())
        Verdict.objects.create(claim=attribution.claim, reviewer=reviewer, value="unverifiable")
    WebhookSubscription.objects.create(
        name="cms", url="https://cms.example.org/h", event_types=["verdict.recorded"], secret="s" * 20
    )

    def bearer(user: Any, scope: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {api_token_create(user=user, name=scope, scope=scope).plaintext}"}

    return {
        "anonymous": {},
        "read_token": bearer(editor, "read"),
        "reviewer": bearer(reviewer, "write"),
        "editor": bearer(editor, "write"),
        "admin": bearer(admin_user, "write"),
    }


@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=[f"{m} {p}" for p, m in OPERATIONS])
def test_operation_conforms_to_the_schema_for_every_role(path, method, api_schema, role_headers):
    operation = api_schema[path][method]

    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def check(case: Any) -> None:
        for headers in role_headers.values():
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS, headers=headers)

    with override_settings(API_WRITE_THROTTLE_RATE="100000/minute"):
        check()
