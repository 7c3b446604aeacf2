from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone

from sources.models import Article, Source
from workbench.audit import audited


class ClaimStatus(models.TextChoices):
    UNVERIFIED = "unverified", "Unverified"
    PENDING_SIGNOFF = "pending_signoff", "Awaiting sign-off"
    CORROBORATED = "corroborated", "Corroborated"
    CONTRADICTED = "contradicted", "Contradicted"
    DISPUTED = "disputed", "Disputed"
    UNVERIFIABLE = "unverifiable", "Unverifiable"
    NOT_FACTUAL = "not_factual", "Not a factual claim"


class ClaimQuerySet(models.QuerySet["Claim"]):
    def unverified(self) -> ClaimQuerySet:
        return self.filter(status=ClaimStatus.UNVERIFIED)

    def contested(self) -> ClaimQuerySet:
        return self.filter(status__in=[ClaimStatus.CONTRADICTED, ClaimStatus.DISPUTED])

    def by_speaker(self, source: Source) -> ClaimQuerySet:
        return self.filter(attributions__speaker=source).distinct()

    def assigned_to(self, user: object) -> ClaimQuerySet:
        return self.filter(Q(assignee=user) | Q(assignee__isnull=True, article__assignee=user))

    def most_checkworthy_first(self) -> ClaimQuerySet:
        return self.order_by("-checkworthiness", "article_id", "position")


@audited()
class Claim(models.Model):
    """One sentence of an article; offsets index ``article.text`` exactly."""

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="claims")
    position = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    status = models.CharField(max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.UNVERIFIED)
    checkworthiness = models.FloatField(default=0.0)
    quantities = models.JSONField(default=list, blank=True)
    entities = models.JSONField(default=list, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_claims"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    # The text's English tsvector, stored: a full-text filter on a page in id order (the API's cursor
    # pagination) then checks it row by row instead of running to_tsvector on every row it passes.
    search_vector = models.GeneratedField(
        expression=SearchVector("text", config="english"), output_field=SearchVectorField(), db_persist=True
    )

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["article_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="claim_unique_position"),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="claim_span_not_empty"),
            models.CheckConstraint(condition=Q(status__in=ClaimStatus.values), name="claim_status_valid"),
            models.CheckConstraint(
                condition=Q(checkworthiness__gte=0.0, checkworthiness__lte=1.0),
                name="claim_checkworthiness_unit_interval",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-checkworthiness"]),
            models.Index(fields=["status", "created_at"]),
            GinIndex(fields=["search_vector"], name="claim_search_vector"),
            # The API list's other orderings (cursor pages, either direction) without a status filter.
            models.Index(fields=["created_at"], name="claim_created_at"),
            models.Index(fields=["checkworthiness"], name="claim_checkworthiness"),
            GinIndex(OpClass(Upper("text"), name="gin_trgm_ops"), name="claim_text_trigram"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def is_contested(self) -> bool:
        return self.status in (ClaimStatus.CONTRADICTED, ClaimStatus.DISPUTED)


class QuoteKind(models.TextChoices):
    DIRECT = "direct", "Direct quote"
    INDIRECT = "indirect", "Indirect (reported) speech"
    PARTIAL = "partial", "Partial quote"
    NONE = "none", "No quote"


class ReviewState(models.TextChoices):
    MACHINE = "machine", "Machine (unreviewed)"
    CONFIRMED = "confirmed", "Confirmed by a person"
    CORRECTED = "corrected", "Corrected by a person"


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


@audited()
class Attribution(models.Model):
    """Who a claim is attributed to, through which cue, and how it reached us (relay hops)."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="attributions")
    position = models.PositiveSmallIntegerField(default=0)
    # Null speaker: a person recorded the claim as the publisher's own statement.
    speaker = models.ForeignKey(Source, null=True, blank=True, on_delete=models.PROTECT, related_name="attributions")
    mention_text = models.CharField(max_length=500, blank=True)
    mention_start = models.PositiveIntegerField(null=True, blank=True)
    mention_end = models.PositiveIntegerField(null=True, blank=True)
    role = models.CharField(max_length=300, blank=True)
    cue_text = models.CharField(max_length=200, blank=True)
    cue_start = models.PositiveIntegerField(null=True, blank=True)
    cue_end = models.PositiveIntegerField(null=True, blank=True)
    quote_kind = models.CharField(max_length=10, choices=QuoteKind.choices, default=QuoteKind.NONE)
    # [[start, end], ...] into the article text.
    content_spans = models.JSONField(default=list, blank=True)
    statement_date = models.DateField(null=True, blank=True)
    statement_date_precision = models.CharField(max_length=5, choices=DatePrecision.choices, blank=True)
    confidence = models.FloatField(default=0.0)
    extractor_version = models.CharField(max_length=40, blank=True)
    review_state = models.CharField(max_length=10, choices=ReviewState.choices, default=ReviewState.MACHINE)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # What the engine said, kept when a person confirms or corrects: extractor accuracy is measured on it.
    machine_snapshot = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["claim_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "position"], name="attribution_unique_position"),
            models.CheckConstraint(
                condition=Q(confidence__gte=0.0, confidence__lte=1.0), name="attribution_confidence_unit_interval"
            ),
            models.CheckConstraint(condition=Q(quote_kind__in=QuoteKind.values), name="attribution_quote_kind_valid"),
            models.CheckConstraint(
                condition=Q(review_state__in=ReviewState.values), name="attribution_review_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(mention_start__isnull=True, mention_end__isnull=True)
                | Q(mention_start__isnull=False, mention_end__gt=models.F("mention_start")),
                name="attribution_mention_span_valid",
            ),
            models.CheckConstraint(
                condition=Q(cue_start__isnull=True, cue_end__isnull=True)
                | Q(cue_start__isnull=False, cue_end__gt=models.F("cue_start")),
                name="attribution_cue_span_valid",
            ),
            models.CheckConstraint(
                condition=Q(review_state="machine") | Q(reviewed_by__isnull=False, reviewed_at__isnull=False),
                name="attribution_review_has_reviewer",
            ),
        ]
        indexes = [
            models.Index(fields=["speaker", "claim"]),
            models.Index(fields=["review_state", "extractor_version"]),
        ]

    def __str__(self) -> str:
        return f"{self.speaker or 'publisher'}: {self.cue_text or '—'}"

    @property
    def is_human_reviewed(self) -> bool:
        return self.review_state != ReviewState.MACHINE


@audited()
class RelayHop(models.Model):
    """One link of a relay chain: "…, according to Interfax" is a hop to Interfax with cue "according to"."""

    attribution = models.ForeignKey(Attribution, on_delete=models.CASCADE, related_name="relay_hops")
    position = models.PositiveSmallIntegerField()
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="relay_hops")
    cue_text = models.CharField(max_length=200, blank=True)
    mention_text = models.CharField(max_length=500, blank=True)
    mention_start = models.PositiveIntegerField(null=True, blank=True)
    mention_end = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["attribution_id", "position"]
        constraints = [models.UniqueConstraint(fields=["attribution", "position"], name="relayhop_unique_position")]

    def __str__(self) -> str:
        return f"via {self.source} ({self.cue_text})"


class VerdictValue(models.TextChoices):
    CORROBORATED = "corroborated", "Corroborated"
    CONTRADICTED = "contradicted", "Contradicted"
    DISPUTED = "disputed", "Disputed"
    UNVERIFIABLE = "unverifiable", "Unverifiable"
    NOT_FACTUAL = "not_factual", "Not a factual claim"


class VerdictAction(models.TextChoices):
    RECORDED = "recorded", "Recorded"
    SIGNED_OFF = "signed_off", "Signed off by an editor"
    RETRACTED = "retracted", "Retracted"


@audited()
class Verdict(models.Model):
    """An append-only event in a claim's review history.

    Verdicts on a claim form one linear chain: each new row ``supersedes`` the
    previous head.  ``supersedes`` is unique and only one row per claim may have
    none, so two reviewers acting on the same head cannot both succeed: the
    database, not luck, turns the second into a conflict.
    """

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="verdicts")
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    action = models.CharField(max_length=12, choices=VerdictAction.choices, default=VerdictAction.RECORDED)
    # Null only for a retraction.
    value = models.CharField(max_length=20, choices=VerdictValue.choices, null=True, blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="verdicts")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["claim_id", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim"], condition=Q(supersedes__isnull=True), name="verdict_one_chain_root_per_claim"
            ),
            models.CheckConstraint(condition=Q(action__in=VerdictAction.values), name="verdict_action_valid"),
            models.CheckConstraint(
                condition=Q(action="retracted", value__isnull=True)
                | Q(~Q(action="retracted"), value__in=VerdictValue.values),
                name="verdict_value_matches_action",
            ),
        ]
        indexes = [models.Index(fields=["reviewer", "created_at"]), models.Index(fields=["claim", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.value or '—'}"


class EvidenceKind(models.TextChoices):
    CLAIM = "claim", "Another claim"
    URL = "url", "External link"
    DOCUMENT = "document", "Uploaded document"
    NOTE = "note", "Note"


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    CONTRADICTS = "contradicts", "Contradicts"


@audited()
class Evidence(models.Model):
    verdict = models.ForeignKey(Verdict, on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField(max_length=10, choices=EvidenceKind.choices)
    stance = models.CharField(max_length=12, choices=Stance.choices)
    related_claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.PROTECT, related_name="cited_as_evidence"
    )
    url = models.URLField(max_length=2000, blank=True)
    excerpt = models.TextField(blank=True)
    document = models.FileField(upload_to="evidence/%Y/%m/", blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EvidenceKind.values), name="evidence_kind_valid"),
            models.CheckConstraint(condition=Q(stance__in=Stance.values), name="evidence_stance_valid"),
            models.CheckConstraint(
                condition=(
                    Q(kind="claim", related_claim__isnull=False)
                    | Q(kind="url", related_claim__isnull=True) & ~Q(url="")
                    | Q(kind="document", related_claim__isnull=True) & ~Q(document="")
                    | Q(kind="note", related_claim__isnull=True) & ~Q(note="")
                ),
                name="evidence_fields_match_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.stance})"
