from __future__ import annotations


def test_reviewer_lists_and_reads_claims(clients, claim):
    response = clients["reviewer"].get("/api/claims")
    assert response.status_code == 200, response.content
    assert response.json()["results"][0]["id"] == claim.pk
    detail = clients["reviewer"].get(f"/api/claims/{claim.pk}")
    assert detail.status_code == 200
    assert detail["ETag"] == f'"claim-{claim.pk}-v1"'


def test_schema_is_served(clients):
    assert clients["anonymous"].get("/api/schema/").status_code == 200
