"""The Feeds page: editors add, edit, pause, resume and poll feeds; reviewers read; every change is audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

from sources.models import Feed, FeedEntry, ImportJob, ImportKind, ImportStatus, Source
from tests.assets import external_assets
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

FEEDS = "/imports/feeds/"


def browser(user: Any) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def post(client: Client, url: str, data: dict[str, Any] | None = None) -> Any:
    """POST as the page's forms do: with the CSRF token the page rendered."""
    client.get(FEEDS)
    return client.post(url, {**(data or {}), "csrfmiddlewaretoken": client.cookies["csrftoken"].value})


def feed_events(feed: Feed) -> list[tuple[str, str, Any]]:
    events = apps.get_model("sources", "FeedEvent").objects.filter(pgh_obj_id=feed.pk).select_related("pgh_context")
    metadata = [(e.pgh_label, e.pgh_context.metadata if e.pgh_context else {}) for e in events.order_by("pgh_id")]
    return [(label, data.get("action", ""), data.get("user")) for label, data in metadata]


def test_the_page_lists_feeds_with_their_state_entry_count_latest_poll_and_last_error(editor: Any) -> None:
    publisher = Source.objects.create(name="Civil Georgia", kind="outlet")
    feed = Feed.objects.create(
        url="https://civil.ge/feed",
        title="Civil.ge news",
        publisher=publisher,
        poll_interval_minutes=15,
        last_fetched_at=timezone.now(),
        last_error="the feed is not well-formed XML (syntax error: line 1, column 0)",
    )
    Feed.objects.create(url="https://example.org/rss", active=False)
    article = ArticleFactory()
    done = {"finished_at": timezone.now()}
    older = ImportJob.objects.create(
        kind=ImportKind.FEED, payload={"feed_id": feed.pk}, status=ImportStatus.SUCCEEDED, **done
    )
    latest = ImportJob.objects.create(
        kind=ImportKind.FEED,
        payload={"feed_id": feed.pk},
        status=ImportStatus.FAILED,
        error="HTTP 503 from the server",
        **done,
    )
    FeedEntry.objects.create(feed=feed, entry_id="a", job=older, article=article)
    FeedEntry.objects.create(feed=feed, entry_id="b", job=older, article=None)  # failed entry: no article

    page = browser(editor).get(FEEDS).content.decode()

    row = page[page.index(f'id="feed-{feed.pk}"') : page.index("</tr>", page.index(f'id="feed-{feed.pk}"'))]
    assert "Civil.ge news" in row and "https://civil.ge/feed" in row and "Civil Georgia" in row and "15 min" in row
    assert 'role="alert"><strong>Last error:</strong> the feed is not well-formed XML' in row
    assert '<td class="num">1</td>' in row
    assert f'<a href="/imports/{latest.pk}/">Import #{latest.pk}</a>' in row and "Failed" in row
    assert f"/imports/{older.pk}/" not in row
    assert "Paused" in page and "Resume" in page and "Poll now" in page
    assert 'aria-current="page">Feeds</a>' in page and external_assets(page) == []


def test_the_import_page_links_to_the_feeds(reviewer: Any) -> None:
    page = browser(reviewer).get("/imports/").content.decode()

    assert f'href="{FEEDS}"' in page and 'aria-current="page">Import</a>' in page


def test_an_editor_adds_a_feed_and_the_change_is_audited(editor: Any) -> None:
    client = browser(editor)

    response = post(
        client,
        FEEDS,
        {"url": "https://civil.ge/feed", "title": "", "publisher": "Civil Georgia", "poll_interval_minutes": "20"},
    )

    assert response.status_code == 302 and response["Location"] == FEEDS
    feed = Feed.objects.get()
    assert (feed.url, feed.poll_interval_minutes, feed.active) == ("https://civil.ge/feed", 20, True)
    assert feed.publisher is not None and feed.publisher.name == "Civil Georgia"
    assert feed_events(feed) == [("insert", "sources.feed.created", editor.pk)]
    assert "Feed https://civil.ge/feed added" in client.get(FEEDS).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"url": "not a url"}, "Enter a valid URL."),
        ({"url": "ftp://civil.ge/feed"}, "a feed URL must start with http:// or https://"),
        (
            {"url": "https://civil.ge/feed", "poll_interval_minutes": "0"},
            "Ensure this value is greater than or equal to 1.",
        ),
        ({"url": "https://known.example/rss"}, "this feed is already in the workbench"),
    ],
    ids=["bad-url", "not-http", "interval-below-one", "duplicate"],
)
def test_an_invalid_feed_is_refused_with_a_clear_error_and_the_form_keeps_its_input(
    editor: Any, data: dict[str, str], message: str
) -> None:
    Feed.objects.create(url="https://known.example/rss")
    form = {"url": "", "title": "Kept title", "publisher": "Kept Publisher", "poll_interval_minutes": "45", **data}

    response = post(browser(editor), FEEDS, form)

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'value="Kept title"' in page and 'value="Kept Publisher"' in page
    assert f'value="{form["url"]}"' in page and f'value="{form["poll_interval_minutes"]}"' in page
    assert Feed.objects.count() == 1 and not Source.objects.filter(name="Kept Publisher").exists()


def test_an_editor_edits_a_feed_from_a_form_that_starts_from_its_settings_and_the_change_is_audited(
    editor: Any,
) -> None:
    publisher = Source.objects.create(name="Civil Georgia", kind="outlet")
    feed = Feed.objects.create(
        url="https://civil.ge/feed", title="Civil.ge", publisher=publisher, poll_interval_minutes=15
    )
    client = browser(editor)
    assert f'href="{FEEDS}{feed.pk}/edit/"' in client.get(FEEDS).content.decode()

    form_page = client.get(f"{FEEDS}{feed.pk}/edit/").content.decode()
    assert 'value="https://civil.ge/feed"' in form_page and 'value="Civil.ge"' in form_page
    assert 'value="Civil Georgia"' in form_page and 'value="15"' in form_page and external_assets(form_page) == []

    # Saving it unchanged is not a duplicate of itself.
    unchanged = post(
        client,
        f"{FEEDS}{feed.pk}/edit/",
        {
            "url": "https://civil.ge/feed",
            "title": "Civil.ge",
            "publisher": "Civil Georgia",
            "poll_interval_minutes": "15",
        },
    )
    assert unchanged.status_code == 302
    response = post(
        client,
        f"{FEEDS}{feed.pk}/edit/",
        {
            "url": "https://civil.ge/en/feed",
            "title": "Civil.ge (English)",
            "publisher": "",
            "poll_interval_minutes": "60",
        },
    )

    assert response.status_code == 302 and response["Location"] == FEEDS
    feed.refresh_from_db()
    assert (feed.url, feed.title, feed.publisher, feed.poll_interval_minutes, feed.active) == (
        "https://civil.ge/en/feed",
        "Civil.ge (English)",
        None,
        60,
        True,
    )
    assert feed_events(feed)[-1] == ("update", "sources.feed.updated", editor.pk)
    assert "Feed Civil.ge (English) saved." in client.get(FEEDS).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"url": "https://known.example/rss"}, "this feed is already in the workbench"),
        ({"poll_interval_minutes": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"url": "ftp://civil.ge/feed"}, "a feed URL must start with http:// or https://"),
    ],
    ids=["another-feeds-url", "interval-below-one", "not-http"],
)
def test_an_invalid_edit_is_refused_with_a_clear_error_keeps_the_input_and_changes_nothing(
    editor: Any, data: dict[str, str], message: str
) -> None:
    Feed.objects.create(url="https://known.example/rss")
    feed = Feed.objects.create(url="https://civil.ge/feed", title="Civil.ge", poll_interval_minutes=15)
    form = {
        "url": "https://civil.ge/feed",
        "title": "New title",
        "publisher": "",
        "poll_interval_minutes": "45",
        **data,
    }

    response = post(browser(editor), f"{FEEDS}{feed.pk}/edit/", form)

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and 'value="New title"' in page and f'value="{form["url"]}"' in page
    feed.refresh_from_db()
    assert (feed.url, feed.title, feed.poll_interval_minutes) == ("https://civil.ge/feed", "Civil.ge", 15)


def test_an_editor_pauses_and_resumes_a_feed_and_both_are_audited(editor: Any) -> None:
    feed = Feed.objects.create(url="https://civil.ge/feed")
    client = browser(editor)

    assert post(client, f"{FEEDS}{feed.pk}/pause/").status_code == 302
    feed.refresh_from_db()
    assert feed.active is False
    assert "Resume" in client.get(FEEDS).content.decode()

    assert post(client, f"{FEEDS}{feed.pk}/resume/").status_code == 302
    feed.refresh_from_db()
    assert feed.active is True
    assert feed_events(feed)[-2:] == [
        ("update", "sources.feed.paused", editor.pk),
        ("update", "sources.feed.resumed", editor.pk),
    ]


def test_poll_now_queues_the_feed_job_the_api_and_beat_use(editor: Any) -> None:
    feed = Feed.objects.create(url="https://civil.ge/feed")
    client = browser(editor)

    response = post(client, f"{FEEDS}{feed.pk}/poll/")

    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert (job.kind, job.payload, job.status, job.created_by) == (
        ImportKind.FEED,
        {"feed_id": feed.pk},
        ImportStatus.QUEUED,
        editor,
    )
    assert f'<a href="/imports/{job.pk}/">Import #{job.pk}</a>' in client.get(FEEDS).content.decode()


def test_poll_now_while_a_poll_is_queued_or_running_says_so_and_queues_nothing(editor: Any) -> None:
    feed = Feed.objects.create(url="https://civil.ge/feed")
    other = Feed.objects.create(url="https://civil.ge/other-feed")
    client = browser(editor)
    post(client, f"{FEEDS}{feed.pk}/poll/")
    running = ImportJob.objects.get()
    running.status = ImportStatus.RUNNING
    running.save(update_fields=["status"])

    response = post(client, f"{FEEDS}{feed.pk}/poll/")
    page = client.get(response["Location"]).content.decode()

    assert ImportJob.objects.count() == 1
    assert f"is already being polled, as import #{running.pk}." in page
    # Another feed's poll is not held up by it.
    post(client, f"{FEEDS}{other.pk}/poll/")
    assert ImportJob.objects.filter(payload__feed_id=other.pk).count() == 1
    # Once the running poll is finished, a new one is queued.
    ImportJob.objects.filter(pk=running.pk).update(status=ImportStatus.SUCCEEDED, finished_at=timezone.now())
    post(client, f"{FEEDS}{feed.pk}/poll/")
    assert ImportJob.objects.filter(payload__feed_id=feed.pk).count() == 2


def test_a_reviewer_sees_the_feeds_read_only_and_is_refused_every_change(reviewer: Any) -> None:
    feed = Feed.objects.create(url="https://civil.ge/feed", last_error="HTTP 503 from the server")
    client = browser(reviewer)

    page = client.get(FEEDS).content.decode()
    assert "https://civil.ge/feed" in page and "HTTP 503 from the server" in page
    assert "Add a feed" not in page and "Poll now" not in page and "Pause" not in page and "/edit/" not in page
    assert client.get(f"{FEEDS}{feed.pk}/edit/").status_code == 403

    edit = f"{FEEDS}{feed.pk}/edit/"
    for url in (FEEDS, edit, f"{FEEDS}{feed.pk}/pause/", f"{FEEDS}{feed.pk}/resume/", f"{FEEDS}{feed.pk}/poll/"):
        assert (
            post(client, url, {"url": "https://other.example/rss", "poll_interval_minutes": "5"}).status_code == 403
        ), url
    feed.refresh_from_db()
    assert feed.active is True and Feed.objects.count() == 1 and ImportJob.objects.count() == 0


@pytest.mark.parametrize(
    "url", [FEEDS, FEEDS + "{pk}/edit/", FEEDS + "{pk}/pause/", FEEDS + "{pk}/resume/", FEEDS + "{pk}/poll/"]
)
def test_a_user_without_a_role_is_refused_and_an_anonymous_one_sent_to_log_in(outsider: Any, url: str) -> None:
    feed = Feed.objects.create(url="https://civil.ge/feed")
    url = url.format(pk=feed.pk)
    client = Client()
    client.force_login(outsider)

    if url == FEEDS:
        assert client.get(url).status_code == 403
    assert client.post(url, {"url": "https://other.example/rss", "poll_interval_minutes": "5"}).status_code == 403
    anonymous = Client().post(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")
    assert Client().get(FEEDS).status_code == 302
    feed.refresh_from_db()
    assert feed.active is True and feed.url == "https://civil.ge/feed"
    assert Feed.objects.count() == 1 and ImportJob.objects.count() == 0


def test_changes_need_a_post_with_the_csrf_token(editor: Any) -> None:
    feed = Feed.objects.create(url="https://civil.ge/feed")
    client = browser(editor)

    assert client.get(f"{FEEDS}{feed.pk}/pause/").status_code == 405
    assert client.post(f"{FEEDS}{feed.pk}/pause/").status_code == 403  # no token
    feed.refresh_from_db()
    assert feed.active is True


def test_a_missing_feed_is_a_404(editor: Any) -> None:
    assert post(browser(editor), f"{FEEDS}999999/poll/").status_code == 404
    assert browser(editor).get(f"{FEEDS}999999/edit/").status_code == 404


def test_the_api_adds_feeds_through_the_same_audited_service(editor: Any) -> None:
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(editor)

    created = client.post("/api/feeds/", {"url": "https://civil.ge/feed", "publisher": "Civil Georgia"}, format="json")
    duplicate = client.post("/api/feeds/", {"url": "https://civil.ge/feed"}, format="json")

    assert created.status_code == 201 and duplicate.status_code == 400
    feed = Feed.objects.get()
    assert feed_events(feed) == [("insert", "sources.feed.created", editor.pk)]
