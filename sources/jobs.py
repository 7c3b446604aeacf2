"""Import jobs: the database row is the source of truth, tasks only carry its id.

Life of a job: ``import_job_create`` (queued; the task is enqueued after commit)
→ ``import_job_execute`` claims it with a conditional update (running, with a
lease) → the article, its claims, attributions and relay hops are written in one
transaction together with the job's success → succeeded.  A failure with a
reason a person can act on ends as failed; nothing partial is stored.

Exactly once: the finishing update is conditional on the attempt number that
claimed the job.  If the reaper re-queued the job after its lease expired and
another worker claimed it, the late worker's finishing update matches no row
and its whole transaction rolls back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pghistory
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from claims.ingest import claims_store_extraction, extract_document
from sources.models import Article, ImportJob, ImportKind, ImportStatus, content_hash
from sources.services import source_resolve


class ImportInputError(ValueError):
    """Bad input: the job fails at once with this message (one line a person can act on)."""


class TransientImportError(RuntimeError):
    """A passing failure (network, timeout): the job is retried with backoff."""


class JobLost(RuntimeError):
    """This worker no longer holds the job (its lease expired and another worker took it)."""


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
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ImportInputError(f"published date {value!r} is not a date like 2008-09-09") from None


def article_input_from_payload(payload: dict[str, Any]) -> ArticleInput:
    return ArticleInput(
        text=clean_text(str(payload.get("text") or "")),
        title=str(payload.get("title") or "")[:500],
        url=str(payload.get("url") or ""),
        author=str(payload.get("author") or "")[:300],
        publisher=str(payload.get("publisher") or "").strip(),
        published=_parse_date(payload.get("published")),
        language=str(payload.get("language") or "en")[:16],
    )


def payload_fingerprint(payload: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def import_job_create(
    *,
    kind: str,
    payload: dict[str, Any],
    created_by: Any = None,
    items_total: int = 1,
    idempotency_key: str = "",
) -> ImportJob:
    """Queue an import; the task is sent only after the surrounding transaction commits."""
    from sources.tasks import import_job_run

    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=kind,
            payload=payload,
            created_by=created_by,
            items_total=items_total,
            idempotency_key=idempotency_key,
            request_fingerprint=payload_fingerprint(payload) if idempotency_key else "",
        )
        transaction.on_commit(lambda: import_job_run.delay(job.pk))
    return job


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
    return ImportJob.objects.get(pk=job_id)


class JobProgress:
    """Progress reports from a running job; each one also renews the lease."""

    def __init__(self, job: ImportJob) -> None:
        self.job = job

    def _update(self, **fields: Any) -> None:
        lease = timezone.now() + dt.timedelta(seconds=settings.IMPORT_LEASE_SECONDS)
        updated = ImportJob.objects.filter(pk=self.job.pk, status=ImportStatus.RUNNING, attempts=self.job.attempts).update(
            lease_expires_at=lease, **fields
        )
        if updated != 1:
            raise JobLost(f"import job {self.job.pk} was taken over by another worker")

    def sentences(self, *, done: int, total: int) -> None:
        self._update(sentences_done=done, sentences_total=total)

    def item_done(self, *, done: int, results: list[dict[str, Any]]) -> None:
        self._update(items_done=done, results=results)


def _finish(job: ImportJob, **fields: Any) -> None:
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING, attempts=job.attempts).update(
        finished_at=timezone.now(), lease_expires_at=None, **fields
    )
    if updated != 1:
        raise JobLost(f"import job {job.pk} was taken over by another worker")


@dataclass(frozen=True)
class ArticleImported:
    article: Article
    created: bool
    sentences: int


def article_import(
    *, article_input: ArticleInput, created_by: Any = None, on_extracted: Callable[[int], None] | None = None,
    in_transaction: Callable[[ArticleImported], None] | None = None,
) -> ArticleImported:
    """Extract and store one article, or return the one already stored with the same text.

    Extraction (CPU-bound) runs outside the transaction; the article, its claims,
    attributions, relay hops and new sources are then written in one transaction.
    ``in_transaction`` runs inside it last (a job marks itself done there).
    """
    digest = content_hash(article_input.text)
    existing = Article.objects.filter(content_hash=digest).first()
    if existing is not None:
        return _already_imported(existing, in_transaction)
    document = extract_document(
        text=article_input.text, published=article_input.published, publisher=article_input.publisher or None
    )
    sentence_count = len(document["sentences"])
    if on_extracted is not None:
        on_extracted(sentence_count)
    try:
        with transaction.atomic():
            publisher = source_resolve(name=article_input.publisher, kind="outlet") if article_input.publisher else None
            article = Article.objects.create(
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


def _already_imported(
    article: Article, in_transaction: Callable[[ArticleImported], None] | None
) -> ArticleImported:
    imported = ArticleImported(article=article, created=False, sentences=article.claims.count())
    if in_transaction is not None:
        with transaction.atomic():
            in_transaction(imported)
    return imported


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


def import_job_execute(*, job_id: int) -> ImportJob | None:
    """Run a queued job once.  Returns the job, or None when it was not queued (taken or done)."""
    job = _claim(job_id)
    if job is None:
        return None
    try:
        with pghistory.context(action="sources.import", job=job.pk, user=job.created_by_id):
            if job.kind in (ImportKind.TEXT, ImportKind.FILE, ImportKind.URL, ImportKind.FEED):
                _run_single(job, _article_input_for(job))
            else:
                raise ImportInputError(f"import kind {job.kind!r} is not supported yet")
    except ImportInputError as error:
        _finish(job, status=ImportStatus.FAILED, error=str(error))
    except TransientImportError:
        ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING, attempts=job.attempts).update(
            status=ImportStatus.QUEUED, lease_expires_at=None
        )
        raise
    job.refresh_from_db()
    return job


def _article_input_for(job: ImportJob) -> ArticleInput:
    return article_input_from_payload(job.payload)


def import_jobs_reap(*, now: dt.datetime | None = None) -> list[int]:
    """Re-queue running jobs whose lease expired (their worker died); returns their ids.

    The caller enqueues them again: a job is then finished exactly once even when
    the broker does not redeliver the dead worker's task.
    """
    requeued: list[int] = []
    for job_id in ImportJob.objects.lease_expired(now).values_list("pk", flat=True):
        updated = ImportJob.objects.lease_expired(now).filter(pk=job_id).update(
            status=ImportStatus.QUEUED, lease_expires_at=None, started_at=None
        )
        if updated:
            requeued.append(job_id)
    return requeued
