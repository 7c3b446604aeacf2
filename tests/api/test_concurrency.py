"""ETags and If-Match: nothing is silently overwritten."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from claims.models import Attribution
from tests.api.conftest import session_client
from tests.factories import AttributionFactory, ClaimFactory, SourceFactory


def test_two_clients_with_the_same_etag_exactly_one_succeeds_the_other_gets_412(reviewer, editor, attribution):
    first, second = session_client(reviewer), session_client(editor)
    etag = first.get(f"/api/attributions/{attribution.pk}")["ETag"]
    assert second.get(f"/api/attributions/{attribution.pk}")["ETag"] == etag

    won = first.patch(
        f"/api/attributions/{attribution.pk}", {"role": "foreign minister"}, format="json", HTTP_IF_MATCH=etag
    )
    lost = second.patch(f"/api/attributions/{attribution.pk}", {"role": "minister"}, format="json", HTTP_IF_MATCH=etag)

    assert won.status_code == 200, won.content
    assert won["ETag"] != etag
    assert lost.status_code == 412
    assert lost.json()["code"] == "precondition_failed"
    attribution.refresh_from_db()
    assert attribution.role == "foreign minister"
    assert attribution.review_state == "corrected"


@pytest.mark.django_db(transaction=True)
def test_concurrent_updates_with_the_same_etag_one_wins_one_gets_412():
    """Two requests in flight at once (two threads, two database connections)."""
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    users = [UserFactory(username=name) for name in ("rev1", "rev2")]
    for user in users:
        user.groups.set([Group.objects.get_or_create(name="reviewer")[0]])  # a transactional test may have flushed it
    attribution = AttributionFactory(claim=ClaimFactory(), speaker=SourceFactory(kind="person"))
    clients = [session_client(user) for user in users]
    etag = clients[0].get(f"/api/attributions/{attribution.pk}")["ETag"]
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def correct(client, role):
        try:
            barrier.wait(timeout=10)
            response = client.patch(
                f"/api/attributions/{attribution.pk}", {"role": role}, format="json", HTTP_IF_MATCH=etag
            )
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=correct, args=(client, f"role {n}")) for n, client in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(statuses) == [200, 412]
    assert Attribution.objects.get(pk=attribution.pk).version == 2


def test_update_without_if_match_is_refused_with_428(reviewer, attribution):
    response = session_client(reviewer).patch(f"/api/attributions/{attribution.pk}", {"role": "x"}, format="json")
    assert response.status_code == 428
    assert response.json()["code"] == "precondition_required"
    star = session_client(reviewer).patch(
        f"/api/attributions/{attribution.pk}", {"role": "x"}, format="json", HTTP_IF_MATCH="*"
    )
    assert star.status_code == 428


def test_confirm_needs_the_current_etag(reviewer, attribution):
    client = session_client(reviewer)
    assert (
        client.post(f"/api/attributions/{attribution.pk}/confirm", HTTP_IF_MATCH='"attribution-0-v9"').status_code
        == 412
    )
    etag = client.get(f"/api/attributions/{attribution.pk}")["ETag"]
    response = client.post(f"/api/attributions/{attribution.pk}/confirm", HTTP_IF_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["review_state"] == "confirmed"
    assert response.json()["reviewed_by"] == "bob"


def test_source_edit_and_merge_use_etags(editor):
    client = session_client(editor)
    duplicate, canonical = (
        SourceFactory(name="Interfax agency", kind="news_agency"),
        SourceFactory(name="Interfax", kind="news_agency"),
    )
    etag = client.get(f"/api/sources/{duplicate.pk}")["ETag"]
    renamed = client.patch(
        f"/api/sources/{duplicate.pk}", {"description": "Russian news agency"}, format="json", HTTP_IF_MATCH=etag
    )
    assert renamed.status_code == 200
    stale = client.post(f"/api/sources/{duplicate.pk}/merge", {"into": canonical.pk}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    merged = client.post(
        f"/api/sources/{duplicate.pk}/merge", {"into": canonical.pk}, format="json", HTTP_IF_MATCH=renamed["ETag"]
    )
    assert merged.status_code == 200, merged.content
    assert merged.json()["id"] == canonical.pk
    assert client.get(f"/api/sources/{duplicate.pk}").json()["merged_into"] == canonical.pk


def test_claim_assignment_uses_etags_and_reviewers_cannot_assign(editor, reviewer, claim):
    etag = session_client(editor).get(f"/api/claims/{claim.pk}")["ETag"]
    assert (
        session_client(reviewer)
        .patch(f"/api/claims/{claim.pk}", {"assignee": "bob"}, format="json", HTTP_IF_MATCH=etag)
        .status_code
        == 403
    )
    response = session_client(editor).patch(
        f"/api/claims/{claim.pk}", {"assignee": "bob"}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200, response.content
    assert response.json()["assignee"] == "bob"
    again = session_client(editor).patch(
        f"/api/claims/{claim.pk}", {"assignee": None}, format="json", HTTP_IF_MATCH=etag
    )
    assert again.status_code == 412
