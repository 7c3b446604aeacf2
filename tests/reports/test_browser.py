"""The reports page in a real browser: an editor sees the charts drawn; a reviewer is refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from tests.browser_support import ARTIFACTS, CHROMIUM, LAUNCH_ARGS, require_browser
from tests.factories import ArticleFactory, AttributionFactory, ClaimFactory, SourceFactory
from tests.reports.conftest import record

PASSWORD = "correct horse battery staple"  # UserFactory's

pytestmark = pytest.mark.browser


def _newsroom(editor: Any) -> None:
    publisher = SourceFactory(name="The Daily", kind="outlet")
    people = [SourceFactory(name=f"Person {i}") for i in range(3)]
    agency = SourceFactory(name="Interfax", kind="news_agency")
    now = timezone.now()
    for index in range(12):
        claim = ClaimFactory(article=ArticleFactory(publisher=publisher), created_at=now - dt.timedelta(days=index * 4))
        if index % 4:
            AttributionFactory(claim=claim, speaker=people[index % 3] if index % 3 else agency)
        if index in (2, 5):
            record(claim, editor, "corroborated" if index == 2 else "contradicted")


def _log_in(page: Any, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def _drawn_pixels(page: Any, canvas_id: str) -> int:
    return int(
        page.evaluate(
            """(id) => {
                const canvas = document.getElementById(id);
                if (!canvas || !window.Chart || !Chart.getChart(canvas)) return 0;
                const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let drawn = 0;
                for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) drawn++; }
                return drawn;
            }""",
            canvas_id,
        )
    )


def test_editor_sees_the_report_charts_and_a_reviewer_is_refused(
    live_server: Any, settings: Any, editor: Any, reviewer: Any
) -> None:
    require_browser()
    from playwright.sync_api import sync_playwright

    settings.SESSION_COOKIE_SECURE = False  # the live server speaks plain http
    settings.CSRF_COOKIE_SECURE = False
    _newsroom(editor)  # all database work happens before the browser's event loop starts
    ARTIFACTS.mkdir(exist_ok=True)
    external: list[str] = []

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 1000})
            page = context.new_page()
            page.on(
                "request",
                lambda request: external.append(request.url) if not request.url.startswith(live_server.url) else None,
            )
            _log_in(page, live_server.url, editor.username)

            response = page.goto(f"{live_server.url}/reports/")
            assert response is not None and response.status == 200
            page.wait_for_selector("#chart-kind[data-rendered=true]")
            page.wait_for_selector("#chart-age[data-rendered=true]")
            assert _drawn_pixels(page, "chart-kind") > 500
            assert _drawn_pixels(page, "chart-age") > 500
            assert page.locator("#by-kind table").is_visible()  # the plain-table fallback is there too
            page.screenshot(path=str(ARTIFACTS / "reports-unverified.png"), full_page=True)

            page.get_by_role("link", name="Backlog over time").click()
            page.wait_for_selector("#chart-backlog[data-rendered=true]")
            assert _drawn_pixels(page, "chart-backlog") > 500
            page.screenshot(path=str(ARTIFACTS / "reports-backlog.png"), full_page=True)
            assert external == []  # every asset came from the app itself

            other = browser.new_context().new_page()
            _log_in(other, live_server.url, reviewer.username)
            refused = other.goto(f"{live_server.url}/reports/")
            assert refused is not None and refused.status == 403
            assert other.locator("canvas").count() == 0
        finally:
            browser.close()
