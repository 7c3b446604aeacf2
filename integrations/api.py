"""REST API for the caller's own API tokens (session only) and webhook subscriptions (administrators)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api_examples import DELIVERY, TOKEN, WEBHOOK, example
from integrations.events import EVENTS
from integrations.models import ApiToken, TokenScope, WebhookAttempt, WebhookDelivery, WebhookSubscription
from integrations.services import api_token_create, api_token_revoke
from integrations.webhooks import webhook_ping


class ApiTokenSerializer(serializers.ModelSerializer[ApiToken]):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "scope", "created_at", "expires_at", "revoked_at", "last_used_at"]
        read_only_fields = ["id", "prefix", "created_at", "revoked_at", "last_used_at"]


class IssuedTokenSerializer(ApiTokenSerializer):
    token = serializers.CharField(read_only=True, help_text="the secret: shown once, store it now")

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "token"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="Your API tokens (session login only)", examples=[example("token", TOKEN)]),
    retrieve=extend_schema(summary="One of your API tokens", examples=[example("token", TOKEN)]),
)
class ApiTokenViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[ApiToken]):
    serializer_class = ApiTokenSerializer
    queryset = ApiToken.objects.none()

    def get_queryset(self) -> QuerySet[ApiToken]:
        if getattr(self, "swagger_fake_view", False):
            return ApiToken.objects.none()
        return ApiToken.objects.filter(user=self.request.user)  # type: ignore[misc]

    @extend_schema(
        summary="Issue a token for yourself; the secret is in the response, once",
        request=ApiTokenSerializer,
        responses={201: IssuedTokenSerializer},
        examples=[
            OpenApiExample(
                "dashboard",
                request_only=True,
                value={"name": "newsroom dashboard", "scope": "read", "expires_at": "2027-01-01T00:00:00Z"},
            ),
            example("issued", {**TOKEN, "token": "wbt_3f9a2c1b7d4e_…"}, "201"),
        ],
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ApiTokenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        issued = api_token_create(
            user=request.user,
            name=data.validated_data["name"],
            scope=data.validated_data.get("scope", TokenScope.READ),
            expires_at=data.validated_data.get("expires_at"),
        )
        body = IssuedTokenSerializer(issued.token).data
        body["token"] = issued.plaintext
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Revoke one of your tokens (effective on its next request)",
        request=None,
        responses=ApiTokenSerializer,
        examples=[example("revoked", {**TOKEN, "revoked_at": "2026-11-22T09:00:00Z"})],
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        token = api_token_revoke(token=self.get_object(), actor=request.user)
        return Response(ApiTokenSerializer(token).data)


class WebhookSubscriptionSerializer(serializers.ModelSerializer[WebhookSubscription]):
    event_types = serializers.ListField(
        child=serializers.ChoiceField(choices=list(EVENTS)), allow_empty=False, max_length=len(EVENTS)
    )
    secret = serializers.CharField(
        write_only=True, min_length=16, max_length=200, help_text="shared HMAC secret (write only)"
    )
    created_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = WebhookSubscription
        fields = ["id", "name", "url", "event_types", "secret", "active", "created_by", "created_at"]
        read_only_fields = ["id", "created_by", "created_at"]


class WebhookAttemptSerializer(serializers.ModelSerializer[WebhookAttempt]):
    class Meta:
        model = WebhookAttempt
        fields = ["number", "response_code", "error", "duration_ms", "created_at"]
        read_only_fields = fields


class WebhookDeliverySerializer(serializers.ModelSerializer[WebhookDelivery]):
    attempt_log = WebhookAttemptSerializer(many=True, read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event",
            "payload",
            "status",
            "attempts",
            "last_response_code",
            "created_at",
            "delivered_at",
            "attempt_log",
        ]
        read_only_fields = fields


WEBHOOK_EXAMPLE = OpenApiExample(
    "verdicts to the CMS",
    request_only=True,
    value={
        "name": "CMS",
        "url": "https://cms.example.org/hooks/workbench",
        "event_types": ["verdict.recorded"],
        "secret": "a-long-shared-secret-value",
    },
)


@extend_schema_view(
    list=extend_schema(summary="Webhook subscriptions", examples=[example("subscription", WEBHOOK)]),
    retrieve=extend_schema(summary="One webhook subscription", examples=[example("subscription", WEBHOOK)]),
    create=extend_schema(
        summary="Subscribe an endpoint to events", examples=[WEBHOOK_EXAMPLE, example("created", WEBHOOK, "201")]
    ),
    partial_update=extend_schema(
        summary="Change a subscription (e.g. deactivate it)",
        examples=[
            OpenApiExample("deactivate", request_only=True, value={"active": False}),
            example("changed", {**WEBHOOK, "active": False}),
        ],
    ),
    destroy=extend_schema(
        summary="Delete a subscription and its delivery log",
        examples=[
            OpenApiExample("deleted", response_only=True, status_codes=["204"], value=None, description="no body")
        ],
    ),
)
class WebhookSubscriptionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[WebhookSubscription],
):
    queryset = WebhookSubscription.objects.all()
    serializer_class = WebhookSubscriptionSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def perform_create(self, serializer: Any) -> None:
        serializer.save(created_by=self.request.user)

    @extend_schema(
        summary="Delivery log of a subscription (newest first)",
        responses=WebhookDeliverySerializer(many=True),
        examples=[example("delivery", DELIVERY)],
    )
    @action(detail=True, methods=["get"])
    def deliveries(self, request: Request, pk: str | None = None) -> Response:
        subscription = self.get_object()
        deliveries = WebhookDelivery.objects.filter(subscription=subscription).prefetch_related("attempt_log")
        page = self.paginate_queryset(deliveries)  # type: ignore[arg-type]
        return self.get_paginated_response(WebhookDeliverySerializer(page, many=True).data)  # type: ignore[arg-type]

    @extend_schema(
        summary="Send a signed test event ('ping')",
        request=None,
        responses={202: WebhookDeliverySerializer},
        examples=[
            example(
                "queued",
                {
                    **DELIVERY,
                    "event": "ping",
                    "payload": {"subscription": 2},
                    "status": "pending",
                    "attempts": 0,
                    "last_response_code": None,
                    "delivered_at": None,
                    "attempt_log": [],
                },
                "202",
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def ping(self, request: Request, pk: str | None = None) -> Response:
        delivery = webhook_ping(subscription=self.get_object())
        return Response(WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)
