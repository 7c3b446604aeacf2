"""Admin for API tokens (issued here with the secret shown once; never editable) and webhooks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from integrations.models import ApiToken, TokenScope, WebhookAttempt, WebhookDelivery, WebhookSubscription
from integrations.services import api_token_create, api_token_revoke
from workbench.admin_inlines import ReadOnlyInline

if TYPE_CHECKING:
    ModelAdmin = admin.ModelAdmin[Any]
    TabularInline = admin.TabularInline[Any, Any]
else:  # the admin classes are not subscriptable at run time
    ModelAdmin = admin.ModelAdmin
    TabularInline = admin.TabularInline


class ApiTokenForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ApiToken
        fields = ["user", "name", "scope", "expires_at"]


@admin.register(ApiToken)
class ApiTokenAdmin(ModelAdmin):
    form = ApiTokenForm
    list_display = ["name", "user", "prefix", "scope", "created_at", "expires_at", "revoked_at", "last_used_at"]
    list_filter = ["scope", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "user__username"]
    actions = ["revoke"]

    def get_readonly_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> Any:
        if obj is None:
            return []
        return ["user", "name", "prefix", "scope", "created_at", "expires_at", "revoked_at", "last_used_at"]

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            return  # tokens are immutable: revoke and issue a new one
        issued = api_token_create(
            user=form.cleaned_data["user"],
            name=form.cleaned_data["name"],
            scope=form.cleaned_data.get("scope") or TokenScope.READ,
            expires_at=form.cleaned_data.get("expires_at"),
            actor=request.user,
        )
        obj.pk = issued.token.pk
        messages.warning(
            request, f"Token for {issued.token.user}: {issued.plaintext} — copy it now, it is not shown again."
        )

    def has_delete_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            api_token_revoke(token=token, actor=request.user)
        messages.success(request, f"Revoked {queryset.count()} token(s).")


class WebhookAttemptInline(ReadOnlyInline):
    model = WebhookAttempt
    readonly_fields = ["number", "response_code", "error", "duration_ms", "created_at"]


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(ModelAdmin):
    list_display = ["name", "url", "event_types", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["name", "url"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ModelAdmin):
    list_display = [
        "id",
        "subscription",
        "event",
        "status",
        "attempts",
        "last_response_code",
        "created_at",
        "delivered_at",
    ]
    list_filter = ["status", "event"]
    readonly_fields = [
        "subscription",
        "event",
        "payload",
        "status",
        "attempts",
        "last_response_code",
        "created_at",
        "delivered_at",
    ]
    inlines = [WebhookAttemptInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: WebhookDelivery | None = None) -> bool:
        return False
