"""REST API for articles, claims, attributions, verdicts and ClaimReview (thin: serializers → services).

Permissions come from the policy table (integrations/policy.py); updates of
claims and attributions need ``If-Match`` with the ETag of the last read.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response

from claims import selectors, services
from claims.api_examples import ARTICLE, ATTRIBUTION, CLAIM, CLAIMREVIEW, RELATED, VERDICT, example
from claims.claimreview import BEST_RATING, WORST_RATING, claimreview_for, published_reviews
from claims.filters import ArticleFilter, AttributionFilter, ClaimFilter, FilterBackend
from claims.models import Attribution, Claim, Evidence, Verdict
from claims.serializers import (
    ArticleDetailSerializer,
    ArticleSerializer,
    AssignInputSerializer,
    AttributionCorrectSerializer,
    AttributionSerializer,
    ClaimReviewSerializer,
    ClaimSerializer,
    ClaimUpdateSerializer,
    RelatedClaimSerializer,
    VerdictActionInputSerializer,
    VerdictInputSerializer,
    VerdictSerializer,
)
from integrations.api_errors import Conflict, PreconditionFailed
from integrations.etags import expected_version, if_match_parameter, with_etag, with_row_etag
from sources.models import Article

IF_MATCH = if_match_parameter('"claim-42-v3"')


def _validation_error(error: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(error.message_dict)
    return exceptions.ValidationError({"non_field_errors": error.messages})


def _verdict_queryset() -> QuerySet[Verdict]:
    return Verdict.objects.select_related("reviewer", "superseded_by").prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.order_by("pk"))
    )


@extend_schema_view(
    list=extend_schema(
        summary="List articles",
        description="Newest first; filter by publisher, date range or assignee.",
        examples=[example("article", ARTICLE)],
    ),
    retrieve=extend_schema(
        summary="One article with its full text",
        examples=[example("article", {**ARTICLE, "text": "Russia will keep…", "content_hash": "0" * 64})],
    ),
)
class ArticleViewSet(viewsets.ReadOnlyModelViewSet[Article]):
    queryset = Article.objects.select_related("publisher", "assignee").annotate(claim_count=Count("claims"))
    serializer_class = ArticleSerializer
    filterset_class = ArticleFilter

    def get_serializer_class(self) -> Any:
        return ArticleDetailSerializer if self.action == "retrieve" else ArticleSerializer

    @extend_schema(
        summary="Assign an article to a reviewer (editors)",
        request=AssignInputSerializer,
        responses=ArticleSerializer,
        examples=[OpenApiExample("assign", value={"assignee": "bob"}, request_only=True), example("assigned", ARTICLE)],
    )
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str | None = None) -> Response:
        article = self.get_object()
        data = AssignInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            article = services.article_assign(
                article=article, assignee=data.validated_data["assignee"], actor=request.user
            )
        except DjangoValidationError as error:
            raise _validation_error(error) from None
        article = self.get_queryset().get(pk=article.pk)
        return Response(ArticleSerializer(article, context=self.get_serializer_context()).data)


class ClaimReviewSchema(OpenApiSerializerExtension):  # type: ignore[no-untyped-call]
    target_class = "claims.serializers.ClaimReviewSerializer"

    def map_serializer(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        agent = {
            "type": "object",
            "properties": {
                "@type": {"enum": ["Person", "Organization"]},
                "name": {"type": "string"},
                "jobTitle": {"type": "string"},
            },
            "required": ["@type", "name"],
        }
        work = {
            "type": "object",
            "properties": {
                "@type": {"type": "string"},
                "url": {"type": "string"},
                "headline": {"type": "string"},
                "name": {"type": "string"},
                "description": {"type": "string"},
                "datePublished": {"type": "string", "format": "date"},
                "author": agent,
                "publisher": agent,
            },
            "required": ["@type"],
        }
        return {
            "type": "object",
            "description": "schema.org ClaimReview (JSON-LD)",
            "properties": {
                "@context": {"type": "string", "enum": ["https://schema.org"]},
                "@type": {"type": "string", "enum": ["ClaimReview"]},
                "url": {"type": "string"},
                "claimReviewed": {"type": "string"},
                "datePublished": {"type": "string", "format": "date"},
                "author": agent,
                "reviewRating": {
                    "type": "object",
                    "properties": {
                        "@type": {"enum": ["Rating"]},
                        "alternateName": {"type": "string"},
                        "ratingValue": {"type": "integer", "minimum": WORST_RATING, "maximum": BEST_RATING},
                        "worstRating": {"type": "integer"},
                        "bestRating": {"type": "integer"},
                    },
                    "required": ["@type", "alternateName", "worstRating", "bestRating"],
                },
                "itemReviewed": {
                    "type": "object",
                    "properties": {
                        "@type": {"enum": ["Claim"]},
                        "text": {"type": "string"},
                        "author": agent,
                        "datePublished": {"type": "string", "format": "date"},
                        "appearance": {"type": "array", "items": work},
                        "firstAppearance": work,
                    },
                    "required": ["@type", "appearance"],
                },
                "citation": {"type": "array", "items": work},
            },
            "required": [
                "@context",
                "@type",
                "url",
                "claimReviewed",
                "datePublished",
                "author",
                "reviewRating",
                "itemReviewed",
            ],
        }


@extend_schema_view(
    list=extend_schema(
        summary="List and filter claims",
        description=(
            "Cursor-paginated (follow `next`). Filters combine with AND. `ordering` accepts "
            "`id`, `created_at`, `checkworthiness` (prefix `-` for descending)."
        ),
        examples=[example("claim", CLAIM)],
    ),
    retrieve=extend_schema(
        summary="One claim with its attributions; the ETag header is its version", examples=[example("claim", CLAIM)]
    ),
)
class ClaimViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Claim]):
    serializer_class = ClaimSerializer
    filterset_class = ClaimFilter
    filter_backends = [FilterBackend, OrderingFilter]
    ordering_fields = ["id", "created_at", "checkworthiness"]
    ordering = ["-id"]

    def get_queryset(self) -> QuerySet[Claim]:
        # Rows, not instances: the list is filtered, ordered and paged as rows (see ClaimSerializer).
        return selectors.claim_rows()  # type: ignore[return-value]

    def get_object(self) -> Claim:
        claim = selectors.claim_get_for_user(user=self.request.user, pk=_pk(self.kwargs["pk"]))
        self.check_object_permissions(self.request, claim)
        return claim

    def _row_response(self, pk: int) -> Response:
        row = selectors.claim_row_get_for_user(user=self.request.user, pk=pk)
        self.check_object_permissions(self.request, row)
        return with_row_etag(Response(self.get_serializer(row).data), Claim, row)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        rows = selectors.claim_rows_with_attributions(page or [])  # type: ignore[arg-type]
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._row_response(_pk(self.kwargs["pk"]))

    @extend_schema(
        summary="Assign a claim (editors); status is never set directly, it follows verdicts",
        parameters=[IF_MATCH],
        request=ClaimUpdateSerializer,
        responses=ClaimSerializer,
        examples=[OpenApiExample("assign", value={"assignee": "bob"}, request_only=True), example("assigned", CLAIM)],
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        claim = self.get_object()
        version = expected_version(request, claim)
        data = ClaimUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.claim_assign(
                claim=claim, assignee=data.validated_data["assignee"], actor=request.user, expected_version=version
            )
        except services.ConflictError as error:
            raise PreconditionFailed(str(error)) from None
        except DjangoValidationError as error:
            raise _validation_error(error) from None
        return self._row_response(claim.pk)

    @extend_schema(
        summary="Related-claim suggestions",
        responses=RelatedClaimSerializer(many=True),
        filters=False,
        examples=[example("suggestions", [RELATED])],
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def related(self, request: Request, pk: str | None = None) -> Response:
        claim = self.get_object()
        related = selectors.related_claims(claim=claim)
        return Response(RelatedClaimSerializer(related, many=True).data)

    @extend_schema(
        summary="schema.org ClaimReview JSON-LD for a reviewed claim (404 until it has a published verdict)",
        responses=ClaimReviewSerializer,
        filters=False,
        examples=[example("ClaimReview", CLAIMREVIEW)],
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def claimreview(self, request: Request, pk: str | None = None) -> Response:
        claim = (
            Claim.objects.select_related("article", "article__publisher")
            .prefetch_related(selectors.attributions_prefetch(), Prefetch("verdicts", queryset=_verdict_queryset()))
            .filter(pk=self.get_object().pk)
            .get()
        )
        review = claimreview_for(claim, request=request)
        if review is None:
            raise exceptions.NotFound("this claim has no published review yet")
        return Response(review, content_type="application/ld+json" if _wants_ld(request) else None)

    @extend_schema(
        methods=["GET"],
        summary="The claim's verdict chain (newest first)",
        responses=VerdictSerializer(many=True),
        filters=False,
        examples=[example("verdict", VERDICT)],
    )
    @extend_schema(
        methods=["POST"],
        summary="Record a verdict with evidence (reviewers)",
        description=(
            "Supersedes the current head of the chain. Send If-Match with the claim's ETag: if anyone "
            "recorded a verdict since your read, you get 412 and nothing is stored. Corroborated needs "
            "supporting evidence, contradicted contradicting evidence, disputed both."
        ),
        parameters=[IF_MATCH],
        request=VerdictInputSerializer,
        responses={201: VerdictSerializer},
        examples=[
            OpenApiExample(
                "corroborated",
                request_only=True,
                value={
                    "value": "corroborated",
                    "note": "Matches the ministry's statement.",
                    "evidence": [
                        {
                            "kind": "url",
                            "stance": "supports",
                            "url": "https://example.org/statement",
                            "excerpt": "7,600 troops",
                        }
                    ],
                },
            ),
            example("recorded", VERDICT, "201"),
        ],
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def verdicts(self, request: Request, pk: str | None = None) -> Response:
        claim = self.get_object()
        if request.method == "GET":
            verdicts = _verdict_queryset().filter(claim=claim)
            page = self.paginate_queryset(verdicts)  # type: ignore[arg-type]
            return self.get_paginated_response(VerdictSerializer(page, many=True).data)  # type: ignore[arg-type]
        version = expected_version(request, claim)
        data = VerdictInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        evidence = [services.EvidenceInput(**item) for item in data.validated_data["evidence"]]
        try:
            verdict = services.verdict_record(
                claim=claim,
                reviewer=request.user,
                value=data.validated_data["value"],
                note=data.validated_data["note"],
                evidence=evidence,
                based_on=services.verdict_head(claim=claim),
                expected_version=version,
            )
        except services.ConflictError as error:
            raise PreconditionFailed(str(error)) from None
        except DjangoValidationError as error:
            raise _validation_error(error) from None
        claim.refresh_from_db(fields=["version"])
        response = Response(
            VerdictSerializer(_verdict_queryset().get(pk=verdict.pk)).data, status=status.HTTP_201_CREATED
        )
        return with_etag(response, claim)


def _wants_ld(request: Request) -> bool:
    return "application/ld+json" in request.headers.get("Accept", "")


def _pk(raw: Any) -> int:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise Http404("no such object") from None
    if value <= 0 or value > 2**63 - 1:
        raise Http404("no such object")
    return value


@extend_schema_view(
    list=extend_schema(
        summary="Feed of published ClaimReviews (schema.org JSON-LD), newest claim first",
        examples=[example("ClaimReview", CLAIMREVIEW)],
    ),
)
class ClaimReviewFeedViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Claim]):
    serializer_class = ClaimReviewSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Claim]:
        return (
            published_reviews()
            .select_related("article", "article__publisher")
            .prefetch_related(selectors.attributions_prefetch(), Prefetch("verdicts", queryset=_verdict_queryset()))
        )


@extend_schema_view(
    list=extend_schema(
        summary="List attributions (filter by claim, article, speaker, review state)",
        examples=[example("attribution", ATTRIBUTION)],
    ),
    retrieve=extend_schema(
        summary="One attribution; the ETag header is its version", examples=[example("attribution", ATTRIBUTION)]
    ),
)
class AttributionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Attribution]):
    serializer_class = AttributionSerializer
    filterset_class = AttributionFilter
    queryset = Attribution.objects.select_related("speaker", "reviewed_by").prefetch_related("relay_hops__source")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        attribution = self.get_object()
        return with_etag(Response(self.get_serializer(attribution).data), attribution)

    @extend_schema(
        summary="Correct an attribution (reviewers): speaker, role, cue, quote kind, relay chain",
        description="Only the fields sent change. Sources are ids or {name, kind} (found or created).",
        parameters=[IF_MATCH],
        request=AttributionCorrectSerializer,
        responses=AttributionSerializer,
        examples=[
            OpenApiExample(
                "speaker and relay",
                request_only=True,
                value={
                    "speaker": {"name": "Sergey Lavrov", "kind": "person"},
                    "role": "Russian foreign minister",
                    "via": [{"name": "Interfax", "kind": "news_agency"}],
                },
            ),
            example("corrected", {**ATTRIBUTION, "review_state": "corrected"}),
        ],
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        attribution = self.get_object()
        version = expected_version(request, attribution)
        data = AttributionCorrectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            updated = services.attribution_correct(
                attribution=attribution, actor=request.user, expected_version=version, **data.validated_data
            )
        except services.ConflictError as error:
            raise PreconditionFailed(str(error)) from None
        except DjangoValidationError as error:
            raise _validation_error(error) from None
        updated = self.get_queryset().get(pk=updated.pk)
        return with_etag(Response(self.get_serializer(updated).data), updated)

    @extend_schema(
        summary="Confirm the engine's attribution as it is (reviewers)",
        parameters=[IF_MATCH],
        request=None,
        responses=AttributionSerializer,
        examples=[example("confirmed", ATTRIBUTION)],
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        attribution = self.get_object()
        version = expected_version(request, attribution)
        try:
            updated = services.attribution_confirm(
                attribution=attribution, actor=request.user, expected_version=version
            )
        except services.ConflictError as error:
            raise PreconditionFailed(str(error)) from None
        updated = self.get_queryset().get(pk=updated.pk)
        return with_etag(Response(self.get_serializer(updated).data), updated)


@extend_schema_view(
    list=extend_schema(
        summary="List verdicts (append-only; filter by claim)",
        parameters=[OpenApiParameter("claim", int)],
        examples=[example("verdict", VERDICT)],
    ),
    retrieve=extend_schema(summary="One verdict with its evidence", examples=[example("verdict", VERDICT)]),
)
class VerdictViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Verdict]):
    """Verdicts are never updated or deleted: retraction and sign-off append to the chain."""

    serializer_class = VerdictSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Verdict]:
        queryset = _verdict_queryset()
        claim = self.request.query_params.get("claim")
        if claim is not None:
            queryset = queryset.filter(claim_id=_pk(claim)) if claim.isdigit() else queryset.none()
        return queryset

    def _append(self, request: Request, service: Any, actor_arg: str) -> Response:
        head = self.get_object()
        data = VerdictActionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            verdict = service(
                claim=head.claim, based_on=head, note=data.validated_data["note"], **{actor_arg: request.user}
            )
        except services.ConflictError as error:
            raise Conflict(str(error)) from None
        except DjangoValidationError as error:
            raise _validation_error(error) from None
        return Response(VerdictSerializer(_verdict_queryset().get(pk=verdict.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Retract this verdict (its author or an editor); 409 if it is no longer the head",
        request=VerdictActionInputSerializer,
        responses={201: VerdictSerializer},
        examples=[
            example(
                "retraction",
                {**VERDICT, "id": 10, "action": "retracted", "value": None, "supersedes": 9, "evidence": []},
                "201",
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def retract(self, request: Request, pk: str | None = None) -> Response:
        return self._append(request, services.verdict_retract, "reviewer")

    @extend_schema(
        summary="Sign off this verdict (editors); 409 if it is no longer the head",
        request=VerdictActionInputSerializer,
        responses={201: VerdictSerializer},
        examples=[
            example(
                "sign-off",
                {**VERDICT, "id": 10, "action": "signed_off", "reviewer": "alice", "supersedes": 9, "evidence": []},
                "201",
            )
        ],
    )
    @action(detail=True, methods=["post"], url_path="sign-off", url_name="sign-off")
    def sign_off(self, request: Request, pk: str | None = None) -> Response:
        return self._append(request, services.verdict_sign_off, "editor")
