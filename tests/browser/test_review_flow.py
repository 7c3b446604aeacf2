"""The review workflow in a real browser (Debian's Chromium driven by Playwright).

Skipped with a reason where /usr/bin/chromium is absent; with REQUIRE_BROWSER_TESTS=1
(CI, .ci/run) a missing browser is a failure instead.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from claims.models import Claim, Evidence, Verdict
from tests.browser_support import ARTIFACTS, CHROMIUM, LAUNCH_ARGS, require_browser

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(live_server: Any, settings: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The demo accounts and the seed article, as `make run` sets them up (imported here without a worker)."""
    require_browser()
    # DEBUG is false in tests: the cookies would otherwise be https-only and the http live server could not log in.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    # Playwright's sync API runs an event loop in this thread; the ORM calls below happen outside it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from tests.claims.conftest import seed_import

    # A transactional test's flush empties the groups the roles migration created; demo_setup expects them.
    for role in ("reviewer", "editor"):
        Group.objects.get_or_create(name=role)
    article = seed_import()
    call_command("demo_setup", stdout=io.StringIO())
    claims = {claim.position + 1: claim for claim in Claim.objects.filter(article=article)}
    return {"url": live_server.url, "article": article, "claims": claims}


def _log_in_as_demo_reviewer(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/login/")
    page.get_by_label("Username").fill("reviewer")
    page.get_by_label("Password").fill("reviewer-demo-password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/")


def test_a_reviewer_corroborates_sentence_1_with_sentence_2_using_the_keyboard(demo: dict[str, Any]) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, article, claims = demo["url"], demo["article"], demo["claims"]
    one, two = claims[1], claims[2]
    ARTIFACTS.mkdir(exist_ok=True)
    external: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("request", lambda request: None if request.url.startswith(base) else external.append(request.url))
            _log_in_as_demo_reviewer(page, base)
            expect(page.get_by_role("heading", name="Unverified — most check-worthy first")).to_be_visible()
            page.screenshot(path=str(ARTIFACTS / "review-queues.png"), full_page=True)

            page.get_by_role("link", name=article.title).click()
            highlighted = page.locator("#article-body a.claim")
            expect(highlighted).to_have_count(16)
            expect(page.locator("#article-body a.claim.status-unverified")).to_have_count(16)

            # The reader's script is deferred: wait until it has bound the shortcuts.
            expect(page.locator("html[data-review-ready]")).to_have_count(1)
            page.keyboard.press("?")
            expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
            page.keyboard.press("Escape")
            expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_hidden()

            page.keyboard.press("j")
            panel = page.locator(f'#claim-panel[data-claim="{one.pk}"]')
            expect(panel).to_be_visible()
            expect(panel.get_by_role("heading", name="Sentence 1")).to_be_visible()
            expect(panel).to_contain_text("Anatoly Serdyukov")
            expect(panel).to_contain_text("7,600 total = 2 × 3,800")

            page.keyboard.press("c")
            evidence = page.get_by_label("Claim as evidence")
            expect(evidence).to_be_focused()
            expect(page.get_by_label("Verdict", exact=True)).to_have_value("corroborated")
            page.keyboard.type("2")
            page.keyboard.press("Enter")

            expect(page.locator(f"#claim-{one.pk}")).to_have_class("claim status-corroborated selected")
            expect(page.locator("#panel-status")).to_have_text("Corroborated")
            expect(page.locator("#claim-panel .announcement")).to_have_text("Verdict recorded: Corroborated.")
            expect(page.get_by_role("status")).to_have_text("Verdict recorded: Corroborated.")  # announced
            history = page.locator("#history")
            expect(history).to_contain_text("reviewer · verdict recorded")
            expect(page.locator(".verdicts")).to_contain_text("sentence 2")
            page.screenshot(path=str(ARTIFACTS / "review-corroborate-1280.png"), full_page=True)

            page.set_viewport_size({"width": 820, "height": 1180})  # a tablet held upright
            page.keyboard.press("Escape")
            page.locator(f"#claim-{one.pk}").focus()
            page.keyboard.press("j")
            expect(page.locator(f'#claim-panel[data-claim="{two.pk}"]')).to_be_visible()
            body_box, panel_box = page.locator("#article-body").bounding_box(), page.locator("#panel").bounding_box()
            assert body_box is not None and panel_box is not None
            assert panel_box["y"] >= body_box["y"] + body_box["height"] - 1  # the panel moves under the text
            assert page.evaluate("document.documentElement.scrollWidth") <= 820
            page.screenshot(path=str(ARTIFACTS / "review-tablet-820.png"), full_page=True)

            page.set_viewport_size({"width": 1280, "height": 900})
            page.locator("#claim-panel").get_by_role("link", name="Anatoly Serdyukov").first.click()
            expect(page.get_by_role("heading", name="Anatoly Serdyukov")).to_be_visible()
            expect(page.locator("tbody tr")).to_have_count(4)
            expect(page.locator("tbody")).to_contain_text("Corroborated")
            page.screenshot(path=str(ARTIFACTS / "review-source.png"), full_page=True)
        finally:
            browser.close()

    assert external == []  # nothing from a CDN
    verdict = Verdict.objects.get(claim=one)
    assert (verdict.value, verdict.reviewer.username) == ("corroborated", "reviewer")
    evidence_row = Evidence.objects.get(verdict=verdict)
    assert (evidence_row.kind, evidence_row.stance, evidence_row.related_claim_id) == ("claim", "supports", two.pk)
    assert Claim.objects.get(pk=one.pk).status == "corroborated"
