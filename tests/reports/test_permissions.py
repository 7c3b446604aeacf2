"""Reports are for editors: (url, persona, status) as a table."""

from __future__ import annotations

from typing import Any

import pytest

PAGES = [
    "/reports/",
    "/reports/?by=relay",
    "/reports/backlog/",
    "/reports/backlog/?period=week",
    "/reports/sources/",
    "/reports/reviewers/",
    "/reports/extractor/",
    "/reports/claims/",
    "/reports/unverified.csv",
    "/reports/backlog.csv",
    "/reports/sources.csv",
    "/reports/reviewers.csv",
    "/reports/extractor.csv",
    "/reports/claims.csv",
]
API = [
    "/api/reports/unverified/",
    "/api/reports/backlog/",
    "/api/reports/sources/",
    "/api/reports/reviewers/",
    "/api/reports/extractor/",
    "/api/reports/claims/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES + API)
@pytest.mark.parametrize(("persona", "status"), [("editor", 200), ("reviewer", 403), ("outsider", 403)])
def test_report_access(url: str, persona: str, status: int, client: Any, request: pytest.FixtureRequest) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url).status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_log_in(url: str, client: Any) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("url", API)
def test_anonymous_api_calls_are_refused(url: str, client: Any) -> None:
    assert client.get(url).status_code in (401, 403)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/reports/?date_from=2026-02-30",
        "/reports/?date_from=2026-03-02&date_to=2026-03-01",
        "/reports/?by=nonsense",
        "/reports/backlog/?period=year",
        "/reports/claims/?kind=9",
        "/reports/claims/?age=old",
    ],
)
def test_bad_filters_are_a_400_not_a_crash(url: str, editor: Any, client: Any) -> None:
    client.force_login(editor)
    assert client.get(url).status_code == 400


@pytest.mark.django_db
def test_bad_api_filters_are_a_400(editor: Any, client: Any) -> None:
    client.force_login(editor)
    assert client.get("/api/reports/unverified/?date_to=yesterday").status_code == 400


@pytest.mark.django_db
def test_editors_see_the_reports_link_and_reviewers_do_not(editor: Any, reviewer: Any, client: Any) -> None:
    client.force_login(editor)
    assert 'href="/reports/"' in client.get("/").content.decode()
    client.force_login(reviewer)
    assert 'href="/reports/"' not in client.get("/").content.decode()
