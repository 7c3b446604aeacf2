"""Imports and feeds over the REST API: input serializer → service → output serializer."""

from __future__ import annotations

import hashlib
import json
from typing import Any, cast

from django.conf import settings
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import BaseParser, FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.validators import ProhibitSurrogateCharactersValidator

from integrations.api_errors import IdempotencyKeyReused
from integrations.permissions import PolicyPermission
from integrations.schema import ErrorSerializer
from sources.feeds import FeedInputError, feed_create, feed_poll, feed_update, feed_url_problem
from sources.jobs import IdempotencyConflict, import_job_submit, import_jobs_for_user
from sources.models import Feed, ImportJob, ImportKind
from sources.permissions import CanImport

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="Repeat a POST safely: the same key and body return the same job; the same key with another body is 422.",
)


class NDJSONParser(BaseParser):
    """A batch as newline-delimited JSON: one article object per line."""

    media_type = "application/x-ndjson"

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        items = []
        for number, line in enumerate(stream.read().decode("utf-8", errors="replace").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                items.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise ParseError(f"line {number} is not JSON ({error.msg})") from None
        return items


_UNSTORABLE_VALIDATORS = (ProhibitNullCharactersValidator, ProhibitSurrogateCharactersValidator)


class StoredTextField(serializers.CharField):
    """Text kept as sent: NUL bytes and lone surrogates are not a 400 here; the job fails with the import's reason."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_blank=True, trim_whitespace=False, **kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, _UNSTORABLE_VALIDATORS)]


class ArticleFieldsSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(required=False, allow_blank=True, max_length=500)
    publisher = serializers.CharField(required=False, allow_blank=True, max_length=300)
    author = serializers.CharField(required=False, allow_blank=True, max_length=300)
    published = serializers.DateField(required=False, allow_null=True)
    language = serializers.CharField(required=False, allow_blank=True, max_length=16)


class BulkItemSerializer(ArticleFieldsSerializer):
    text = StoredTextField()
    url = serializers.URLField(required=False, allow_blank=True, max_length=2000)


class ImportCreateSerializer(ArticleFieldsSerializer):
    kind = serializers.ChoiceField(choices=[ImportKind.TEXT, ImportKind.URL, ImportKind.BULK, ImportKind.FILE])
    text = StoredTextField(required=False, help_text="kind=text: the article text")
    url = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="kind=url: the page to fetch; kind=text: the article's address",
    )
    items = serializers.ListField(child=serializers.DictField(), required=False, help_text="kind=bulk: the articles")
    file = serializers.FileField(required=False, help_text="kind=file (multipart): .txt, .md, .html, .pdf or .docx")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        kind = attrs["kind"]
        if kind == ImportKind.TEXT and "text" not in attrs:
            raise ValidationError({"text": "a text import needs the text"})
        if kind == ImportKind.URL and not attrs.get("url"):
            raise ValidationError({"url": "a URL import needs the url"})
        if kind == ImportKind.FILE and not attrs.get("file"):
            raise ValidationError({"file": "a file import needs a file (multipart/form-data)"})
        if kind == ImportKind.BULK:
            attrs["items"] = validate_batch(attrs.get("items"))
        return attrs


def validate_batch(items: Any) -> list[dict[str, Any]]:
    if not isinstance(items, list) or not items:
        raise ValidationError({"items": "a batch needs a non-empty list of articles"})
    if len(items) > settings.IMPORT_BULK_MAX_ITEMS:
        raise ValidationError(
            {"items": f"a batch holds at most {settings.IMPORT_BULK_MAX_ITEMS} articles (IMPORT_BULK_MAX_ITEMS)"}
        )
    serializer = BulkItemSerializer(data=items, many=True)
    serializer.is_valid(raise_exception=True)
    return [_json_ready(item) for item in serializer.validated_data]


def _json_ready(data: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value.isoformat() if hasattr(value, "isoformat") else value
        for key, value in data.items()
        if value is not None
    }


class ImportJobSerializer(serializers.ModelSerializer[ImportJob]):
    progress = serializers.SerializerMethodField()
    created_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="username", read_only=True)
    title = serializers.SerializerMethodField()

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "kind",
            "status",
            "title",
            "progress",
            "error",
            "results",
            "article",
            "attempts",
            "created_by",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_progress(self, job: ImportJob) -> dict[str, int]:
        return {
            "items_done": job.items_done,
            "items_total": job.items_total,
            "sentences_done": job.sentences_done,
            "sentences_total": job.sentences_total,
            "percent": job.progress_percent,
        }

    def get_title(self, job: ImportJob) -> str:
        return job.summary


JOB_EXAMPLE: dict[str, Any] = {
    "id": 42,
    "kind": "text",
    "status": "succeeded",
    "title": "Russia to keep 7,600 troops",
    "progress": {"items_done": 1, "items_total": 1, "sentences_done": 16, "sentences_total": 16, "percent": 100},
    "error": "",
    "results": [{"index": 0, "status": "succeeded", "article": 7, "created": True}],
    "article": 7,
    "attempts": 1,
    "created_by": "bob",
    "created_at": "2026-01-05T10:00:00Z",
    "started_at": "2026-01-05T10:00:01Z",
    "finished_at": "2026-01-05T10:00:03Z",
}


@extend_schema_view(
    list=extend_schema(summary="Import jobs you may see (editors: all), newest first"),
    retrieve=extend_schema(summary="One import job: status, progress, error, per-item results and the article"),
)
class ImportJobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[ImportJob]):
    serializer_class = ImportJobSerializer
    # The API policy table (integrations/policy.py) applies first; CanImport stays as a second check.
    permission_classes = [PolicyPermission, CanImport]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[ImportJob]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return ImportJob.objects.none()
        return import_jobs_for_user(self.request.user).order_by("-id")

    @extend_schema(
        summary="Start an import (text, url, bulk as JSON; file as multipart)",
        parameters=[IDEMPOTENCY_HEADER],
        request={"application/json": ImportCreateSerializer, "multipart/form-data": ImportCreateSerializer},
        responses={
            201: ImportJobSerializer,
            200: OpenApiResponse(ImportJobSerializer, description="the job this Idempotency-Key created"),
            422: OpenApiResponse(ErrorSerializer, description="the Idempotency-Key was used for a different request"),
        },
        examples=[
            OpenApiExample(
                "Pasted text",
                request_only=True,
                value={
                    "kind": "text",
                    "text": "Russia will keep 7,600 troops, Sergey Lavrov said.",
                    "title": "Troops",
                    "publisher": "Civil Georgia",
                    "published": "2008-09-09",
                },
            ),
            OpenApiExample("URL", request_only=True, value={"kind": "url", "url": "https://civil.ge/archives/185"}),
            OpenApiExample(
                "Batch",
                request_only=True,
                value={
                    "kind": "bulk",
                    "items": [{"text": "The minister said the bridge will reopen in May.", "title": "Bridge"}],
                },
            ),
            OpenApiExample(
                "Queued job",
                response_only=True,
                status_codes=["201"],
                value={
                    **JOB_EXAMPLE,
                    "status": "queued",
                    "progress": {**JOB_EXAMPLE["progress"], "percent": 0},
                    "article": None,
                },
            ),
        ],
    )
    def create(self, request: Request) -> Response:
        serializer = ImportCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        kind = data.pop("kind")
        upload = data.pop("file", None)
        payload = _json_ready(data)
        digest = ""
        if upload is not None:
            payload["filename"] = upload.name
            digest = _digest(upload)
        return self._submit(request, kind=kind, payload=payload, upload=upload, upload_digest=digest)

    @extend_schema(
        summary='Import a batch: a JSON array (or {"items": [...]}) or NDJSON, one article per item',
        parameters=[IDEMPOTENCY_HEADER],
        request={"application/json": BulkItemSerializer(many=True), "application/x-ndjson": BulkItemSerializer},
        responses={
            201: ImportJobSerializer,
            200: ImportJobSerializer,
            422: OpenApiResponse(ErrorSerializer, description="the Idempotency-Key was used for a different request"),
        },
        examples=[
            OpenApiExample(
                "Batch",
                request_only=True,
                value=[
                    {"text": "The minister said the bridge will reopen in May.", "title": "Bridge"},
                    {"text": "Interfax reported that talks resumed.", "published": "2008-09-10"},
                ],
            )
        ],
    )
    @action(detail=False, methods=["post"], parser_classes=[JSONParser, NDJSONParser])
    def bulk(self, request: Request) -> Response:
        items = request.data.get("items") if isinstance(request.data, dict) else request.data
        payload = {"items": validate_batch(items)}
        return self._submit(request, kind=ImportKind.BULK, payload=payload, upload=None, upload_digest="")

    def _submit(
        self, request: Request, *, kind: str, payload: dict[str, Any], upload: Any, upload_digest: str
    ) -> Response:
        key = (request.headers.get("Idempotency-Key") or "").strip()
        if len(key) > 200:
            raise ValidationError({"Idempotency-Key": "at most 200 characters"})
        try:
            job, created = import_job_submit(
                kind=kind,
                payload=payload,
                created_by=request.user,
                idempotency_key=key,
                upload=upload,
                upload_digest=upload_digest,
            )
        except IdempotencyConflict as error:
            raise IdempotencyKeyReused(str(error)) from error
        return Response(
            ImportJobSerializer(job).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


def _digest(upload: Any) -> str:
    sha = hashlib.sha256()
    for chunk in upload.chunks():
        sha.update(chunk)
    upload.seek(0)
    return sha.hexdigest()


class FeedSerializer(serializers.ModelSerializer[Feed]):
    publisher = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=300,
        source="publisher.name",
        help_text="the outlet the feed's articles are published by",
    )

    class Meta:
        model = Feed
        fields = [
            "id",
            "url",
            "title",
            "publisher",
            "poll_interval_minutes",
            "active",
            "etag",
            "last_modified",
            "last_fetched_at",
            "last_error",
            "next_poll_at",
            "created_at",
        ]
        read_only_fields = ["etag", "last_modified", "last_fetched_at", "last_error", "next_poll_at", "created_at"]

    def validate_url(self, value: str) -> str:
        if problem := feed_url_problem(value):
            raise ValidationError(problem)
        return value


def _feed_fields(validated: dict[str, Any]) -> dict[str, Any]:
    """The serializer's validated data as ``feed_create``/``feed_update`` keywords."""
    fields = dict(validated)
    publisher = fields.pop("publisher", None)
    if publisher is not None:
        fields["publisher_name"] = publisher.get("name") or ""
    return fields


@extend_schema_view(
    list=extend_schema(summary="Feeds polled for new articles (editors)"),
    create=extend_schema(
        summary="Add an RSS or Atom feed",
        examples=[
            OpenApiExample(
                "Feed",
                request_only=True,
                value={"url": "https://civil.ge/feed", "publisher": "Civil Georgia", "poll_interval_minutes": 30},
            )
        ],
    ),
)
class FeedViewSet(viewsets.ModelViewSet[Feed]):
    serializer_class = FeedSerializer
    permission_classes = [PolicyPermission]  # reviewers read, editors manage: see integrations/policy.py
    queryset = Feed.objects.select_related("publisher").order_by("-id")
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def perform_create(self, serializer: serializers.BaseSerializer[Feed]) -> None:
        try:
            serializer.instance = feed_create(actor=self.request.user, **_feed_fields(serializer.validated_data))
        except FeedInputError as error:
            raise ValidationError({error.field: [str(error)]}) from None

    def perform_update(self, serializer: serializers.BaseSerializer[Feed]) -> None:
        try:
            serializer.instance = feed_update(
                feed=cast(Feed, serializer.instance), actor=self.request.user, **_feed_fields(serializer.validated_data)
            )
        except FeedInputError as error:
            raise ValidationError({error.field: [str(error)]}) from None

    @extend_schema(
        summary="Poll the feed now",
        description="Queues a poll job (202). If a poll of this feed is already queued or running, "
        "returns that job instead (200) rather than queueing a second one.",
        request=None,
        responses={202: ImportJobSerializer, 200: ImportJobSerializer},
    )
    @action(detail=True, methods=["post"])
    def poll(self, request: Request, pk: str | None = None) -> Response:
        job, queued = feed_poll(feed=self.get_object(), created_by=request.user)
        return Response(
            ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED if queued else status.HTTP_200_OK
        )
