from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from workbench.audit import audited


class SourceKind(models.TextChoices):
    PERSON = "person", "Person"
    NEWS_AGENCY = "news_agency", "News agency"
    OUTLET = "outlet", "Outlet / publisher"
    GOVERNMENT = "government", "Government"
    INSTITUTION = "institution", "Institution"
    GROUP = "group", "Group of sources"
    ANONYMOUS = "anonymous", "Anonymous"


# Sourcing strength, strongest first: a named person on the record, an official
# body, a news agency, a group of agencies, anonymous reports.  The publisher's
# own unattributed statements come after all of them (they have no source).
SOURCING_STRENGTH: dict[str, int] = {
    SourceKind.PERSON: 1,
    SourceKind.GOVERNMENT: 2,
    SourceKind.INSTITUTION: 2,
    SourceKind.NEWS_AGENCY: 3,
    SourceKind.OUTLET: 3,
    SourceKind.GROUP: 4,
    SourceKind.ANONYMOUS: 5,
}


class SourceQuerySet(models.QuerySet["Source"]):
    def canonical(self) -> SourceQuerySet:
        """Sources that have not been merged into another."""
        return self.filter(merged_into__isnull=True)


@audited()
class Source(models.Model):
    """Anyone or anything that claims or relays: a person, an agency, a government, "reports"."""

    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=SourceKind.choices)
    description = models.TextField(blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_sources"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped on every change; the API's ETag and the UI's conflict check read it.
    version = models.PositiveIntegerField(default=1)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=SourceKind.values), name="source_kind_valid"),
            models.CheckConstraint(condition=~Q(merged_into=models.F("pk")), name="source_not_merged_into_itself"),
            models.CheckConstraint(condition=~Q(name=""), name="source_name_not_empty"),
        ]
        indexes = [models.Index(fields=["kind"])]

    def __str__(self) -> str:
        return self.name

    @property
    def sourcing_strength(self) -> int:
        return SOURCING_STRENGTH[self.kind]


class SourceAlias(models.Model):
    """A spelling of a source's name; the normalised form is unique across all sources."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=300)
    normalized = models.CharField(max_length=300, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["alias"]
        constraints = [models.CheckConstraint(condition=~Q(normalized=""), name="alias_normalized_not_empty")]
        verbose_name_plural = "source aliases"

    def __str__(self) -> str:
        return self.alias


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ArticleQuerySet(models.QuerySet["Article"]):
    def published_between(self, start: object, end: object) -> ArticleQuerySet:
        return self.filter(published__gte=start, published__lte=end)


@audited()
class Article(models.Model):
    title = models.CharField(max_length=500, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    author = models.CharField(max_length=300, blank=True)
    publisher = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="published_articles"
    )
    published = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=16, default="en")
    text = models.TextField()
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    extractor_version = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_articles"
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="article_text_not_empty"),
            models.CheckConstraint(
                condition=Q(content_hash__regex=r"^[0-9a-f]{64}$"), name="article_content_hash_sha256"
            ),
        ]
        indexes = [models.Index(fields=["published"]), models.Index(fields=["publisher", "published"])]

    def __str__(self) -> str:
        return self.title or f"Article {self.pk}"

    @property
    def display_title(self) -> str:
        return self.title or self.text[:80]


class ImportKind(models.TextChoices):
    TEXT = "text", "Pasted text"
    FILE = "file", "File upload"
    URL = "url", "URL"
    FEED = "feed", "Feed entry"
    BULK = "bulk", "Bulk batch"
    REEXTRACT = "reextract", "Re-extraction"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class ImportJobQuerySet(models.QuerySet["ImportJob"]):
    def unfinished(self) -> ImportJobQuerySet:
        return self.filter(status__in=[ImportStatus.QUEUED, ImportStatus.RUNNING])

    def lease_expired(self, now: object = None) -> ImportJobQuerySet:
        return self.filter(status=ImportStatus.RUNNING, lease_expires_at__lt=now or timezone.now())


class ImportJob(models.Model):
    """The database, not the broker, owns import state: a task only carries this row's id."""

    kind = models.CharField(max_length=20, choices=ImportKind.choices)
    status = models.CharField(max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    # What to import: text and metadata, a URL, a batch... (kind-specific, JSON).
    payload = models.JSONField(default=dict, blank=True)
    upload = models.FileField(upload_to="imports/%Y/%m/", blank=True)
    items_total = models.PositiveIntegerField(default=1)
    items_done = models.PositiveIntegerField(default=0)
    sentences_total = models.PositiveIntegerField(default=0)
    sentences_done = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    # Per-item outcome for batches: [{"index": 0, "status": "succeeded", "article": 12}, ...]
    results = models.JSONField(default=list, blank=True)
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="import_jobs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    idempotency_key = models.CharField(max_length=200, blank=True)
    request_fingerprint = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ImportKind.values), name="importjob_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=ImportStatus.values), name="importjob_status_valid"),
            models.CheckConstraint(
                condition=Q(items_done__lte=models.F("items_total")), name="importjob_items_done_le_total"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["succeeded", "failed"], finished_at__isnull=False)
                | Q(status__in=["queued", "running"], finished_at__isnull=True),
                name="importjob_finished_iff_done",
            ),
            models.CheckConstraint(condition=~Q(status="failed") | ~Q(error=""), name="importjob_failure_has_reason"),
            models.UniqueConstraint(
                fields=["created_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="importjob_idempotency_key_unique",
            ),
        ]
        indexes = [models.Index(fields=["status", "lease_expires_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} import #{self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.SUCCEEDED, ImportStatus.FAILED)

    @property
    def summary(self) -> str:
        """What is being imported, in a few words (title, URL or file name)."""
        payload = self.payload if isinstance(self.payload, dict) else {}
        return str(payload.get("title") or payload.get("url") or payload.get("filename") or "")

    @property
    def progress_percent(self) -> int:
        if self.status == ImportStatus.SUCCEEDED:
            return 100
        if self.items_total > 1:  # a batch: its sentence total is only known item by item
            return min(99, int(100 * self.items_done / self.items_total))
        if self.sentences_total:
            return min(99, int(100 * self.sentences_done / self.sentences_total))
        if self.items_total:
            return min(99, int(100 * self.items_done / self.items_total))
        return 0


@audited()
class Feed(models.Model):
    url = models.URLField(max_length=2000, unique=True)
    title = models.CharField(max_length=500, blank=True)
    publisher = models.ForeignKey(Source, null=True, blank=True, on_delete=models.PROTECT, related_name="feeds")
    poll_interval_minutes = models.PositiveIntegerField(default=30)
    active = models.BooleanField(default=True)
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    next_poll_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["url"]
        constraints = [
            models.CheckConstraint(condition=Q(poll_interval_minutes__gte=1), name="feed_poll_interval_positive")
        ]

    def __str__(self) -> str:
        return self.title or self.url


class FeedEntry(models.Model):
    """One entry of a feed, imported once: unique by the feed's entry id."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="entries")
    entry_id = models.CharField(max_length=2000)
    link = models.URLField(max_length=2000, blank=True)
    job = models.ForeignKey(ImportJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["feed", "entry_id"], name="feedentry_unique_per_feed")]
        verbose_name_plural = "feed entries"

    def __str__(self) -> str:
        return self.entry_id
