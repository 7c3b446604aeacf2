"""RSS and Atom feeds: polling when due, parsing safely, importing each new entry once.

A poll is an import job (kind ``feed``, payload ``{"feed_id": ...}``) so it has
progress, a per-entry result and a failure reason like any other import.  An
entry is imported once: ``FeedEntry`` is unique per (feed, entry id) and is
written in the same transaction as the entry's article; the same text under
another id resolves to the existing article by content hash.

The XML is checked with defusedxml before feedparser sees it: a DOCTYPE,
entity declarations (billion laughs) and external references are refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sources.jobs import (
    ArticleImported,
    ImportInputError,
    JobProgress,
    TransientImportError,
    article_import,
    article_input_from_payload,
    import_job_create,
    url_article,
)
from sources.models import Feed, FeedEntry, ImportJob, ImportKind

FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"


@dataclass(frozen=True)
class FeedItem:
    entry_id: str
    link: str
    title: str = ""
    author: str = ""
    published: dt.date | None = None
    content_html: str = ""


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    items: list[FeedItem]


def parse_feed(data: bytes) -> ParsedFeed:
    """Parse RSS or Atom bytes; hostile or malformed XML raises ``ImportInputError``."""
    import feedparser
    from defusedxml import DefusedXmlException
    from defusedxml import ElementTree as SafeElementTree

    if not data.strip():
        raise ImportInputError("the feed is empty")
    try:
        SafeElementTree.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise ImportInputError(
            "the feed declares a DTD, XML entities or external references (a hostile or malformed feed); refused"
        ) from None
    except SafeElementTree.ParseError as error:
        raise ImportInputError(f"the feed is not well-formed XML ({error})") from None
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=True)
    if not parsed.get("version"):
        raise ImportInputError("the document is XML but not an RSS or Atom feed")
    items = [_item(entry) for entry in parsed.entries[: settings.FEED_MAX_ENTRIES]]
    return ParsedFeed(title=str(parsed.feed.get("title") or "")[:500], items=[item for item in items if item.entry_id])


def _item(entry: Any) -> FeedItem:
    link = str(entry.get("link") or "")
    title = str(entry.get("title") or "")
    entry_id = str(entry.get("id") or link)
    content = entry.get("content") or []
    content_html = str(content[0].get("value") or "") if content else ""
    if not entry_id and (title or content_html):
        entry_id = "sha256:" + hashlib.sha256((title + content_html).encode()).hexdigest()
    published = None
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if stamp:
        published = dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
    return FeedItem(
        entry_id=entry_id[:2000], link=link[:2000], title=title, author=str(entry.get("author") or ""),
        published=published, content_html=content_html,
    )


def feeds_poll_due(*, now: dt.datetime | None = None) -> list[ImportJob]:
    """Queue one poll job per active feed whose next poll is due; locked rows are some other beat's."""
    now = now or timezone.now()
    jobs: list[ImportJob] = []
    with transaction.atomic():
        for feed in Feed.objects.select_for_update(skip_locked=True).filter(active=True, next_poll_at__lte=now):
            Feed.objects.filter(pk=feed.pk).update(next_poll_at=now + dt.timedelta(minutes=feed.poll_interval_minutes))
            if ImportJob.objects.unfinished().filter(kind=ImportKind.FEED, payload__feed_id=feed.pk).exists():
                continue  # the previous poll is still running
            jobs.append(import_job_create(kind=ImportKind.FEED, payload={"feed_id": feed.pk}))
    return jobs


def feed_poll(*, feed: Feed, created_by: Any = None) -> ImportJob:
    """Queue a poll of one feed now (the API's and UI's "poll now")."""
    return import_job_create(kind=ImportKind.FEED, payload={"feed_id": feed.pk}, created_by=created_by)


def _entry_text(item: FeedItem) -> tuple[str, dict[str, str]]:
    from sources.documents import MIN_ARTICLE_CHARS, html_fragment_text

    if item.content_html:
        text = html_fragment_text(item.content_html)
        if len(text) >= MIN_ARTICLE_CHARS:
            return text, {}
    if not item.link:
        raise ImportInputError("the entry has neither full content nor a link")
    return url_article(item.link)


def feed_import_entries(*, job: ImportJob, progress: JobProgress) -> None:
    """Fetch the job's feed and import its new entries (called by the feed job)."""
    from sources.fetching import fetch

    feed = Feed.objects.select_related("publisher").filter(pk=job.payload.get("feed_id")).first()
    if feed is None:
        raise ImportInputError(f"feed {job.payload.get('feed_id')} no longer exists")
    headers = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    try:
        fetched = fetch(feed.url, headers=headers, accept=FEED_ACCEPT)
        parsed = parse_feed(fetched.content) if fetched.status != 304 else None
    except (ImportInputError, TransientImportError) as error:
        Feed.objects.filter(pk=feed.pk).update(last_fetched_at=timezone.now(), last_error=str(error)[:1000])
        raise
    updates: dict[str, Any] = {"last_fetched_at": timezone.now(), "last_error": ""}
    if parsed is not None:
        updates.update(etag=fetched.headers.get("etag", "")[:500], last_modified=fetched.headers.get("last-modified", "")[:100])
        if not feed.title and parsed.title:
            updates["title"] = parsed.title
    Feed.objects.filter(pk=feed.pk).update(**updates)
    if parsed is None:
        return  # 304 Not Modified
    seen = set(FeedEntry.objects.filter(feed=feed, entry_id__in=[i.entry_id for i in parsed.items]).values_list("entry_id", flat=True))
    new = [item for item in parsed.items if item.entry_id not in seen]
    progress.items_known(len(progress.results) + len(new))
    publisher = feed.publisher.name if feed.publisher else (feed.title or updates.get("title") or "")
    for item in new:
        _import_entry(job=job, progress=progress, feed=feed, item=item, publisher=publisher)


def _import_entry(*, job: ImportJob, progress: JobProgress, feed: Feed, item: FeedItem, publisher: str) -> None:
    result: dict[str, Any] = {"index": len(progress.results), "entry": item.entry_id, "link": item.link}
    try:
        text, metadata = _entry_text(item)
        article_input = article_input_from_payload(
            {"title": item.title, "author": item.author, "published": item.published, "publisher": publisher,
             "url": item.link},
            defaults={**metadata, "text": text},
        )
    except ImportInputError as error:
        with transaction.atomic():
            _record_entry(feed=feed, item=item, job=job, article_id=None)
            progress.item_done({**result, "status": "failed", "error": str(error)})
        return
    except TransientImportError as error:
        # Not recorded as seen: the next poll tries this entry again.
        progress.item_done_alone({**result, "status": "failed", "error": f"{error} (tried again at the next poll)"})
        return

    def done(imported: ArticleImported) -> None:
        _record_entry(feed=feed, item=item, job=job, article_id=imported.article.pk)
        progress.item_done(
            {**result, "status": "succeeded", "article": imported.article.pk, "created": imported.created},
            sentences=imported.sentences,
        )

    article_import(article_input=article_input, created_by=job.created_by, in_transaction=done)


def _record_entry(*, feed: Feed, item: FeedItem, job: ImportJob, article_id: int | None) -> None:
    FeedEntry.objects.bulk_create(
        [FeedEntry(feed=feed, entry_id=item.entry_id, link=item.link, job=job, article_id=article_id)],
        ignore_conflicts=True,
    )
