"""API serializers for articles, claims, attributions, verdicts and evidence.

Server-owned fields (ids, creators, timestamps, versions, status derived from
verdicts, extractor versions, review state) are read-only: a client that sends
them is ignored, never obeyed.  Workflows take small input serializers and call
the review services; nothing here changes state.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.models import (
    Attribution,
    Claim,
    DatePrecision,
    Evidence,
    EvidenceKind,
    QuoteKind,
    RelayHop,
    Stance,
    Verdict,
    VerdictValue,
)
from sources.models import Article, Source, SourceKind


class SourceRefSerializer(serializers.ModelSerializer[Source]):
    class Meta:
        model = Source
        fields = ["id", "name", "kind"]
        read_only_fields = fields


class UsernameField(serializers.SlugRelatedField[Any]):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("slug_field", "username")
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)


class ArticleSerializer(serializers.ModelSerializer[Article]):
    publisher = SourceRefSerializer(read_only=True, allow_null=True)
    url = serializers.CharField(read_only=True, help_text="the article's address, or empty")
    assignee = UsernameField()
    claim_count = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "url",
            "author",
            "publisher",
            "published",
            "language",
            "extractor_version",
            "created_at",
            "assignee",
            "claim_count",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.INT)
    def get_claim_count(self, article: Article) -> int:
        count = getattr(article, "claim_count", None)
        return int(count) if count is not None else article.claims.count()


class ArticleDetailSerializer(ArticleSerializer):
    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "text", "content_hash"]
        read_only_fields = fields


class AssignInputSerializer(serializers.Serializer[Any]):
    assignee = serializers.SlugRelatedField(
        slug_field="username",
        queryset=get_user_model().objects.filter(is_active=True),
        allow_null=True,
        help_text="user name of the reviewer, or null to unassign",
    )


class RelayHopSerializer(serializers.ModelSerializer[RelayHop]):
    source = SourceRefSerializer(read_only=True)  # type: ignore[assignment]

    class Meta:
        model = RelayHop
        fields = ["position", "source", "cue_text", "mention_text", "mention_start", "mention_end"]
        read_only_fields = fields


class AttributionSerializer(serializers.ModelSerializer[Attribution]):
    speaker = SourceRefSerializer(read_only=True, allow_null=True)
    relay_hops = RelayHopSerializer(many=True, read_only=True)
    reviewed_by = UsernameField()
    statement_date_precision = serializers.ChoiceField(choices=DatePrecision.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Attribution
        fields = [
            "id",
            "claim",
            "position",
            "speaker",
            "mention_text",
            "mention_start",
            "mention_end",
            "role",
            "cue_text",
            "cue_start",
            "cue_end",
            "quote_kind",
            "content_spans",
            "statement_date",
            "statement_date_precision",
            "confidence",
            "extractor_version",
            "review_state",
            "reviewed_by",
            "reviewed_at",
            "relay_hops",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = fields


class SourceChoiceField(serializers.Field):  # type: ignore[type-arg]
    """A source given as an id (existing) or as {"name", "kind"} (found or created by the service)."""

    def to_internal_value(self, data: Any) -> Any:
        from claims.services import NewSource

        if isinstance(data, int) and not isinstance(data, bool):
            source = Source.objects.filter(pk=data).first()
            if source is None:
                raise serializers.ValidationError(f"no source with id {data}")
            return source
        if isinstance(data, dict):
            name = str(data.get("name") or "").strip()
            kind = str(data.get("kind") or "")
            if not name:
                raise serializers.ValidationError("a new source needs a name")
            if kind not in SourceKind.values:
                raise serializers.ValidationError(f"kind must be one of {', '.join(SourceKind.values)}")
            return NewSource(name=name, kind=kind)
        raise serializers.ValidationError('give a source id or {"name": …, "kind": …}')

    def to_representation(self, value: Any) -> Any:  # pragma: no cover - input only
        return value.pk if isinstance(value, Source) else value


SOURCE_CHOICE_SCHEMA = {
    "oneOf": [
        {"type": "integer", "description": "id of an existing source"},
        {
            "type": "object",
            "properties": {"name": {"type": "string", "minLength": 1}, "kind": {"enum": list(SourceKind.values)}},
            "required": ["name", "kind"],
        },
    ]
}
extend_schema_field(SOURCE_CHOICE_SCHEMA)(SourceChoiceField)


class AttributionCorrectSerializer(serializers.Serializer[Any]):
    """A correction: only the fields sent change.  ``speaker: null`` makes it the publisher's own statement."""

    speaker = SourceChoiceField(required=False, allow_null=True)
    role = serializers.CharField(required=False, allow_blank=True, max_length=300)
    cue_text = serializers.CharField(required=False, allow_blank=True, max_length=200)
    quote_kind = serializers.ChoiceField(choices=QuoteKind.choices, required=False)
    via = serializers.ListField(
        child=SourceChoiceField(), required=False, max_length=10, help_text="the relay chain, nearest first"
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError("send at least one of speaker, role, cue_text, quote_kind, via")
        return attrs


def _datetime(value: dt.datetime | None, tz: dt.tzinfo) -> str | None:
    """What DRF's DateTimeField gives (ISO 8601 in the current time zone ``tz``, UTC as Z), at a fraction of its cost."""
    if value is None:
        return None
    text = value.astimezone(tz).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _source_ref(pk: int | None, name: str | None, kind: str | None) -> dict[str, Any] | None:
    return None if pk is None else {"id": pk, "name": name, "kind": kind}


def _relay_hop_row(hop: dict[str, Any]) -> dict[str, Any]:
    return {
        "position": hop["position"],
        "source": _source_ref(hop["source_id"], hop["source_name"], hop["source_kind"]),
        "cue_text": hop["cue_text"],
        "mention_text": hop["mention_text"],
        "mention_start": hop["mention_start"],
        "mention_end": hop["mention_end"],
    }


def _attribution_row(row: dict[str, Any], tz: dt.tzinfo) -> dict[str, Any]:
    statement_date = row["statement_date"]
    return {
        "id": row["id"],
        "claim": row["claim_id"],
        "position": row["position"],
        "speaker": _source_ref(row["speaker_id"], row["speaker_name"], row["speaker_kind"]),
        "mention_text": row["mention_text"],
        "mention_start": row["mention_start"],
        "mention_end": row["mention_end"],
        "role": row["role"],
        "cue_text": row["cue_text"],
        "cue_start": row["cue_start"],
        "cue_end": row["cue_end"],
        "quote_kind": row["quote_kind"],
        "content_spans": row["content_spans"],
        "statement_date": None if statement_date is None else statement_date.isoformat(),
        "statement_date_precision": row["statement_date_precision"],
        "confidence": row["confidence"],
        "extractor_version": row["extractor_version"],
        "review_state": row["review_state"],
        "reviewed_by": row["reviewed_by_username"],
        "reviewed_at": _datetime(row["reviewed_at"], tz),
        "relay_hops": [_relay_hop_row(hop) for hop in row["relay_hops"]],
        "created_at": _datetime(row["created_at"], tz),
        "updated_at": _datetime(row["updated_at"], tz),
        "version": row["version"],
    }


class ClaimSerializer(serializers.ModelSerializer[Claim]):
    """A claim with its attributions.

    The declared fields document the shape (OpenAPI); the API serializes the rows of
    ``claims.selectors.claim_rows_with_attributions`` by hand, since DRF's per-field work
    on nested serializers costs more than the queries behind a page.
    """

    attributions = AttributionSerializer(many=True, read_only=True)
    assignee = UsernameField()

    class Meta:
        model = Claim
        fields = [
            "id",
            "article",
            "position",
            "start",
            "end",
            "text",
            "status",
            "checkworthiness",
            "quantities",
            "entities",
            "assignee",
            "attributions",
            "created_at",
            "updated_at",
            "status_changed_at",
            "version",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Any) -> Any:
        if isinstance(instance, Claim):
            return super().to_representation(instance)
        row: dict[str, Any] = instance
        tz = timezone.get_current_timezone()
        return {
            "id": row["id"],
            "article": row["article_id"],
            "position": row["position"],
            "start": row["start"],
            "end": row["end"],
            "text": row["text"],
            "status": row["status"],
            "checkworthiness": row["checkworthiness"],
            "quantities": row["quantities"],
            "entities": row["entities"],
            "assignee": row["assignee_username"],
            "attributions": [_attribution_row(attribution, tz) for attribution in row["attributions"]],
            "created_at": _datetime(row["created_at"], tz),
            "updated_at": _datetime(row["updated_at"], tz),
            "status_changed_at": _datetime(row["status_changed_at"], tz),
            "version": row["version"],
        }


class ClaimUpdateSerializer(serializers.Serializer[Any]):
    """The one field a client may change directly on a claim; status follows verdicts, never a PATCH."""

    assignee = serializers.SlugRelatedField(
        slug_field="username",
        queryset=get_user_model().objects.filter(is_active=True),
        allow_null=True,
        required=True,
        help_text="user name of the reviewer, or null to unassign",
    )


class RelatedClaimSerializer(serializers.Serializer[Any]):
    """A related-claim suggestion (``claims.selectors.related_claims``)."""

    id = serializers.IntegerField(source="claim.pk")
    article = serializers.IntegerField(source="claim.article_id")
    text = serializers.CharField(source="claim.text")
    status = serializers.CharField(source="claim.status")
    score = serializers.FloatField()
    shared_entities = serializers.ListField(child=serializers.CharField())
    text_rank = serializers.FloatField()
    similarity = serializers.FloatField()
    confirmed = serializers.BooleanField(help_text="already cited as evidence on this claim's verdicts")


class EvidenceSerializer(serializers.ModelSerializer[Evidence]):
    url = serializers.CharField(read_only=True, help_text="for url evidence: the address; otherwise empty")

    class Meta:
        model = Evidence
        fields = ["id", "kind", "stance", "related_claim", "url", "excerpt", "document", "note", "created_at"]
        read_only_fields = fields


class EvidenceInputSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=[c for c in EvidenceKind.choices if c[0] != EvidenceKind.DOCUMENT])
    stance = serializers.ChoiceField(choices=Stance.choices)
    related_claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all(), required=False, allow_null=True)
    url = serializers.URLField(required=False, allow_blank=True, max_length=2000)
    excerpt = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    note = serializers.CharField(required=False, allow_blank=True, max_length=20000)


class VerdictSerializer(serializers.ModelSerializer[Verdict]):
    reviewer = UsernameField()
    evidence = EvidenceSerializer(many=True, read_only=True)
    superseded_by = serializers.SerializerMethodField()

    class Meta:
        model = Verdict
        fields = [
            "id",
            "claim",
            "action",
            "value",
            "reviewer",
            "note",
            "supersedes",
            "superseded_by",
            "evidence",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_superseded_by(self, verdict: Verdict) -> int | None:
        try:
            return verdict.superseded_by.pk
        except Verdict.DoesNotExist:
            return None


class VerdictInputSerializer(serializers.Serializer[Any]):
    value = serializers.ChoiceField(choices=VerdictValue.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=20000, default="")
    evidence = EvidenceInputSerializer(many=True, required=False, default=list, max_length=50)  # type: ignore[call-arg]


class VerdictActionInputSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(required=False, allow_blank=True, max_length=20000, default="")


class ClaimReviewSerializer(serializers.Serializer[Any]):
    """schema.org ClaimReview JSON-LD (``claims.claimreview``); documented by ``ClaimReviewSchema``."""

    def to_representation(self, instance: Any) -> Any:
        from claims.claimreview import claimreview_for

        return claimreview_for(instance, request=self.context.get("request"))
