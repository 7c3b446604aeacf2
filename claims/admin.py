"""Admin for claims, attributions, relay hops, verdicts and evidence.

Review state changes only through claims.services (the admin's assignment action
calls ``claim_assign``); claims, attributions and verdicts are shown read-only
because their history is the product.  Verdicts, evidence and audit events can
never be deleted here (the database refuses too).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse

from claims.models import Attribution, Claim, Evidence, RelayHop, Verdict
from claims.services import ConflictError, ReviewInputError, claim_assign
from sources.admin import (
    AuditHistoryMixin,
    ModelAdmin,
    PublisherFilter,
    action_form_response,
    register_audit_models,
)
from sources.models import SourceKind
from workbench.admin_inlines import ReadOnlyInline
from workbench.roles import EDITOR, REVIEWER


def _all_fields_read_only(model_admin: Any, extra: tuple[str, ...] = ()) -> list[str]:
    return [field.name for field in model_admin.model._meta.fields] + list(extra)


class SpeakerKindFilter(admin.SimpleListFilter):
    """Claims whose speakers include a source of this kind ("publisher": nobody named)."""

    title = "source kind"
    parameter_name = "source_kind"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            *((value, str(label)) for value, label in SourceKind.choices),
            ("publisher", "Publisher (no one cited)"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value == "publisher":
            return queryset.exclude(attributions__speaker__isnull=False)
        if value:
            return queryset.filter(attributions__speaker__kind=value).distinct()
        return queryset


class ArticlePublisherFilter(PublisherFilter):
    publisher_field = "article__publisher"


class AttributionInline(ReadOnlyInline):
    model = Attribution
    fields = ("position", "speaker", "mention_text", "role", "cue_text", "quote_kind", "review_state", "confidence")
    readonly_fields = fields
    show_change_link = True


class VerdictInline(ReadOnlyInline):
    model = Verdict
    fk_name = "claim"
    fields = ("created_at", "action", "value", "reviewer", "supersedes", "note")
    readonly_fields = fields
    show_change_link = True
    ordering = ("created_at", "id")


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(), required=False, empty_label="— nobody (unassign) —"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reviewers = (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(groups__name__in=[REVIEWER, EDITOR]) | Q(is_superuser=True))
            .distinct()
            .order_by("username")
        )
        self.fields["reviewer"].queryset = reviewers  # type: ignore[attr-defined]


@admin.register(Claim)
class ClaimAdmin(AuditHistoryMixin, ModelAdmin):
    list_display = ("short_text", "article", "position", "status", "checkworthiness", "assignee", "created_at")
    list_filter = ("status", SpeakerKindFilter, ArticlePublisherFilter, "article__published", "created_at")
    search_fields = ("text", "article__title")
    list_select_related = ("article", "assignee")
    date_hierarchy = "created_at"
    ordering = ("-checkworthiness", "article_id", "position")
    inlines = [AttributionInline, VerdictInline]
    actions = ["assign_to_reviewer"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The status follows the verdict chain and the text the article: nothing here is edited by hand.
        return _all_fields_read_only(self, ("audit_history",))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="claim")
    def short_text(self, claim: Claim) -> str:
        return claim.text[:100]

    @admin.action(description="Assign selected claims to a reviewer…", permissions=["change"])
    def assign_to_reviewer(self, request: HttpRequest, queryset: QuerySet[Claim]) -> HttpResponse | None:
        form = AssignForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            assignee: AbstractBaseUser | None = form.cleaned_data["reviewer"]
            try:
                for claim in queryset:
                    claim_assign(claim=claim, assignee=assignee, actor=request.user)
            except (PermissionDenied, ReviewInputError, ConflictError) as error:
                self.message_user(request, f"Not assigned: {'; '.join(_messages(error))}", messages.ERROR)
                return None
            who = assignee.get_username() if assignee else "nobody"
            self.message_user(request, f"Assigned {queryset.count()} claim(s) to {who}.", messages.SUCCESS)
            return None
        return action_form_response(
            self,
            request,
            title="Assign claims",
            form=form,
            objects=queryset,
            action="assign_to_reviewer",
            intro="Choose the reviewer these claims go to.",
            submit_label="Assign",
        )


def _messages(error: Exception) -> list[str]:
    if isinstance(error, ReviewInputError):
        return [message for messages_ in error.message_dict.values() for message in messages_]
    return [str(error)]


class RelayHopInline(ReadOnlyInline):
    model = RelayHop
    fields = ("position", "source", "cue_text", "mention_text")
    readonly_fields = fields


@admin.register(Attribution)
class AttributionAdmin(AuditHistoryMixin, ModelAdmin):
    """Read-only: corrections go through the review UI (attribution_correct keeps the engine's original)."""

    list_display = (
        "claim",
        "speaker",
        "role",
        "cue_text",
        "quote_kind",
        "review_state",
        "extractor_version",
        "confidence",
    )
    list_filter = ("review_state", "quote_kind", "speaker__kind", "extractor_version")
    search_fields = ("mention_text", "cue_text", "role", "speaker__name", "claim__text")
    list_select_related = ("claim", "speaker")
    inlines = [RelayHopInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return _all_fields_read_only(self, ("audit_history",))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RelayHop)
class RelayHopAdmin(ModelAdmin):
    list_display = ("attribution", "position", "source", "cue_text", "mention_text")
    list_filter = ("source__kind", "cue_text")
    search_fields = ("source__name", "mention_text")
    list_select_related = ("attribution", "source")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return _all_fields_read_only(self)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = ("kind", "stance", "related_claim", "url", "document", "excerpt", "note", "created_at")
    readonly_fields = fields


class AppendOnlyAdmin(ModelAdmin):
    """Verdicts and evidence are append-only events: viewable, never added, changed or deleted here."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return _all_fields_read_only(self)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Verdict)
class VerdictAdmin(AppendOnlyAdmin):
    list_display = ("claim", "action", "value", "reviewer", "supersedes", "created_at")
    list_filter = ("action", "value", "reviewer", "created_at")
    search_fields = ("claim__text", "note", "reviewer__username")
    list_select_related = ("claim", "reviewer", "supersedes")
    date_hierarchy = "created_at"
    inlines = [EvidenceInline]


@admin.register(Evidence)
class EvidenceAdmin(AppendOnlyAdmin):
    list_display = ("verdict", "kind", "stance", "related_claim", "url", "created_at")
    list_filter = ("kind", "stance")
    search_fields = ("url", "excerpt", "note")
    list_select_related = ("verdict", "related_claim")


register_audit_models(Claim, Attribution, RelayHop, Verdict, Evidence)
