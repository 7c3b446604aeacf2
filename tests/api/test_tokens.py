from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from integrations.models import ApiToken, token_digest
from integrations.services import api_token_create, api_token_revoke
from tests.api.conftest import session_client, token_client


def _tables() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return [row[0] for row in cursor.fetchall()]


def _rows_containing(text: str) -> list[str]:
    hits = []
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f'SELECT count(*) FROM "{table}" AS t WHERE strpos(t::text, %s) > 0', [text])  # noqa: S608 - table names from the catalogue
            if cursor.fetchone()[0]:
                hits.append(table)
    return hits


def test_token_is_stored_hashed_and_its_plaintext_appears_nowhere_in_the_database(reviewer):
    client = session_client(reviewer)
    response = client.post("/api/tokens", {"name": "newsroom bot", "scope": "write"}, format="json")
    assert response.status_code == 201, response.content
    plaintext = response.json()["token"]
    # wbt_<hex prefix>_<secret>: the secret may itself contain "_" (URL-safe base64).
    secret = plaintext.split("_", 2)[2]
    token = ApiToken.objects.get(pk=response.json()["id"])
    assert token.key_hash == token_digest(plaintext)
    assert _rows_containing(secret) == []
    # The list never shows it again.
    assert "token" not in client.get("/api/tokens").json()["results"][0]
    assert token_client(plaintext).get("/api/claims").status_code == 200


def test_a_token_acts_with_its_users_role_and_its_scope(editor, claim):
    read = api_token_create(user=editor, name="dashboard", scope="read").plaintext
    response = token_client(read).post(f"/api/claims/{claim.pk}/verdicts", {"value": "unverifiable"}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_expired_token_is_refused(reviewer):
    issued = api_token_create(user=reviewer, name="old", expires_at=timezone.now() + dt.timedelta(hours=1))
    client = token_client(issued.plaintext)
    assert client.get("/api/claims").status_code == 200
    ApiToken.objects.filter(pk=issued.token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/api/claims")
    assert response.status_code == 401
    assert response.json() == {
        "status": 401,
        "code": "authentication_failed",
        "detail": "invalid, expired or revoked token",
    }
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_revoked_token_loses_access_on_the_next_request(reviewer):
    issued = api_token_create(user=reviewer, name="bot")
    client = token_client(issued.plaintext)
    assert client.get("/api/claims").status_code == 200
    response = session_client(reviewer).post(f"/api/tokens/{issued.token.pk}/revoke")
    assert response.status_code == 200
    assert response.json()["revoked_at"] is not None
    assert client.get("/api/claims").status_code == 401


def test_deactivated_user_loses_access_on_the_next_request_by_token_and_by_session(reviewer):
    issued = api_token_create(user=reviewer, name="bot")
    by_token, by_session = token_client(issued.plaintext), session_client(reviewer)
    assert by_token.get("/api/claims").status_code == 200
    assert by_session.get("/api/claims").status_code == 200
    reviewer.is_active = False
    reviewer.save()
    assert by_token.get("/api/claims").status_code == 401
    assert by_session.get("/api/claims").status_code == 401


@pytest.mark.parametrize("parameter", ["token", "access_token", "api_key"])
def test_a_token_in_the_query_string_is_refused_even_beside_a_valid_header(reviewer, parameter):
    plaintext = api_token_create(user=reviewer, name="bot").plaintext
    assert APIClient().get(f"/api/claims?{parameter}={plaintext}").status_code == 401
    response = token_client(plaintext).get(f"/api/claims?{parameter}={plaintext}")
    assert response.status_code == 401
    assert "not accepted in the URL" in response.json()["detail"]


def test_a_malformed_or_unknown_token_is_refused(reviewer):
    plaintext = api_token_create(user=reviewer, name="bot").plaintext
    for credential in ["wbt_nope", plaintext[:-2] + "xx", "Bearer", plaintext + " extra"]:
        assert token_client(credential).get("/api/claims").status_code == 401, credential


def test_tokens_cannot_manage_tokens(reviewer):
    plaintext = api_token_create(user=reviewer, name="bot", scope="write").plaintext
    response = token_client(plaintext).post("/api/tokens", {"name": "another"}, format="json")
    assert response.status_code == 403
    assert ApiToken.objects.count() == 1


def test_people_see_and_revoke_only_their_own_tokens(reviewer, editor):
    mine = api_token_create(user=editor, name="alice's").token
    client = session_client(reviewer)
    assert client.get("/api/tokens").json()["results"] == []
    assert client.post(f"/api/tokens/{mine.pk}/revoke").status_code == 404
    mine.refresh_from_db()
    assert mine.revoked_at is None


def test_revoking_twice_keeps_the_first_revocation_time(reviewer):
    token = api_token_create(user=reviewer, name="bot").token
    first = api_token_revoke(token=token).revoked_at
    assert api_token_revoke(token=token).revoked_at == first


def test_session_writes_need_a_csrf_token(reviewer, claim):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(reviewer)
    response = client.post("/api/sources", {"name": "Interfax", "kind": "news_agency"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_admin_issues_a_token_showing_the_secret_once_and_revokes_it(admin_user, reviewer, client):
    client.force_login(admin_user)
    response = client.post(
        "/admin/integrations/apitoken/add/", {"user": reviewer.pk, "name": "cms plug-in", "scope": "write"}, follow=True
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    shown = [str(m) for m in response.context["messages"]]
    plaintext = next(word for m in shown for word in m.split() if word.startswith("wbt_"))
    assert token.key_hash == token_digest(plaintext)
    assert token_client(plaintext).get("/api/claims").status_code == 200
    client.post("/admin/integrations/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    assert token_client(plaintext).get("/api/claims").status_code == 401
    assert client.get(f"/admin/integrations/apitoken/{token.pk}/change/").status_code == 200
