"""Server-owned fields cannot be set by clients: they are read-only and ignored."""

from __future__ import annotations

from claims.models import Claim
from sources.models import Source
from tests.api.conftest import session_client


def test_creating_a_source_ignores_id_version_timestamps_and_merge(reviewer):
    other = Source.objects.create(name="Other", kind="person")
    response = session_client(reviewer).post(
        "/api/sources",
        {
            "id": 999999,
            "name": "Interfax",
            "kind": "news_agency",
            "version": 77,
            "created_at": "2000-01-01T00:00:00Z",
            "merged_into": other.pk,
            "aliases": ["x"],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    source = Source.objects.get(name="Interfax")
    assert source.pk != 999999
    assert source.version == 1
    assert source.created_at.year > 2000
    assert source.merged_into_id is None
    assert [a.alias for a in source.aliases.all()] == ["Interfax"]


def test_patching_a_claim_cannot_set_its_status_text_or_version(editor, claim):
    client = session_client(editor)
    etag = client.get(f"/api/claims/{claim.pk}")["ETag"]
    response = client.patch(
        f"/api/claims/{claim.pk}",
        {"assignee": None, "status": "corroborated", "text": "forged", "version": 99, "checkworthiness": 1.0},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 200, response.content
    claim = Claim.objects.get(pk=claim.pk)
    assert claim.status == "unverified"
    assert claim.text != "forged"
    assert claim.version == 2
    assert claim.checkworthiness == 0.5


def test_correcting_an_attribution_cannot_set_review_metadata_or_extractor_version(reviewer, editor, attribution):
    client = session_client(reviewer)
    etag = client.get(f"/api/attributions/{attribution.pk}")["ETag"]
    response = client.patch(
        f"/api/attributions/{attribution.pk}",
        {
            "role": "minister",
            "extractor_version": "forged",
            "reviewed_by": editor.pk,
            "review_state": "confirmed",
            "confidence": 1.0,
            "claim": 1,
            "version": 50,
        },
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 200, response.content
    attribution.refresh_from_db()
    assert attribution.extractor_version == ""
    assert attribution.reviewed_by == reviewer
    assert attribution.review_state == "corrected"
    assert attribution.confidence == 0.9
    assert attribution.version == 2


def test_a_verdict_records_the_caller_as_reviewer_whatever_the_body_says(reviewer, editor, claim):
    client = session_client(reviewer)
    etag = client.get(f"/api/claims/{claim.pk}")["ETag"]
    response = client.post(
        f"/api/claims/{claim.pk}/verdicts",
        {"value": "unverifiable", "reviewer": editor.pk, "action": "signed_off", "created_at": "2000-01-01T00:00:00Z"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 201, response.content
    assert response.json()["reviewer"] == "bob"
    assert response.json()["action"] == "recorded"
    assert not response.json()["created_at"].startswith("2000")


def test_webhook_secret_is_write_only_and_creator_is_the_caller(admin_user, editor):
    response = session_client(admin_user).post(
        "/api/webhooks",
        {
            "name": "cms",
            "url": "https://cms.example.org/h",
            "event_types": ["verdict.recorded"],
            "secret": "x" * 20,
            "created_by": editor.username,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert "secret" not in response.json()
    assert response.json()["created_by"] == "dana"
