"""Errors under /api/ are JSON with one shape, never an HTML page."""

from __future__ import annotations

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from tests.api.conftest import session_client
from tests.assets import external_assets


def _assert_error(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["detail"]


def test_unknown_api_path_is_a_json_404(reviewer):
    _assert_error(session_client(reviewer).get("/api/no-such-thing"), 404, "not_found")
    _assert_error(APIClient().get("/api/no/such/thing/"), 404, "not_found")


def test_unknown_object_is_a_json_404(reviewer):
    _assert_error(session_client(reviewer).get("/api/claims/987654"), 404, "not_found")
    _assert_error(session_client(reviewer).get("/api/claims/not-a-number"), 404, "not_found")


def test_non_api_404_is_still_a_page(reviewer):
    response = session_client(reviewer).get("/no-such-page/")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")


def test_anonymous_gets_json_401_and_outsider_json_403(outsider):
    _assert_error(APIClient().get("/api/claims"), 401, "not_authenticated")
    _assert_error(session_client(outsider).get("/api/claims"), 403, "permission_denied")


def test_validation_errors_name_the_fields(reviewer, claim):
    client = session_client(reviewer)
    etag = client.get(f"/api/claims/{claim.pk}")["ETag"]
    response = client.post(
        f"/api/claims/{claim.pk}/verdicts", {"value": "corroborated"}, format="json", HTTP_IF_MATCH=etag
    )
    _assert_error(response, 400, "invalid")
    assert "evidence" in response.json()["errors"]


def test_malformed_json_is_a_json_400(reviewer):
    response = session_client(reviewer).generic("POST", "/api/sources", "{not json", content_type="application/json")
    _assert_error(response, 400, "parse_error")


def test_unsupported_method_is_a_json_405_and_verdicts_are_never_deleted(editor, claim, reviewer):
    client = session_client(editor)
    _assert_error(client.delete(f"/api/claims/{claim.pk}"), 405, "method_not_allowed")
    from claims.models import Verdict

    verdict = Verdict.objects.create(claim=claim, reviewer=reviewer, value="unverifiable")
    _assert_error(client.delete(f"/api/verdicts/{verdict.pk}"), 405, "method_not_allowed")
    _assert_error(
        client.patch(f"/api/verdicts/{verdict.pk}", {"value": "corroborated"}, format="json"), 405, "method_not_allowed"
    )
    _assert_error(APIClient().delete(f"/api/verdicts/{verdict.pk}"), 405, "method_not_allowed")


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=2048)
def test_oversized_body_is_a_json_413_before_it_is_read(reviewer):
    response = session_client(reviewer).post("/api/sources", {"name": "x" * 5000, "kind": "person"}, format="json")
    _assert_error(response, 413, "payload_too_large")


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=2048, IMPORT_MAX_BYTES=4096)
def test_oversized_upload_is_a_json_413(reviewer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("big.txt", b"a" * 10000, content_type="text/plain")
    response = session_client(reviewer).post("/api/imports/", {"kind": "file", "file": upload}, format="multipart")
    _assert_error(response, 413, "payload_too_large")


def test_server_error_under_api_is_json(reviewer, monkeypatch):
    from claims import selectors

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors, "related_claims", broken)
    client = session_client(reviewer)
    client.raise_request_exception = False
    from tests.factories import ClaimFactory

    claim = ClaimFactory()
    response = client.get(f"/api/claims/{claim.pk}/related")
    _assert_error(response, 500, "server_error")
    assert "boom" not in response.content.decode()


@override_settings(API_WRITE_THROTTLE_RATE="2/minute")
def test_writes_are_throttled_with_a_json_429_and_reads_are_not(reviewer):
    client = session_client(reviewer)
    for n in range(2):
        assert client.post("/api/sources", {"name": f"Source {n}", "kind": "person"}, format="json").status_code == 201
    response = client.post("/api/sources", {"name": "Source 3", "kind": "person"}, format="json")
    _assert_error(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0
    assert client.get("/api/sources").status_code == 200


@override_settings(LOGIN_THROTTLE_RATE="3/minute")
@pytest.mark.django_db
def test_password_login_is_throttled(reviewer):
    from django.test import Client

    client = Client()
    for _ in range(3):
        assert client.post("/login/", {"username": "bob", "password": "wrong"}).status_code == 200
    response = client.post("/login/", {"username": "bob", "password": "correct horse battery staple"})
    assert response.status_code == 429
    # Another address trying the same user name is throttled too (per user name).
    other = Client(REMOTE_ADDR="10.1.1.1")
    assert other.post("/login/", {"username": "bob", "password": "x"}).status_code == 429


def test_docs_are_served_with_local_assets_only(client, db):
    # (db: closing the static file response sends request_finished, which checks the connection.)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert external_assets(page) == []
    asset = client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert asset.status_code == 200
    asset.close()
    redoc = client.get("/api/redoc/").content.decode()
    assert "/static/drf_spectacular_sidecar/redoc/" in redoc


def test_schema_documents_error_responses_and_the_bearer_scheme(client):
    schema = client.get("/api/schema/?format=json").json()
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    responses = schema["paths"]["/api/attributions/{id}"]["patch"]["responses"]
    assert {"200", "400", "401", "403", "404", "412", "413", "428", "429", "500"} <= set(responses)
