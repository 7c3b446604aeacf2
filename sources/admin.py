"""Admin for sources, articles, imports and feeds: lists an editor can work from, and the audit trail.

Changes that have a service go through it (merging sources, re-running
extraction); audit rows (pghistory events) are shown read-only and can never
be added, changed or deleted here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import models
from django.db.models import Count, Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from sources.jobs import import_job_create
from sources.models import Article, Feed, FeedEntry, ImportJob, ImportKind, Source, SourceAlias
from sources.services import SourceInputError, source_merge
from workbench.admin_inlines import ReadOnlyInline

AUDIT_ROWS = 25

if TYPE_CHECKING:
    _BaseModelAdmin = admin.ModelAdmin[Any]
    TabularInline = admin.TabularInline[Any, Any]
else:  # the admin classes are not subscriptable at run time
    _BaseModelAdmin = admin.ModelAdmin
    TabularInline = admin.TabularInline


class ModelAdmin(_BaseModelAdmin):
    # URLs typed without a scheme are https (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


# --------------------------------------------------------------------------- audit (shared with claims/admin.py)


def audit_history(obj: Model | None) -> SafeString:
    """The newest audit events of ``obj`` (who, when, which action), newest first."""
    if obj is None or obj.pk is None or not hasattr(obj, "events"):
        return format_html("<p>{}</p>", "—")
    events = list(obj.events.select_related("pgh_context").order_by("-pgh_created_at", "-pgh_id")[:AUDIT_ROWS])
    if not events:
        return format_html("<p>{}</p>", "No audit events.")

    def who_and_what(event: Any) -> tuple[str, str]:
        metadata = event.pgh_context.metadata if event.pgh_context_id else {}
        return str(metadata.get("user") or "—"), str(metadata.get("action") or metadata.get("url") or "—")

    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>user {}</td><td>{}</td></tr>",
        (
            (event.pgh_created_at.strftime("%Y-%m-%d %H:%M:%S"), event.pgh_label, *who_and_what(event))
            for event in events
        ),
    )
    model = type(obj).pgh_event_model  # type: ignore[attr-defined]
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") + f"?pgh_obj__exact={obj.pk}"
    return format_html(
        "<table><thead><tr><th>When</th><th>Event</th><th>Who</th><th>Action</th></tr></thead><tbody>{}</tbody></table>"
        '<p><a href="{}">All audit events of this row</a></p>',
        rows,
        url,
    )


class AuditHistoryMixin:
    """Adds a read-only "Audit history" field (pghistory events of the row)."""

    @admin.display(description="Audit history")
    def audit_history(self, obj: Model | None) -> SafeString:
        return audit_history(obj)


class ReadOnlyAuditAdmin(ModelAdmin):
    """pghistory event rows: viewable, never added, changed or deleted (the database refuses too)."""

    list_display = ("pgh_created_at", "pgh_label", "pgh_obj_id", "context_user", "context_action")
    list_filter = ("pgh_label",)
    date_hierarchy = "pgh_created_at"
    list_select_related = ("pgh_context",)
    ordering = ("-pgh_created_at", "-pgh_id")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="user")
    def context_user(self, event: Any) -> str:
        return str(event.pgh_context.metadata.get("user", "")) if event.pgh_context_id else ""

    @admin.display(description="action")
    def context_action(self, event: Any) -> str:
        if not event.pgh_context_id:
            return ""
        metadata = event.pgh_context.metadata
        return str(metadata.get("action") or metadata.get("url") or "")


def action_form_response(
    model_admin: ModelAdmin,
    request: HttpRequest,
    *,
    title: str,
    form: forms.Form,
    objects: QuerySet[Any],
    action: str,
    intro: str,
    submit_label: str,
) -> TemplateResponse:
    """The intermediate page of an action that needs a choice; posting it runs the action again with ``apply``."""
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "intro": intro,
        "form": form,
        "objects": objects,
        "action": action,
        "submit_label": submit_label,
        "opts": model_admin.model._meta,
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/workbench_action_form.html", context)


def register_audit_models(*models: type[Model]) -> None:
    for model in models:
        admin.site.register(model.pgh_event_model, ReadOnlyAuditAdmin)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- filters


class MergedFilter(admin.SimpleListFilter):
    title = "merged"
    parameter_name = "merged"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("no", "Canonical"), ("yes", "Merged into another")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "no":
            return queryset.filter(merged_into__isnull=True)
        if self.value() == "yes":
            return queryset.filter(merged_into__isnull=False)
        return queryset


class PublisherFilter(admin.SimpleListFilter):
    """Publishers that actually have articles (not every source), by ``publisher_field``."""

    title = "publisher"
    parameter_name = "publisher"
    publisher_field = "publisher"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        publishers = Source.objects.filter(published_articles__isnull=False).distinct().order_by("name")[:200]
        return [(str(source.pk), source.name) for source in publishers]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value():
            return queryset.filter(**{f"{self.publisher_field}_id": self.value()})
        return queryset


# --------------------------------------------------------------------------- sources


class SourceAliasInline(TabularInline):
    model = SourceAlias
    extra = 0
    fields = ("alias", "normalized", "created_at")
    readonly_fields = ("normalized", "created_at")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Aliases are added by resolution and moved by merges; the normalised form must stay consistent.
        return False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(queryset=Source.objects.none(), label="Merge into", empty_label=None)

    def __init__(self, *args: Any, sources: QuerySet[Source], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = sources  # type: ignore[attr-defined]


@admin.register(Source)
class SourceAdmin(AuditHistoryMixin, ModelAdmin):
    list_display = ("name", "kind", "merged_into", "alias_count", "created_at")
    list_filter = ("kind", MergedFilter)
    search_fields = ("name", "aliases__alias")
    list_select_related = ("merged_into",)
    raw_id_fields = ("merged_into",)
    readonly_fields = ("merged_into", "version", "created_at", "updated_at", "audit_history")
    inlines = [SourceAliasInline]
    actions = ["merge_sources"]
    date_hierarchy = "created_at"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Source]:
        queryset: QuerySet[Source] = super().get_queryset(request)
        return queryset.annotate(alias_total=Count("aliases", distinct=True))

    @admin.display(description="aliases", ordering="alias_total")
    def alias_count(self, source: Any) -> int:
        return int(source.alias_total)

    @admin.action(description="Merge selected sources into one of them…", permissions=["change"])
    def merge_sources(self, request: HttpRequest, queryset: QuerySet[Source]) -> HttpResponse | None:
        sources = queryset.filter(merged_into__isnull=True).order_by("name")
        if sources.count() < 2:
            self.message_user(request, "Choose at least two sources that are not merged already.", messages.WARNING)
            return None
        form = MergeForm(request.POST if "apply" in request.POST else None, sources=sources)
        if "apply" in request.POST and form.is_valid():
            target = form.cleaned_data["target"]
            merged = []
            try:
                for source in sources.exclude(pk=target.pk):
                    source_merge(source=source, into=target, actor=request.user)
                    merged.append(source.name)
            except SourceInputError as error:
                self.message_user(request, str(error), messages.ERROR)
                return None
            self.message_user(request, f"Merged {', '.join(merged)} into {target.name}.", messages.SUCCESS)
            return None
        return action_form_response(
            self,
            request,
            title="Merge sources",
            form=form,
            objects=sources,
            action="merge_sources",
            intro="These sources will become one: choose the one the others are merged into. Their aliases, "
            "attributions and relay hops move to it; the others are kept as merged.",
            submit_label="Merge",
        )


@admin.register(SourceAlias)
class SourceAliasAdmin(ModelAdmin):
    list_display = ("alias", "normalized", "source", "created_at")
    search_fields = ("alias", "normalized", "source__name")
    list_filter = ("source__kind",)
    list_select_related = ("source",)
    raw_id_fields = ("source",)
    readonly_fields = ("normalized", "created_at")


# --------------------------------------------------------------------------- articles and imports


@admin.register(Article)
class ArticleAdmin(AuditHistoryMixin, ModelAdmin):
    list_display = (
        "display_title",
        "publisher",
        "published",
        "language",
        "extractor_version",
        "assignee",
        "created_at",
    )
    list_filter = (PublisherFilter, "published", "language", "extractor_version")
    search_fields = ("title", "url", "author")
    list_select_related = ("publisher", "assignee")
    raw_id_fields = ("publisher", "created_by", "assignee")
    readonly_fields = ("text", "content_hash", "extractor_version", "created_at", "created_by", "audit_history")
    date_hierarchy = "published"
    actions = ["reextract"]

    @admin.action(description="Re-run extraction for the selected articles (a background job)", permissions=["change"])
    def reextract(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        article_ids = sorted(queryset.values_list("pk", flat=True))
        job = import_job_create(
            kind=ImportKind.REEXTRACT,
            payload={"article_ids": article_ids},
            created_by=request.user,
            items_total=max(1, len(article_ids)),
        )
        url = reverse("admin:sources_importjob_change", args=[job.pk])
        self.message_user(
            request,
            format_html(
                'Re-extraction of {} article(s) queued as <a href="{}">import job #{}</a>.',
                len(article_ids),
                url,
                job.pk,
            ),
            messages.SUCCESS,
        )


@admin.register(ImportJob)
class ImportJobAdmin(ModelAdmin):
    """Jobs are created by imports and changed only by workers: progress and errors are read-only."""

    list_display = (
        "pk",
        "kind",
        "status",
        "progress",
        "items",
        "attempts",
        "short_error",
        "created_by",
        "created_at",
        "finished_at",
    )
    list_filter = ("status", "kind", "created_at")
    search_fields = ("error", "idempotency_key")
    list_select_related = ("created_by",)
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in self.model._meta.fields] + ["progress"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="progress")
    def progress(self, job: ImportJob) -> str:
        return f"{job.progress_percent}%"

    @admin.display(description="items")
    def items(self, job: ImportJob) -> str:
        return f"{job.items_done}/{job.items_total}"

    @admin.display(description="error")
    def short_error(self, job: ImportJob) -> str:
        return job.error[:120]


class FeedEntryInline(ReadOnlyInline):
    model = FeedEntry
    fields = ("entry_id", "link", "job", "article", "created_at")
    readonly_fields = fields
    show_change_link = True


@admin.register(Feed)
class FeedAdmin(AuditHistoryMixin, ModelAdmin):
    list_display = (
        "__str__",
        "url",
        "publisher",
        "active",
        "poll_interval_minutes",
        "last_fetched_at",
        "next_poll_at",
        "last_error",
    )
    list_filter = ("active", PublisherFilter)
    search_fields = ("url", "title")
    list_select_related = ("publisher",)
    raw_id_fields = ("publisher",)
    readonly_fields = ("etag", "last_modified", "last_fetched_at", "last_error", "created_at", "audit_history")


@admin.register(FeedEntry)
class FeedEntryAdmin(ModelAdmin):
    list_display = ("entry_id", "feed", "link", "job", "article", "created_at")
    list_filter = ("feed",)
    search_fields = ("entry_id", "link")
    list_select_related = ("feed", "job", "article")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


register_audit_models(Source, Article, Feed)
