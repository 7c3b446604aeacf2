"""The imports and feeds API: input → service → output, idempotency keys, batches, uploads, who may do what."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from sources.jobs import import_job_execute
from sources.models import Feed, ImportJob, ImportStatus

pytestmark = pytest.mark.django_db

TEXT = "Foreign Minister Sergey Lavrov said the troops would stay, according to Interfax."


@pytest.fixture(autouse=True)
def _fresh_throttle_counters() -> None:
    cache.clear()


def client_for(user: Any) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("method", "url", "persona", "status"),
    [
        ("post", "/api/imports/", "reviewer", 201),
        ("post", "/api/imports/", "editor", 201),
        ("post", "/api/imports/", "outsider", 403),
        ("post", "/api/imports/", None, 401),
        ("get", "/api/imports/", "reviewer", 200),
        ("get", "/api/imports/", "outsider", 403),
        ("post", "/api/imports/bulk/", "reviewer", 201),
        ("post", "/api/imports/bulk/", "outsider", 403),
        ("get", "/api/feeds/", "editor", 200),
        ("get", "/api/feeds/", "reviewer", 200),
        ("get", "/api/feeds/", "outsider", 403),
        ("post", "/api/feeds/", "editor", 201),
        ("post", "/api/feeds/", "reviewer", 403),
    ],
)
def test_permissions(request: pytest.FixtureRequest, method: str, url: str, persona: str | None, status: int) -> None:
    user = request.getfixturevalue(persona) if persona else None
    body: Any = {"kind": "text", "text": TEXT}
    if url.endswith("bulk/"):
        body = [{"text": TEXT}]
    if url.startswith("/api/feeds"):
        body = {"url": "https://civil.ge/feed", "publisher": "Civil Georgia"}
    response = getattr(client_for(user), method)(url, body, format="json")
    assert response.status_code == status, response.content


def test_a_pasted_text_import_is_queued_and_reports_its_result(reviewer: Any) -> None:
    client = client_for(reviewer)
    response = client.post(
        "/api/imports/",
        {
            "kind": "text",
            "text": TEXT,
            "title": "Troops",
            "publisher": "Civil Georgia",
            "published": "2008-09-09",
            "url": "https://civil.ge/185",
        },
        format="json",
    )
    assert response.status_code == 201
    created = response.json()
    assert (created["status"], created["kind"], created["title"], created["created_by"]) == (
        "queued",
        "text",
        "Troops",
        "bob",
    )

    import_job_execute(job_id=created["id"])
    job = client.get(f"/api/imports/{created['id']}/").json()

    assert job["status"] == "succeeded" and job["error"] == ""
    assert job["progress"] == {
        "items_done": 1,
        "items_total": 1,
        "sentences_done": 1,
        "sentences_total": 1,
        "percent": 100,
    }
    stored = ImportJob.objects.get(pk=created["id"]).article
    assert job["article"] == stored.pk
    assert (stored.title, stored.url, str(stored.published), stored.publisher.name) == (
        "Troops",
        "https://civil.ge/185",
        "2008-09-09",
        "Civil Georgia",
    )


def test_whitespace_only_text_becomes_a_failed_job_with_its_reason(reviewer: Any) -> None:
    client = client_for(reviewer)
    job_id = client.post("/api/imports/", {"kind": "text", "text": "  \n "}, format="json").json()["id"]
    import_job_execute(job_id=job_id)

    job = client.get(f"/api/imports/{job_id}/").json()
    assert (job["status"], job["error"]) == ("failed", "the text is empty: there is nothing to import")


def test_nul_bytes_become_a_failed_job_not_a_server_error(reviewer: Any) -> None:
    response = client_for(reviewer).post("/api/imports/", {"kind": "text", "text": "a\u0000b"}, format="json")

    assert response.status_code == 201
    assert response.json()["status"] == "failed" and "NUL bytes" in response.json()["error"]


def test_a_lone_surrogate_in_json_becomes_a_failed_job(reviewer: Any) -> None:
    body = '{"kind": "text", "text": "lone \\ud800 surrogate"}'
    response = client_for(reviewer).post("/api/imports/", body, content_type="application/json")

    assert response.status_code == 201, response.content
    assert response.json()["status"] == "failed" and "lone surrogates" in response.json()["error"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "text"}, "text"),
        ({"kind": "url"}, "url"),
        ({"kind": "file"}, "file"),
        ({"kind": "bulk", "items": []}, "items"),
        ({"kind": "nope", "text": "x"}, "kind"),
        ({"kind": "text", "text": "x", "published": "yesterday"}, "published"),
    ],
)
def test_malformed_requests_are_refused_naming_the_field(reviewer: Any, body: dict[str, Any], field: str) -> None:
    response = client_for(reviewer).post("/api/imports/", body, format="json")

    assert response.status_code == 400
    assert field in json.dumps(response.json())
    assert ImportJob.objects.count() == 0


def test_the_same_idempotency_key_returns_the_same_job_and_a_different_body_is_422(reviewer: Any, editor: Any) -> None:
    client = client_for(reviewer)
    body = {"kind": "text", "text": TEXT}
    first = client.post("/api/imports/", body, format="json", HTTP_IDEMPOTENCY_KEY="abc")
    again = client.post("/api/imports/", body, format="json", HTTP_IDEMPOTENCY_KEY="abc")
    other = client.post(
        "/api/imports/", {"kind": "text", "text": TEXT + " More."}, format="json", HTTP_IDEMPOTENCY_KEY="abc"
    )
    # Keys are per user: another person's "abc" is a new job.
    editors = client_for(editor).post("/api/imports/", body, format="json", HTTP_IDEMPOTENCY_KEY="abc")

    assert (first.status_code, again.status_code, other.status_code, editors.status_code) == (201, 200, 422, 201)
    assert again.json()["id"] == first.json()["id"] != editors.json()["id"]
    problem = other.json()
    assert (problem["status"], problem["code"]) == (422, "idempotency_key_reused")
    assert "different request" in problem["detail"]
    assert ImportJob.objects.count() == 2


def test_a_batch_as_a_json_array_reports_per_item_results(reviewer: Any) -> None:
    client = client_for(reviewer)
    response = client.post("/api/imports/bulk/", [{"text": TEXT, "title": "One"}, {"text": ""}], format="json")
    assert response.status_code == 201
    assert (response.json()["kind"], response.json()["progress"]["items_total"]) == ("bulk", 2)

    import_job_execute(job_id=response.json()["id"])
    job = client.get(f"/api/imports/{response.json()['id']}/").json()

    assert job["status"] == "succeeded"
    assert [(r["index"], r["status"]) for r in job["results"]] == [(0, "succeeded"), (1, "failed")]
    assert job["results"][1]["error"] == "the text is empty: there is nothing to import"


def test_a_batch_as_ndjson_is_accepted(reviewer: Any) -> None:
    body = "\n".join(json.dumps({"text": f"{TEXT} Item {i}."}) for i in range(3)) + "\n"
    response = client_for(reviewer).post("/api/imports/bulk/", body, content_type="application/x-ndjson")

    assert response.status_code == 201, response.content
    assert ImportJob.objects.get().payload["items"][2]["text"].endswith("Item 2.")


def test_a_batch_over_the_limit_is_refused(reviewer: Any, settings: Any) -> None:
    settings.IMPORT_BULK_MAX_ITEMS = 2
    response = client_for(reviewer).post("/api/imports/bulk/", [{"text": TEXT}] * 3, format="json")

    assert response.status_code == 400
    assert "at most 2 articles" in response.content.decode()


def test_a_file_is_uploaded_as_multipart(reviewer: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = client_for(reviewer)
    upload = SimpleUploadedFile("story.txt", TEXT.encode("utf-16"))
    response = client.post(
        "/api/imports/", {"kind": "file", "file": upload, "publisher": "Civil Georgia"}, format="multipart"
    )
    assert response.status_code == 201, response.content

    import_job_execute(job_id=response.json()["id"])
    job = ImportJob.objects.get()

    assert job.status == ImportStatus.SUCCEEDED, job.error
    assert job.article is not None and job.article.text == TEXT
    assert job.payload["filename"] == "story.txt"


def test_a_reviewer_sees_only_their_own_jobs_and_an_editor_sees_all(reviewer: Any, editor: Any) -> None:
    mine = ImportJob.objects.create(kind="text", payload={"text": "x"}, created_by=reviewer)
    theirs = ImportJob.objects.create(kind="text", payload={"text": "y"}, created_by=editor)

    assert [j["id"] for j in client_for(reviewer).get("/api/imports/").json()["results"]] == [mine.pk]
    assert client_for(reviewer).get(f"/api/imports/{theirs.pk}/").status_code == 404
    assert {j["id"] for j in client_for(editor).get("/api/imports/").json()["results"]} == {mine.pk, theirs.pk}


def test_feeds_are_managed_by_editors(editor: Any) -> None:
    client = client_for(editor)
    created = client.post(
        "/api/feeds/",
        {"url": "https://civil.ge/feed", "publisher": "Civil Georgia", "poll_interval_minutes": 15},
        format="json",
    )
    assert created.status_code == 201, created.content
    feed = Feed.objects.get()
    assert feed.publisher is not None and feed.publisher.name == "Civil Georgia"

    assert client.post("/api/feeds/", {"url": "file:///etc/passwd"}, format="json").status_code == 400
    patched = client.patch(f"/api/feeds/{feed.pk}/", {"active": False}, format="json")
    assert patched.status_code == 200 and patched.json()["active"] is False
    polled = client.post(f"/api/feeds/{feed.pk}/poll/")
    assert polled.status_code == 202 and polled.json()["kind"] == "feed"
    assert ImportJob.objects.get().payload == {"feed_id": feed.pk}
    # While that poll is queued, polling again returns it instead of queueing a second.
    again = client.post(f"/api/feeds/{feed.pk}/poll/")
    assert again.status_code == 200 and again.json()["id"] == polled.json()["id"]
    assert ImportJob.objects.count() == 1


def test_the_schema_documents_the_import_endpoints(editor: Any) -> None:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)

    assert {"/api/imports/", "/api/imports/bulk/", "/api/imports/{id}/", "/api/feeds/", "/api/feeds/{id}/poll/"} <= set(
        schema["paths"]
    )
    post = schema["paths"]["/api/imports/"]["post"]
    assert {"application/json", "multipart/form-data"} <= set(post["requestBody"]["content"])
    assert any(p["name"] == "Idempotency-Key" for p in post["parameters"])
