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

import pghistory
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import BigIntegerField, Count, OuterRef, Q, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
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
from sources.models import Feed, FeedEntry, ImportJob, ImportKind, SourceKind
from sources.services import SourceInputError, source_resolve

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
        entry_id=entry_id[:2000],
        link=link[:2000],
        title=title,
        author=str(entry.get("author") or ""),
        published=published,
        content_html=content_html,
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


def feed_poll(*, feed: Feed, created_by: Any = None) -> tuple[ImportJob, bool]:
    """Queue a poll of one feed now (the API's and UI's "poll now"), unless one
    is already queued or running: then that job, and False.  The feed's row lock
    makes two clicks at once queue one poll."""
    with transaction.atomic():
        Feed.objects.select_for_update().filter(pk=feed.pk).first()
        running = (
            ImportJob.objects.unfinished()
            .filter(kind=ImportKind.FEED, payload__feed_id=feed.pk)
            .order_by("created_at")
            .first()
        )
        if running is not None:
            return running, False
        return import_job_create(kind=ImportKind.FEED, payload={"feed_id": feed.pk}, created_by=created_by), True


class FeedInputError(ValueError):
    """A feed the workbench cannot keep; ``field`` names the input at fault (for a form or a 400)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


FEED_DUPLICATE_MESSAGE = "this feed is already in the workbench"


def feed_url_problem(url: str) -> str:
    """Why ``url`` cannot be a feed's address, or "" (shared by the form, the serializer and the service)."""
    if not url.lower().startswith(("http://", "https://")):
        return "a feed URL must start with http:// or https://"
    return ""


def _feed_publisher(name: str) -> Any:
    name = name.strip()
    if not name:
        return None
    try:
        return source_resolve(name=name, kind=SourceKind.OUTLET)
    except SourceInputError as error:
        raise FeedInputError("publisher", str(error)) from None


def _check_feed_fields(fields: dict[str, Any]) -> None:
    if "url" in fields and (problem := feed_url_problem(fields["url"])):
        raise FeedInputError("url", problem)
    if "poll_interval_minutes" in fields and fields["poll_interval_minutes"] < 1:
        raise FeedInputError("poll_interval_minutes", "the poll interval is at least one minute")


def feed_create(
    *,
    url: str,
    title: str = "",
    publisher_name: str | None = None,
    poll_interval_minutes: int = 30,
    active: bool = True,
    actor: Any = None,
) -> Feed:
    """Add a feed (audited as ``sources.feed.created``); a duplicate URL raises ``FeedInputError``."""
    _check_feed_fields({"url": url, "poll_interval_minutes": poll_interval_minutes})
    try:
        with transaction.atomic(), pghistory.context(action="sources.feed.created", user=getattr(actor, "pk", None)):
            return Feed.objects.create(
                url=url,
                title=title,
                publisher=_feed_publisher(publisher_name or ""),
                poll_interval_minutes=poll_interval_minutes,
                active=active,
            )
    except IntegrityError:
        if Feed.objects.filter(url=url).exists():
            raise FeedInputError("url", FEED_DUPLICATE_MESSAGE) from None
        raise


FEED_EDITABLE = {"url", "title", "poll_interval_minutes", "active"}


def feed_update(*, feed: Feed, actor: Any = None, publisher_name: str | None = None, **fields: Any) -> Feed:
    """Change a feed's settings (audited as ``sources.feed.updated``); ``publisher_name=""`` clears the publisher."""
    unknown = set(fields) - FEED_EDITABLE
    if unknown:
        raise FeedInputError(sorted(unknown)[0], f"cannot change {', '.join(sorted(unknown))}")
    _check_feed_fields(fields)
    try:
        with transaction.atomic(), pghistory.context(action="sources.feed.updated", user=getattr(actor, "pk", None)):
            if publisher_name is not None:
                fields["publisher"] = _feed_publisher(publisher_name)
            for name, value in fields.items():
                setattr(feed, name, value)
            feed.save(update_fields=list(fields) or None)
    except IntegrityError:
        if "url" in fields and Feed.objects.filter(url=fields["url"]).exclude(pk=feed.pk).exists():
            raise FeedInputError("url", FEED_DUPLICATE_MESSAGE) from None
        raise
    return feed


def feed_set_active(*, feed: Feed, active: bool, actor: Any = None) -> Feed:
    """Pause or resume polling (audited as ``sources.feed.paused`` / ``sources.feed.resumed``)."""
    action = "sources.feed.resumed" if active else "sources.feed.paused"
    with transaction.atomic(), pghistory.context(action=action, user=getattr(actor, "pk", None)):
        Feed.objects.filter(pk=feed.pk).update(active=active)
    feed.active = active
    return feed


@dataclass(frozen=True)
class FeedOverview:
    feed: Feed
    entries_imported: int
    latest_job: ImportJob | None


def feeds_overview() -> list[FeedOverview]:
    """Every feed with its publisher, how many of its entries became articles, and its latest poll job."""
    latest_job = (
        ImportJob.objects.filter(kind=ImportKind.FEED)
        .annotate(feed_ref=Cast(KeyTextTransform("feed_id", "payload"), BigIntegerField()))
        .filter(feed_ref=OuterRef("pk"))
        .order_by("-created_at", "-id")
        .values("pk")[:1]
    )
    feeds = list(
        Feed.objects.select_related("publisher")
        .annotate(
            imported=Count("entries", filter=Q(entries__article__isnull=False)),
            latest_job_id=Subquery(latest_job),
        )
        .order_by("title", "url")
        .values_list("pk", "imported", "latest_job_id")
    )
    by_pk = Feed.objects.select_related("publisher").in_bulk([pk for pk, _, _ in feeds])
    jobs = ImportJob.objects.in_bulk([job_id for _, _, job_id in feeds if job_id is not None])
    return [
        FeedOverview(feed=by_pk[pk], entries_imported=imported, latest_job=jobs.get(job_id))
        for pk, imported, job_id in feeds
        if pk in by_pk
    ]


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
        updates.update(
            etag=fetched.headers.get("etag", "")[:500], last_modified=fetched.headers.get("last-modified", "")[:100]
        )
        if not feed.title and parsed.title:
            updates["title"] = parsed.title
    Feed.objects.filter(pk=feed.pk).update(**updates)
    if parsed is None:
        return  # 304 Not Modified
    seen = set(
        FeedEntry.objects.filter(feed=feed, entry_id__in=[i.entry_id for i in parsed.items]).values_list(
            "entry_id", flat=True
        )
    )
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
            {
                "title": item.title,
                "author": item.author,
                "published": item.published,
                "publisher": publisher,
                "url": item.link,
            },
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
