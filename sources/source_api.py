"""REST API for sources: read, create (reviewers), edit and merge (editors), with ETags on updates."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api_examples import SOURCE_FULL, example
from integrations.api_errors import Conflict, PreconditionFailed
from integrations.etags import expected_version, if_match_parameter, with_etag
from sources.models import Source, SourceAlias, SourceKind
from sources.services import (
    SourceInputError,
    SourceVersionConflict,
    source_find,
    source_merge_checked,
    source_resolve,
    source_update,
)

IF_MATCH = if_match_parameter('"source-7-v2"')


class SourceSerializer(serializers.ModelSerializer[Source]):
    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="alias")  # type: ignore[var-annotated]

    class Meta:
        model = Source
        fields = ["id", "name", "kind", "description", "aliases", "merged_into", "created_at", "updated_at", "version"]
        read_only_fields = ["id", "aliases", "merged_into", "created_at", "updated_at", "version"]
        extra_kwargs = {"name": {"max_length": 300}}


class SourceUpdateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(required=False, max_length=300)
    kind = serializers.ChoiceField(choices=SourceKind.choices, required=False)
    description = serializers.CharField(required=False, allow_blank=True, max_length=20000)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError("send at least one of name, kind, description")
        return attrs


class SourceMergeSerializer(serializers.Serializer[Any]):
    into = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all(), help_text="the source that remains")


class SourceFilter(django_filters.FilterSet):  # type: ignore[misc]
    kind = django_filters.ChoiceFilter(choices=SourceKind.choices)
    q = django_filters.CharFilter(method="filter_name", max_length=200, help_text="name or alias contains")
    merged = django_filters.BooleanFilter(
        field_name="merged_into", lookup_expr="isnull", exclude=True, help_text="true: only merged-away sources"
    )

    class Meta:
        model = Source
        fields: list[str] = []

    def filter_name(self, queryset: QuerySet[Source], name: str, value: str) -> QuerySet[Source]:
        ids = SourceAlias.objects.filter(alias__icontains=value).values("source_id")
        return queryset.filter(pk__in=ids) | queryset.filter(name__icontains=value)


@extend_schema_view(
    list=extend_schema(
        summary="List sources (filter by kind, name, merged)", examples=[example("source", SOURCE_FULL)]
    ),
    retrieve=extend_schema(
        summary="One source with its aliases; the ETag header is its version", examples=[example("source", SOURCE_FULL)]
    ),
)
class SourceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Source]):
    queryset = Source.objects.prefetch_related("aliases")
    serializer_class = SourceSerializer
    filterset_class = SourceFilter
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["id", "created_at"]
    ordering = ["-id"]

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        source = self.get_object()
        return with_etag(Response(self.get_serializer(source).data), source)

    @extend_schema(
        summary="Create a source (reviewers); 409 if the name already belongs to one",
        request=SourceSerializer,
        responses={201: SourceSerializer},
        examples=[
            OpenApiExample("agency", request_only=True, value={"name": "Interfax", "kind": "news_agency"}),
            example("created", SOURCE_FULL, "201"),
        ],
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = SourceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        name = data.validated_data["name"]
        existing = source_find(name=name)
        if existing is not None:
            raise Conflict(f"{name!r} is already source {existing.pk} ({existing.name})")
        try:
            source = source_resolve(
                name=name, kind=data.validated_data["kind"], description=data.validated_data.get("description", "")
            )
        except SourceInputError as error:
            raise exceptions.ValidationError({"name": [str(error)]}) from None
        source = self.get_queryset().get(pk=source.pk)
        return with_etag(Response(SourceSerializer(source).data, status=status.HTTP_201_CREATED), source)

    @extend_schema(
        summary="Edit a source (editors)",
        parameters=[IF_MATCH],
        request=SourceUpdateSerializer,
        responses=SourceSerializer,
        examples=[
            OpenApiExample("rename", request_only=True, value={"name": "Interfax news agency"}),
            example("renamed", {**SOURCE_FULL, "name": "Interfax news agency", "version": 2}),
        ],
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        source = self.get_object()
        version = expected_version(request, source)
        data = SourceUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            source = source_update(source=source, expected_version=version, actor=request.user, **data.validated_data)
        except SourceVersionConflict as error:
            raise PreconditionFailed(str(error)) from None
        except SourceInputError as error:
            raise exceptions.ValidationError({"non_field_errors": [str(error)]}) from None
        source = self.get_queryset().get(pk=source.pk)
        return with_etag(Response(SourceSerializer(source).data), source)

    @extend_schema(
        summary="Merge this source into another (editors): aliases, attributions and relay hops move over",
        parameters=[IF_MATCH],
        request=SourceMergeSerializer,
        responses=SourceSerializer,
        examples=[
            OpenApiExample("merge", request_only=True, value={"into": 12}),
            example("the source that remains", SOURCE_FULL),
        ],
    )
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: str | None = None) -> Response:
        source = self.get_object()
        version = expected_version(request, source)
        data = SourceMergeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            target = source_merge_checked(
                source=source, into=data.validated_data["into"], expected_version=version, actor=request.user
            )
        except SourceVersionConflict as error:
            raise PreconditionFailed(str(error)) from None
        except SourceInputError as error:
            raise exceptions.ValidationError({"into": [str(error)]}) from None
        target = self.get_queryset().get(pk=target.pk)
        return with_etag(Response(SourceSerializer(target).data), target)
