"""Import jobs: the database row is the source of truth, tasks only carry its id.

Life of a job: ``import_job_create`` (queued; the task is enqueued after commit)
→ ``import_job_execute`` claims it with a conditional update (running, with a
lease) → the article, its claims, attributions and relay hops are written in one
transaction together with the job's success → succeeded.  A failure with a
reason a person can act on ends as failed; nothing partial is stored.

Exactly once: every progress and finishing update is conditional on the attempt
number that claimed the job.  If the reaper re-queued the job after its lease
expired and another worker claimed it, the late worker's next update matches no
row and its whole transaction (the article it was storing) rolls back.  Jobs of
several items (bulk, feed, re-extraction) record each item's result in the
transaction that stored it (a bulk job stores a few items per transaction), so
a job taken over after a crash resumes after the last stored item and never
stores one twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pghistory
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, IntegrityError, OperationalError, connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from claims.ingest import (
    Extraction,
    claims_store_extraction,
    claims_store_extractions,
    extract_document,
    sources_resolve_for,
)
from integrations import events
from sources.models import Article, ImportJob, ImportKind, ImportStatus, content_hash
from sources.services import source_resolve

logger = logging.getLogger(__name__)


class ImportInputError(ValueError):
    """Bad input: the job fails at once with this message (one line a person can act on)."""


class TransientImportError(RuntimeError):
    """A passing failure (network, timeout): the job is retried with backoff."""


class JobLost(RuntimeError):
    """This worker no longer holds the job (its lease expired and another worker took it)."""


class JobRetry(RuntimeError):
    """The job went back to queued after a transient failure; the task retries after ``countdown``."""

    def __init__(self, message: str, *, countdown: float) -> None:
        super().__init__(message)
        self.countdown = countdown


class IdempotencyConflict(ValueError):
    """The idempotency key was already used for a different request."""


@dataclass(frozen=True)
class ArticleInput:
    text: str
    title: str = ""
    url: str = ""
    author: str = ""
    publisher: str = ""
    published: dt.date | None = None
    language: str = "en"


def clean_text(raw: str) -> str:
    """Validate article text: refuse what cannot be stored or read, never silently drop it."""
    if "\x00" in raw:
        raise ImportInputError("the text contains NUL bytes; it looks like a binary file, not an article")
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError:
        raise ImportInputError("the text contains invalid characters (lone surrogates); re-save it as UTF-8") from None
    if not raw.strip():
        raise ImportInputError("the text is empty: there is nothing to import")
    if len(raw) > settings.EXTRACTION_MAX_CHARS:
        raise ImportInputError(
            f"the text has {len(raw):,} characters; the limit is {settings.EXTRACTION_MAX_CHARS:,} (EXTRACTION_MAX_CHARS)"
        )
    return raw


def _parse_date(value: object) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ImportInputError(f"published date {value!r} is not a date like 2008-09-09") from None


def _short(value: object, limit: int) -> str:
    return " ".join(str(value or "").split())[:limit]


def article_input_from_payload(payload: dict[str, Any], *, defaults: dict[str, str] | None = None) -> ArticleInput:
    """Article text and metadata from a request; ``defaults`` (found in a page or file) fill what it leaves out."""
    found = defaults or {}

    def pick(key: str) -> Any:
        return payload.get(key) or found.get(key) or ""

    return ArticleInput(
        text=clean_text(str(payload.get("text") or found.get("text") or "")),
        title=_short(pick("title"), 500),
        url=str(pick("url"))[:2000],
        author=_short(pick("author"), 300),
        publisher=_short(pick("publisher"), 300),
        published=_parse_date(pick("published")),
        language=str(payload.get("language") or "en")[:16],
    )


def payload_fingerprint(payload: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def _items_total(kind: str, payload: dict[str, Any]) -> int:
    if kind == ImportKind.BULK:
        return len(payload.get("items") or [])
    if kind == ImportKind.REEXTRACT:
        return len(payload.get("article_ids") or [])
    if kind == ImportKind.FEED and "feed_id" in payload:
        return 0  # known once the feed is read
    return 1


def import_job_create(
    *,
    kind: str,
    payload: dict[str, Any],
    created_by: Any = None,
    items_total: int | None = None,
    idempotency_key: str = "",
    upload: UploadedFile[Any] | None = None,
    fingerprint: str = "",
) -> ImportJob:
    """Queue an import; the task is sent only after the surrounding transaction commits."""
    from sources.tasks import import_job_run

    if kind not in ImportKind.values:
        raise ImportInputError(f"unknown import kind {kind!r}")
    with transaction.atomic():
        job = ImportJob(
            kind=kind,
            payload=payload,
            created_by=created_by,
            items_total=_items_total(kind, payload) if items_total is None else items_total,
            idempotency_key=idempotency_key,
            request_fingerprint=(fingerprint or payload_fingerprint(payload)) if idempotency_key else "",
        )
        if upload is not None:
            job.upload.save(_safe_name(upload.name or "upload"), upload, save=False)
        job.save()
        transaction.on_commit(lambda: import_job_run.delay(job.pk))
    return job


def _safe_name(name: str) -> str:
    from django.utils.text import get_valid_filename

    return get_valid_filename(name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1])[:100] or "upload"


def import_job_refuse(*, kind: str, payload: dict[str, Any], created_by: Any = None, error: str) -> ImportJob:
    """Record an import refused before it could run (e.g. a file over the size limit) as a failed job."""
    with transaction.atomic():
        now = timezone.now()
        job = ImportJob.objects.create(
            kind=kind,
            payload=payload,
            created_by=created_by,
            status=ImportStatus.FAILED,
            error=error,
            started_at=now,
            finished_at=now,
            items_total=max(1, _items_total(kind, payload)),
        )
        events.emit("import.finished", {"job": job.pk, "status": job.status, "article": None})
    return job


def import_job_submit(
    *,
    kind: str,
    payload: dict[str, Any],
    created_by: Any,
    idempotency_key: str = "",
    upload: UploadedFile[Any] | None = None,
    upload_digest: str = "",
) -> tuple[ImportJob, bool]:
    """Create a job, or return the one created earlier with the same idempotency key.

    Returns ``(job, created)``.  The same key with a different request raises
    ``IdempotencyConflict``.  Two requests racing with one key both end with the
    same job: the unique constraint on (created_by, idempotency_key) decides.
    """
    payload, refusal = _storable(kind=kind, payload=payload)
    fingerprint = payload_fingerprint({"kind": kind, "payload": payload, "upload": upload_digest})
    if idempotency_key:
        existing = _job_for_key(created_by, idempotency_key, fingerprint)
        if existing is not None:
            return existing, False
    refusal = refusal or _refusal(kind=kind, upload=upload)
    try:
        if refusal:
            job = import_job_refuse(kind=kind, payload=payload, created_by=created_by, error=refusal)
            if idempotency_key:
                ImportJob.objects.filter(pk=job.pk).update(
                    idempotency_key=idempotency_key, request_fingerprint=fingerprint
                )
            return job, True
        return import_job_create(
            kind=kind,
            payload=payload,
            created_by=created_by,
            idempotency_key=idempotency_key,
            upload=upload,
            fingerprint=fingerprint,
        ), True
    except IntegrityError:
        winner = _job_for_key(created_by, idempotency_key, fingerprint) if idempotency_key else None
        if winner is None:
            raise
        return winner, False


def _job_for_key(created_by: Any, key: str, fingerprint: str) -> ImportJob | None:
    existing = ImportJob.objects.filter(created_by=created_by, idempotency_key=key).first()
    if existing is not None and existing.request_fingerprint != fingerprint:
        raise IdempotencyConflict("this Idempotency-Key was already used for a different request")
    return existing


def _unstorable(value: str) -> bool:
    return "\x00" in value or any("\ud800" <= ch <= "\udfff" for ch in value)


def _scrub(value: Any) -> Any:
    """PostgreSQL's jsonb cannot hold NUL or lone surrogates: metadata loses them (U+FFFD)."""
    if isinstance(value, str):
        if not _unstorable(value):
            return value
        return "".join("\ufffd" if ch == "\x00" or "\ud800" <= ch <= "\udfff" else ch for ch in value)
    if isinstance(value, dict):
        return {str(_scrub(key)): _scrub(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrub(item) for item in value]
    return value


def _text_problem(text: object) -> str:
    if isinstance(text, str) and _unstorable(text):
        try:
            clean_text(text)
        except ImportInputError as error:
            return str(error)
    return ""


def _storable(*, kind: str, payload: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """A payload the database can store, and the reason to refuse the job at once (or "").

    Text with NUL bytes or lone surrogates cannot be stored, so it is refused here with
    the reason a worker would give; in a batch only that item is marked invalid.
    """
    if kind == ImportKind.BULK and isinstance(payload.get("items"), list):
        items = []
        for item in payload["items"]:
            problem = _text_problem(item.get("text")) if isinstance(item, dict) else ""
            items.append({"invalid": problem} if problem else _scrub(item))
        return {**_scrub({k: v for k, v in payload.items() if k != "items"}), "items": items}, ""
    problem = _text_problem(payload.get("text"))
    if problem:
        return _scrub({k: v for k, v in payload.items() if k != "text"}), problem
    return _scrub(payload), ""


def _refusal(*, kind: str, upload: UploadedFile[Any] | None) -> str:
    if upload is not None and (upload.size or 0) > settings.IMPORT_MAX_BYTES:
        return f"the file is {upload.size:,} bytes; the limit is {settings.IMPORT_MAX_BYTES:,} bytes (IMPORT_MAX_BYTES)"
    return ""


def _claim(job_id: int) -> ImportJob | None:
    now = timezone.now()
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING,
        started_at=now,
        lease_expires_at=now + dt.timedelta(seconds=settings.IMPORT_LEASE_SECONDS),
        attempts=F("attempts") + 1,
    )
    if claimed != 1:
        return None
    return ImportJob.objects.select_related("created_by").get(pk=job_id)


class JobProgress:
    """Progress reports from a running job; each one also renews the lease."""

    def __init__(self, job: ImportJob) -> None:
        self.job = job
        self.results: list[dict[str, Any]] = list(job.results or [])
        self.sentences_done = job.sentences_done

    def _update(self, **fields: Any) -> None:
        lease = timezone.now() + dt.timedelta(seconds=settings.IMPORT_LEASE_SECONDS)
        updated = ImportJob.objects.filter(
            pk=self.job.pk, status=ImportStatus.RUNNING, attempts=self.job.attempts
        ).update(lease_expires_at=lease, **fields)
        if updated != 1:
            raise JobLost(f"import job {self.job.pk} was taken over by another worker")

    def renew(self) -> None:
        self._update()

    def sentences(self, *, done: int, total: int) -> None:
        self._update(sentences_done=done, sentences_total=total)

    def items_known(self, total: int) -> None:
        self._update(items_total=total)

    def item_done(self, result: dict[str, Any], *, sentences: int = 0) -> None:
        """Record one item's outcome; call it inside the item's transaction so both commit together."""
        results = [*self.results, result]
        sentences_done = self.sentences_done + sentences
        self._update(
            items_done=len(results), results=results, sentences_done=sentences_done, sentences_total=sentences_done
        )
        self.results = results
        self.sentences_done = sentences_done

    def items_done(self, results: list[dict[str, Any]], *, sentences: int) -> None:
        """Record several items' outcomes at once (a batch), inside the transaction that stored them."""
        done = [*self.results, *results]
        sentences_done = self.sentences_done + sentences
        self._update(items_done=len(done), results=done, sentences_done=sentences_done, sentences_total=sentences_done)
        self.results = done
        self.sentences_done = sentences_done

    def article_done(self, imported: ArticleImported) -> None:
        """``article_import``'s in-transaction hook for one item of a batch."""
        self.item_done(
            {
                "index": len(self.results),
                "status": "succeeded",
                "article": imported.article.pk,
                "created": imported.created,
            },
            sentences=imported.sentences,
        )

    def item_done_alone(self, result: dict[str, Any]) -> None:
        with transaction.atomic():
            self.item_done(result)


class _Heartbeat:
    """Renews a running job's lease from a thread while the job works (a long extraction reports no progress).

    The renewal is conditional on this attempt still holding the job, so it stops by
    itself once the job is finished or taken over; a killed worker's heartbeat dies
    with it and the lease then expires for the reaper.
    """

    def __init__(self, job: ImportJob) -> None:
        self.job = job
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"import-job-{job.pk}-lease", daemon=True)

    def __enter__(self) -> _Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stopped.set()
        self.thread.join(timeout=10)

    def _beat(self) -> None:
        interval = max(0.5, settings.IMPORT_LEASE_SECONDS / 3)
        try:
            while not self.stopped.wait(interval):
                lease = timezone.now() + dt.timedelta(seconds=settings.IMPORT_LEASE_SECONDS)
                renewed = ImportJob.objects.filter(
                    pk=self.job.pk, status=ImportStatus.RUNNING, attempts=self.job.attempts
                ).update(lease_expires_at=lease)
                if not renewed:
                    return
        finally:
            connection.close()


def _finish(job: ImportJob, **fields: Any) -> None:
    """End the job (inside the caller's transaction when there is one) and announce it."""
    if fields.get("status") == ImportStatus.SUCCEEDED:
        fields.setdefault("error", "")
    with transaction.atomic():
        updated = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING, attempts=job.attempts).update(
            finished_at=timezone.now(), lease_expires_at=None, **fields
        )
        if updated != 1:
            raise JobLost(f"import job {job.pk} was taken over by another worker")
        article = fields.get("article")
        events.emit(
            "import.finished",
            {"job": job.pk, "status": str(fields["status"]), "article": article.pk if article is not None else None},
        )


@dataclass(frozen=True)
class ArticleImported:
    article: Article
    created: bool
    sentences: int


def article_import(
    *,
    article_input: ArticleInput,
    created_by: Any = None,
    on_extracted: Callable[[int], None] | None = None,
    in_transaction: Callable[[ArticleImported], None] | None = None,
) -> ArticleImported:
    """Extract and store one article, or return the one already stored with the same text.

    Extraction (CPU-bound) runs outside the transaction; the article, its claims,
    attributions, relay hops and new sources are then written in one transaction.
    ``in_transaction`` runs inside it last (a job marks itself done there).
    """
    prepared = _prepare(article_input)
    if prepared.existing is None and on_extracted is not None:
        on_extracted(len(prepared.document["sentences"]))
    return _store_prepared(prepared, created_by=created_by, in_transaction=in_transaction)


@dataclass(frozen=True)
class _Prepared:
    """An article ready to store: already stored (``existing``), or extracted (``document``)."""

    article_input: ArticleInput
    digest: str
    existing: Article | None = None
    document: dict[str, Any] = field(default_factory=dict)


def _prepare(article_input: ArticleInput) -> _Prepared:
    """The CPU-bound half of an import: skip a known text, or run the engine (no transaction)."""
    digest = content_hash(article_input.text)
    existing = Article.objects.filter(content_hash=digest).first()
    if existing is not None:
        return _Prepared(article_input=article_input, digest=digest, existing=existing)
    document = extract_document(
        text=article_input.text, published=article_input.published, publisher=article_input.publisher or None
    )
    return _Prepared(article_input=article_input, digest=digest, document=document)


def _store_prepared(
    prepared: _Prepared, *, created_by: Any, in_transaction: Callable[[ArticleImported], None] | None
) -> ArticleImported:
    """The database half: one transaction, run again if PostgreSQL aborted it to break a deadlock."""
    if prepared.existing is not None:
        return _already_imported(prepared.existing, in_transaction)
    article_input, document, digest = prepared.article_input, prepared.document, prepared.digest
    sentence_count = len(document["sentences"])
    for attempt in range(1, _STORE_ATTEMPTS + 1):
        try:
            return _store(article_input, document, digest, sentence_count, created_by, in_transaction)
        except OperationalError as error:
            # Two imports meeting the same new sources in a different order can deadlock;
            # PostgreSQL aborts one, and the whole (rolled back) transaction is simply run again.
            if (
                getattr(getattr(error, "__cause__", None), "sqlstate", None) not in ("40P01", "40001")
                or attempt == _STORE_ATTEMPTS
            ):
                raise
            time.sleep(random.uniform(0.01, 0.1) * attempt)  # noqa: S311 - jitter
    raise AssertionError("unreachable")  # pragma: no cover


_STORE_ATTEMPTS = 5


def _store(
    article_input: ArticleInput,
    document: dict[str, Any],
    digest: str,
    sentence_count: int,
    created_by: Any,
    in_transaction: Callable[[ArticleImported], None] | None,
) -> ArticleImported:
    try:
        with transaction.atomic():
            article = _new_article(article_input, document, digest, created_by)
            article.save(force_insert=True)
            claims_store_extraction(article=article, document=document)
            imported = ArticleImported(article=article, created=True, sentences=sentence_count)
            if in_transaction is not None:
                in_transaction(imported)
    except IntegrityError:
        # Another import stored the same text first (the content hash is unique).
        winner = Article.objects.filter(content_hash=digest).first()
        if winner is None:
            raise
        return _already_imported(winner, in_transaction)
    return imported


def _new_article(article_input: ArticleInput, document: dict[str, Any], digest: str, created_by: Any) -> Article:
    """The article row (not saved yet), its publisher resolved: inside the storing transaction."""
    publisher = source_resolve(name=article_input.publisher, kind="outlet") if article_input.publisher else None
    return Article(
        title=article_input.title,
        url=article_input.url,
        author=article_input.author,
        publisher=publisher,
        published=article_input.published,
        language=article_input.language,
        text=article_input.text,
        content_hash=digest,
        extractor_version=document.get("extractor_version", ""),
        created_by=created_by,
    )


def _already_imported(article: Article, in_transaction: Callable[[ArticleImported], None] | None) -> ArticleImported:
    imported = ArticleImported(article=article, created=False, sentences=article.claims.count())
    if in_transaction is not None:
        with transaction.atomic():
            in_transaction(imported)
    return imported


# --- Single-article jobs: text, file, URL ---------------------------------------------------------


def _run_single(job: ImportJob, article_input: ArticleInput) -> None:
    progress = JobProgress(job)

    def mark_done(imported: ArticleImported) -> None:
        # Runs inside the article's transaction: the job succeeds exactly when the article is stored.
        _finish(
            job,
            status=ImportStatus.SUCCEEDED,
            article=imported.article,
            items_done=1,
            sentences_done=imported.sentences,
            sentences_total=imported.sentences,
            results=[{"index": 0, "status": "succeeded", "article": imported.article.pk, "created": imported.created}],
        )

    article_import(
        article_input=article_input,
        created_by=job.created_by,
        on_extracted=lambda total: progress.sentences(done=0, total=total),
        in_transaction=mark_done,
    )


def _text_input(job: ImportJob) -> ArticleInput:
    return article_input_from_payload(job.payload)


def _file_input(job: ImportJob) -> ArticleInput:
    from sources.documents import file_text

    if not job.upload:
        raise ImportInputError("the uploaded file is missing")
    if job.upload.size > settings.IMPORT_MAX_BYTES:
        raise ImportInputError(
            f"the file is {job.upload.size:,} bytes; the limit is {settings.IMPORT_MAX_BYTES:,} bytes (IMPORT_MAX_BYTES)"
        )
    with job.upload.open("rb") as handle:
        data = handle.read()
    filename = str(job.payload.get("filename") or job.upload.name)
    extracted = file_text(filename=filename, data=data)
    return article_input_from_payload(job.payload, defaults={**extracted.metadata, "text": extracted.text})


def url_article(url: str) -> tuple[str, dict[str, str]]:
    """Fetch a page and return its article text and metadata (title, author, published, publisher, url)."""
    from sources.documents import decode_bytes, html_article, plain_text
    from sources.fetching import fetch

    fetched = fetch(url)
    if fetched.content_type in ("text/plain", "text/markdown"):
        return plain_text(decode_bytes(fetched.content, declared=fetched.charset)), {"url": fetched.url}
    if fetched.content_type and fetched.content_type not in ("text/html", "application/xhtml+xml"):
        raise ImportInputError(f"{fetched.url} is {fetched.content_type}, not a web page")
    extracted = html_article(decode_bytes(fetched.content, declared=fetched.charset), url=fetched.url)
    return extracted.text, {**extracted.metadata, "url": fetched.url}


def _url_input(job: ImportJob) -> ArticleInput:
    url = str(job.payload.get("url") or "").strip()
    if not url:
        raise ImportInputError("no URL was given")
    text, metadata = url_article(url)
    payload = {key: value for key, value in job.payload.items() if key != "url"}
    return article_input_from_payload(payload, defaults={**metadata, "text": text})


# --- Jobs of several items: bulk, feed, re-extraction -------------------------------------------


def _run_bulk(job: ImportJob) -> None:
    # Items are extracted one after the other and stored a few at a time (_Batch).  Storing an
    # item from a second thread while the next is extracted was measured slower (the engine
    # holds the GIL; benchmarks/imports.py).
    items: list[Any] = list(job.payload.get("items") or [])
    progress = JobProgress(job)
    batch = _Batch(job, progress)
    for index in range(len(progress.results), len(items)):
        item = items[index]
        try:
            if not isinstance(item, dict):
                raise ImportInputError("an item must be an object with at least a text")
            if item.get("invalid"):
                raise ImportInputError(str(item["invalid"]))
            article_input = article_input_from_payload(item)
        except ImportInputError as error:
            batch.add_failed({"index": index, "status": "failed", "error": str(error)})
            continue
        if batch.holds(content_hash(article_input.text)):
            batch.store()  # the repeated text is then found stored, as when each item was stored at once
        try:
            prepared = _prepare(article_input)
        except Exception:
            batch.store()  # what was extracted before the failing item is kept
            raise
        batch.add(prepared)
    batch.store()
    _finish_items(job, progress)


# A batch is stored when it holds this many extracted articles or sentences.
_BATCH_ARTICLES = 8
_BATCH_SENTENCES = 1000


class _Batch:
    """The items of a bulk job extracted since the last store, written together in one transaction.

    One INSERT per table for the whole batch (articles, claims, attributions, relay hops) and
    one progress update, instead of one of each per article: storing costs about a third
    less CPU, in Python and in PostgreSQL (measured in process, 16-claim articles).  The rows are those one-by-one imports store, in
    the same order; sources are resolved article by article, and the rows held back are
    written before a duplicate source is merged so that the merge moves them too.  Audit
    rows of one batch share their transaction's timestamp.  If the batch cannot be stored
    (a database error, e.g. another import stored one of its texts first), it is rolled
    back and its items are stored one by one instead, each with the usual outcome.
    """

    def __init__(self, job: ImportJob, progress: JobProgress) -> None:
        self.job = job
        self.progress = progress
        self.entries: list[_Prepared | dict[str, Any]] = []

    def holds(self, digest: str) -> bool:
        return any(isinstance(entry, _Prepared) and entry.digest == digest for entry in self.entries)

    def add_failed(self, result: dict[str, Any]) -> None:
        self.entries.append(result)

    def add(self, prepared: _Prepared) -> None:
        self.entries.append(prepared)
        extracted = [entry for entry in self.entries if isinstance(entry, _Prepared) and entry.existing is None]
        sentences = sum(len(prepared.document["sentences"]) for prepared in extracted)
        if len(extracted) >= _BATCH_ARTICLES or sentences >= _BATCH_SENTENCES:
            self.store()

    def store(self) -> None:
        entries, self.entries = self.entries, []
        if not entries:
            return
        results, sentences_done = self.progress.results, self.progress.sentences_done
        try:
            with transaction.atomic():
                outcomes, sentences = _store_batch(entries, created_by=self.job.created_by)
                self.progress.items_done(
                    [{"index": len(results) + offset, **outcome} for offset, outcome in enumerate(outcomes)],
                    sentences=sentences,
                )
        except JobLost:
            raise
        except DatabaseError:
            logger.info(
                "import job %s: storing a batch of %s items one by one", self.job.pk, len(entries), exc_info=True
            )
            self.progress.results, self.progress.sentences_done = results, sentences_done
            self._store_one_by_one(entries)

    def _store_one_by_one(self, entries: list[_Prepared | dict[str, Any]]) -> None:
        for entry in entries:
            if isinstance(entry, _Prepared):
                _store_prepared(entry, created_by=self.job.created_by, in_transaction=self.progress.article_done)
            else:
                self.progress.item_done_alone(entry)


def _store_batch(entries: list[_Prepared | dict[str, Any]], *, created_by: Any) -> tuple[list[dict[str, Any]], int]:
    """Store a batch inside the caller's transaction; returns each item's result (without its index) and the sentences."""
    held: list[Extraction] = []

    def write_held() -> None:
        Article.objects.bulk_create([extraction.article for extraction in held])
        claims_store_extractions(held)
        held.clear()

    outcomes: list[dict[str, Any] | Article] = []
    sentences = 0
    for entry in entries:
        if not isinstance(entry, _Prepared):
            outcomes.append({key: value for key, value in entry.items() if key != "index"})
        elif entry.existing is not None:
            outcomes.append({"status": "succeeded", "article": entry.existing.pk, "created": False})
            sentences += entry.existing.claims.count()
        else:
            article = _new_article(entry.article_input, entry.document, entry.digest, created_by)
            sources = sources_resolve_for(entry.document, before_merge=write_held)
            held.append(Extraction(article=article, document=entry.document, sources=sources))
            outcomes.append(article)
            sentences += len(entry.document["sentences"])
    write_held()
    return [
        {"status": "succeeded", "article": outcome.pk, "created": True} if isinstance(outcome, Article) else outcome
        for outcome in outcomes
    ], sentences


def _finish_items(job: ImportJob, progress: JobProgress) -> None:
    results = progress.results
    failed = [result for result in results if result.get("status") == "failed"]
    articles = [result["article"] for result in results if result.get("article")]
    if results and len(failed) == len(results):
        first = str(failed[0].get("error") or "")
        error = f"all {len(results)} items failed; the first: {first}" if len(results) > 1 else first
        _finish(job, status=ImportStatus.FAILED, error=error)
        return
    article = Article.objects.get(pk=articles[0]) if len(articles) == 1 else None
    _finish(job, status=ImportStatus.SUCCEEDED, article=article, items_total=max(job.items_total, len(results)))


def _run_reextract(job: ImportJob) -> None:
    from claims.ingest import Reextracted, article_reextract

    article_ids: list[Any] = list(job.payload.get("article_ids") or [])
    progress = JobProgress(job)
    for index in range(len(progress.results), len(article_ids)):
        article = Article.objects.filter(pk=article_ids[index]).first() if str(article_ids[index]).isdigit() else None
        if article is None:
            progress.item_done_alone(
                {"index": index, "status": "failed", "error": f"article {article_ids[index]} not found"}
            )
            continue
        article_id = article.pk

        def done(outcome: Reextracted, index: int = index, article_id: int = article_id) -> None:
            progress.item_done(
                {"index": index, "status": "succeeded", "article": article_id, **outcome.as_result()},
                sentences=outcome.claims,
            )

        article_reextract(article=article, in_transaction=done)
    _finish_items(job, progress)


def _run_feed(job: ImportJob) -> None:
    from sources.feeds import feed_import_entries

    progress = JobProgress(job)
    feed_import_entries(job=job, progress=progress)
    _finish_items(job, progress)


_SINGLE: dict[str, Callable[[ImportJob], ArticleInput]] = {
    ImportKind.TEXT: _text_input,
    ImportKind.FILE: _file_input,
    ImportKind.URL: _url_input,
}
_MULTI: dict[str, Callable[[ImportJob], None]] = {
    ImportKind.BULK: _run_bulk,
    ImportKind.REEXTRACT: _run_reextract,
}


def _run(job: ImportJob) -> None:
    if job.kind in _SINGLE:
        _run_single(job, _SINGLE[job.kind](job))
    elif job.kind in _MULTI:
        _MULTI[job.kind](job)
    elif job.kind == ImportKind.FEED and "feed_id" in job.payload:
        _run_feed(job)
    elif job.kind == ImportKind.FEED:
        # A single feed entry queued on its own: its article is at a URL.
        _run_single(job, _url_input(job))
    else:  # pragma: no cover - the model's check constraint allows only the kinds above
        raise ImportInputError(f"import kind {job.kind!r} is not supported")


def retry_countdown(attempt: int) -> float:
    """Capped exponential backoff with jitter: about base·2^(attempt-1), at most the cap."""
    ceiling = min(settings.IMPORT_RETRY_BACKOFF_MAX_SECONDS, settings.IMPORT_RETRY_BACKOFF_SECONDS * 2 ** (attempt - 1))
    return float(ceiling) * random.uniform(0.5, 1.0)  # noqa: S311 - jitter, not cryptography


def import_job_execute(*, job_id: int) -> ImportJob | None:
    """Run a queued job once.  Returns the job, or None when it was not queued (taken or done).

    A transient failure puts the job back to queued and raises ``JobRetry`` (the
    task retries after its countdown) until ``IMPORT_MAX_ATTEMPTS`` tries were
    made; then the job fails with the last reason.
    """
    job = _claim(job_id)
    if job is None:
        return None
    try:
        with _Heartbeat(job), pghistory.context(action="sources.import", job=job.pk, user=job.created_by_id):
            _run(job)
    except ImportInputError as error:
        _finish(job, status=ImportStatus.FAILED, error=_one_line(str(error)))
    except TransientImportError as error:
        if job.attempts >= settings.IMPORT_MAX_ATTEMPTS:
            _finish(job, status=ImportStatus.FAILED, error=_one_line(f"{error} (gave up after {job.attempts} tries)"))
        else:
            requeued = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING, attempts=job.attempts).update(
                status=ImportStatus.QUEUED, lease_expires_at=None, started_at=None, error=_one_line(str(error))
            )
            if requeued:
                raise JobRetry(str(error), countdown=retry_countdown(job.attempts)) from error
    except JobLost:
        logger.warning("import job %s was taken over by another worker; this attempt's work was rolled back", job.pk)
        return None
    job.refresh_from_db()
    return job


def _one_line(message: str) -> str:
    return " ".join(message.split())[:1000] or "the import failed"


def import_jobs_reap(*, now: dt.datetime | None = None) -> list[int]:
    """Re-queue running jobs whose lease expired (their worker died); returns their ids.

    The caller enqueues them again: a job is then finished exactly once even when
    the broker does not redeliver the dead worker's task.
    """
    requeued: list[int] = []
    for job_id in ImportJob.objects.lease_expired(now).values_list("pk", flat=True):
        updated = (
            ImportJob.objects.lease_expired(now)
            .filter(pk=job_id)
            .update(status=ImportStatus.QUEUED, lease_expires_at=None, started_at=None)
        )
        if updated:
            requeued.append(job_id)
    return requeued


def import_jobs_for_user(user: Any) -> QuerySet[ImportJob]:
    """Jobs a person may see: their own; editors see every job."""
    from workbench.roles import is_editor

    queryset = ImportJob.objects.select_related("article", "created_by")
    return queryset if is_editor(user) else queryset.filter(created_by=user)
