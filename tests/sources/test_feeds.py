"""Feeds polled from a local HTTP server: each entry imported once; hostile XML refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from claims.models import Claim
from sources.feeds import feeds_poll_due, parse_feed
from sources.jobs import ImportInputError, import_job_create, import_job_execute
from sources.models import Article, Feed, FeedEntry, ImportJob, ImportKind, ImportStatus, Source
from tests.sources.conftest import LocalServer, article_html

pytestmark = pytest.mark.django_db

STORIES = {
    "/one": [
        "Foreign Minister Sergey Lavrov said Russia would keep troops in the region, according to Interfax.",
        "The European Union said monitors would arrive next month.",
    ],
    "/two": [
        "President Mikheil Saakashvili said Georgia would rebuild the roads.",
        "Officials said the bridge would reopen in May.",
    ],
}


def rss(server: LocalServer, entries: list[tuple[str, str]]) -> str:
    items = "".join(
        f"<item><guid>{guid}</guid><title>Story {guid}</title><link>{server.url(path)}</link>"
        f"<pubDate>Tue, 09 Sep 2008 10:00:00 GMT</pubDate></item>"
        for guid, path in entries
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Civil Georgia</title>{items}</channel></rss>'


def _serve_stories(server: LocalServer) -> None:
    for path, paragraphs in STORIES.items():
        server.add(path, article_html(title=f"Page {path}", body_paragraphs=paragraphs))


def _poll(feed: Feed) -> ImportJob:
    job = import_job_create(kind=ImportKind.FEED, payload={"feed_id": feed.pk})
    import_job_execute(job_id=job.pk)
    job.refresh_from_db()
    return job


def test_each_new_entry_is_imported_once(local_server: LocalServer, allow_local_fetches: None) -> None:
    _serve_stories(local_server)
    feed_url = local_server.add(
        "/feed",
        rss(local_server, [("a", "/one"), ("b", "/two")]),
        headers={"Content-Type": "application/rss+xml", "ETag": '"v1"'},
    )
    feed = Feed.objects.create(url=feed_url)

    first = _poll(feed)

    assert first.status == ImportStatus.SUCCEEDED, first.error
    assert (first.items_done, first.items_total) == (2, 2)
    assert [r["status"] for r in first.results] == ["succeeded", "succeeded"]
    assert Article.objects.count() == 2 and Claim.objects.count() == 4
    article = Article.objects.get(url=local_server.url("/one"))
    assert (article.title, article.published) == ("Story a", dt.date(2008, 9, 9))
    assert article.publisher is not None and article.publisher.name == "Civil Georgia"
    feed.refresh_from_db()
    assert (feed.title, feed.etag, feed.last_error) == ("Civil Georgia", '"v1"', "")
    assert feed.last_fetched_at is not None

    # Unchanged feed: the conditional request gets a 304 and nothing is fetched again.
    second = _poll(feed)
    assert second.status == ImportStatus.SUCCEEDED and second.results == [], second.error
    assert local_server.requests[-1][1].get("If-None-Match") == '"v1"'

    # Changed feed: a new entry id with the same text as an old one resolves to the old article.
    local_server.add(
        "/feed",
        rss(local_server, [("a", "/one"), ("b", "/two"), ("c", "/one")]),
        headers={"Content-Type": "application/rss+xml", "ETag": '"v2"'},
    )
    third = _poll(feed)
    assert [(r["entry"], r["created"]) for r in third.results] == [("c", False)]
    assert Article.objects.count() == 2 and Claim.objects.count() == 4
    assert FeedEntry.objects.filter(feed=feed).count() == 3


def test_an_entry_that_fails_is_reported_and_the_others_imported(
    local_server: LocalServer, allow_local_fetches: None
) -> None:
    _serve_stories(local_server)
    feed = Feed.objects.create(url=local_server.add("/feed", rss(local_server, [("a", "/one"), ("gone", "/missing")])))

    job = _poll(feed)

    assert job.status == ImportStatus.SUCCEEDED
    failed = [r for r in job.results if r["status"] == "failed"]
    assert len(failed) == 1 and "HTTP 404" in failed[0]["error"]
    assert Article.objects.count() == 1


def test_entries_with_full_content_are_imported_without_fetching(
    local_server: LocalServer, allow_local_fetches: None
) -> None:
    content = "".join(f"<p>{p}</p>" for p in STORIES["/one"])
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Agency wire</title>'
        '<entry><id>urn:x:1</id><title>Wire story</title><link href="http://wire.example/never-fetched"/>'
        f'<updated>2008-09-10T08:00:00Z</updated><content type="html"><![CDATA[{content}]]></content></entry></feed>'
    )
    feed = Feed.objects.create(url=local_server.add("/atom", atom, headers={"Content-Type": "application/atom+xml"}))

    job = _poll(feed)

    assert job.status == ImportStatus.SUCCEEDED, job.error
    article = Article.objects.get()
    assert article.text == "\n\n".join(STORIES["/one"])
    assert article.published == dt.date(2008, 9, 10)
    assert [path for path, _ in local_server.requests] == ["/atom"]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title></channel></rss>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&xxe;</title></channel></rss>"""
EXTERNAL_DTD = b"""<?xml version="1.0"?><!DOCTYPE rss SYSTEM "http://169.254.169.254/evil.dtd"><rss version="2.0"><channel/></rss>"""


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (BILLION_LAUGHS, "hostile or malformed feed"),
        (EXTERNAL_ENTITY, "hostile or malformed feed"),
        (EXTERNAL_DTD, "hostile or malformed feed"),
        (b"<rss><channel><title>unclosed</channel>", "not well-formed XML"),
        (b"<html><body>not a feed</body></html>", "not an RSS or Atom feed"),
        (b"", "the feed is empty"),
    ],
)
def test_a_hostile_or_malformed_feed_fails_the_poll_with_a_reason(
    local_server: LocalServer, allow_local_fetches: None, body: bytes, reason: str
) -> None:
    feed = Feed.objects.create(url=local_server.add("/bad", body, headers={"Content-Type": "application/xml"}))

    job = _poll(feed)

    assert job.status == ImportStatus.FAILED and reason in job.error
    feed.refresh_from_db()
    assert reason in feed.last_error
    assert Article.objects.count() == 0 and Source.objects.count() == 0 and FeedEntry.objects.count() == 0


def test_parse_feed_refuses_entity_expansion_directly() -> None:
    with pytest.raises(ImportInputError, match="entities"):
        parse_feed(BILLION_LAUGHS)


def test_a_feed_on_a_private_address_is_refused(local_server: LocalServer) -> None:
    feed = Feed.objects.create(url=local_server.add("/feed", rss(local_server, [])))

    job = _poll(feed)

    assert job.status == ImportStatus.FAILED and "does not fetch those" in job.error
    assert local_server.requests == []


def test_only_due_active_feeds_are_polled_and_their_next_poll_is_scheduled() -> None:
    now = timezone.now()
    due = Feed.objects.create(
        url="https://a.example/feed", poll_interval_minutes=15, next_poll_at=now - dt.timedelta(minutes=1)
    )
    Feed.objects.create(url="https://b.example/feed", next_poll_at=now + dt.timedelta(minutes=5))
    Feed.objects.create(url="https://c.example/feed", active=False, next_poll_at=now - dt.timedelta(minutes=1))

    jobs = feeds_poll_due(now=now)

    assert [job.payload for job in jobs] == [{"feed_id": due.pk}]
    assert jobs[0].kind == ImportKind.FEED and jobs[0].status == ImportStatus.QUEUED
    due.refresh_from_db()
    assert due.next_poll_at == now + dt.timedelta(minutes=15)
    # Still running: the next due time does not queue a second poll of the same feed.
    later = feeds_poll_due(now=now + dt.timedelta(minutes=16))
    assert {"feed_id": due.pk} not in [job.payload for job in later]
