"""The Import page: paste text, upload a file or give a URL; watch the jobs progress.  The Feeds page beside it."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sources.feeds import FeedInputError, feed_create, feed_poll, feed_set_active, feed_update, feeds_overview
from sources.forms import FeedForm, FileImportForm, TextImportForm, UrlImportForm
from sources.jobs import import_job_submit, import_jobs_for_user
from sources.models import Feed, ImportJob, ImportKind
from workbench.roles import is_editor, is_reviewer

RECENT_JOBS = 20
FORMS: dict[str, tuple[type[Any], str]] = {
    "text": (TextImportForm, ImportKind.TEXT),
    "file": (FileImportForm, ImportKind.FILE),
    "url": (UrlImportForm, ImportKind.URL),
}


def import_job_get_for_user(user: Any, pk: int) -> ImportJob:
    """The job, if ``user`` may see it (their own, or any for an editor); 404 otherwise."""
    return get_object_or_404(import_jobs_for_user(user), pk=pk)


def _jobs_context(user: Any) -> dict[str, Any]:
    jobs = list(import_jobs_for_user(user).order_by("-created_at", "-id")[:RECENT_JOBS])
    return {"jobs": jobs, "polling": any(not job.is_finished for job in jobs)}


@login_required
@require_http_methods(["GET", "POST"])
def import_index(request: HttpRequest) -> HttpResponse:
    can_import = is_reviewer(request.user)
    forms: dict[str, Any] = {name: form_class(prefix=name) for name, (form_class, _) in FORMS.items()}
    active = request.GET.get("tab", "text")
    if request.method == "POST":
        if not can_import:
            raise PermissionDenied("only reviewers and editors can import")
        active = request.POST.get("form", "")
        if active not in FORMS:
            active = "text"
        form_class, kind = FORMS[active]
        form = form_class(request.POST, request.FILES, prefix=active)
        forms[active] = form
        if form.is_valid():
            payload = form.payload()
            upload = form.cleaned_data.get("file")
            digest = ""
            if upload is not None:
                payload["filename"] = upload.name
                digest = hashlib.sha256(upload.read()).hexdigest()
                upload.seek(0)
            job, _ = import_job_submit(
                kind=kind, payload=payload, created_by=request.user, upload=upload, upload_digest=digest
            )
            messages.success(request, f"Import #{job.pk} queued.")
            return redirect("sources:index")
    context = {
        "forms": forms,
        "active": active if active in FORMS else "text",
        "can_import": can_import,
        **_jobs_context(request.user),
    }
    return render(request, "sources/index.html", context, status=400 if request.method == "POST" else 200)


@login_required
@require_GET
def job_list_fragment(request: HttpRequest) -> HttpResponse:
    return render(request, "sources/_jobs.html", _jobs_context(request.user))


@login_required
@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = import_job_get_for_user(request.user, pk)
    return render(request, "sources/job.html", {"job": job})


@login_required
@require_GET
def job_progress_fragment(request: HttpRequest, pk: int) -> HttpResponse:
    job = import_job_get_for_user(request.user, pk)
    return render(request, "sources/_job_status.html", {"job": job})


def feed_get_for_editor(user: Any, pk: int) -> Feed:
    """The feed, if ``user`` may manage feeds (editors, as in the API's policy); 403 or 404 otherwise."""
    if not is_editor(user):
        raise PermissionDenied("only editors can manage feeds")
    return get_object_or_404(Feed, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def feed_list(request: HttpRequest) -> HttpResponse:
    """Reviewers see the feeds; editors also add, pause, resume and poll them."""
    if not is_reviewer(request.user):
        raise PermissionDenied("only reviewers and editors can see feeds")
    can_manage = is_editor(request.user)
    form = FeedForm()
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied("only editors can manage feeds")
        form = FeedForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                feed = feed_create(
                    url=data["url"],
                    title=data["title"],
                    publisher_name=data["publisher"],
                    poll_interval_minutes=data["poll_interval_minutes"],
                    actor=request.user,
                )
            except FeedInputError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, f"Feed {feed} added; it will be polled within a minute.")
                return redirect("sources:feeds")
    context = {"rows": feeds_overview(), "form": form, "can_manage": can_manage}
    return render(request, "sources/feeds.html", context, status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def feed_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Editors change a feed's address, title, publisher and poll interval (audited as ``sources.feed.updated``)."""
    feed = feed_get_for_editor(request.user, pk)
    form = FeedForm(feed=feed)
    if request.method == "POST":
        form = FeedForm(request.POST, feed=feed)
        if form.is_valid():
            data = form.cleaned_data
            try:
                feed = feed_update(
                    feed=feed,
                    url=data["url"],
                    title=data["title"],
                    publisher_name=data["publisher"],
                    poll_interval_minutes=data["poll_interval_minutes"],
                    actor=request.user,
                )
            except FeedInputError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, f"Feed {feed} saved.")
                return redirect("sources:feeds")
    status = 400 if request.method == "POST" else 200
    return render(request, "sources/feed_edit.html", {"feed": feed, "form": form}, status=status)


@login_required
@require_POST
def feed_pause(request: HttpRequest, pk: int) -> HttpResponse:
    feed = feed_set_active(feed=feed_get_for_editor(request.user, pk), active=False, actor=request.user)
    messages.success(request, f"Feed {feed} paused.")
    return redirect("sources:feeds")


@login_required
@require_POST
def feed_resume(request: HttpRequest, pk: int) -> HttpResponse:
    feed = feed_set_active(feed=feed_get_for_editor(request.user, pk), active=True, actor=request.user)
    messages.success(request, f"Feed {feed} resumed.")
    return redirect("sources:feeds")


@login_required
@require_POST
def feed_poll_now(request: HttpRequest, pk: int) -> HttpResponse:
    feed = feed_get_for_editor(request.user, pk)
    job, queued = feed_poll(feed=feed, created_by=request.user)
    if queued:
        messages.success(request, f"Poll of {feed} queued as import #{job.pk}.")
    else:
        messages.info(request, f"{feed} is already being polled, as import #{job.pk}.")
    return redirect("sources:feeds")
