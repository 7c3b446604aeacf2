"""Reviewer web UI: the article reader, the claim panel (HTMX fragments), source pages.

Views are thin: an access selector, a form, one service call, a template.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_POST

from claims import selectors, services
from claims.forms import AssignForm, AttributionForm, ChainActionForm, SourceMergeForm, VerdictForm
from claims.models import Attribution, Claim, ClaimStatus, Verdict
from sources.models import Article
from sources.services import SourceInputError, source_merge
from workbench.roles import is_editor

SPEAKER_COLOURS = [
    "#0a58ca",
    "#b42318",
    "#1a7f37",
    "#8250df",
    "#9a6700",
    "#bf3989",
    "#0f766e",
    "#c2410c",
    "#4d5bce",
    "#6e7781",
]
PUBLISHER_COLOUR = "#57606a"

ACTION_LABELS = {
    "claims.verdict.recorded": "verdict recorded",
    "claims.verdict.signed_off": "verdict signed off",
    "claims.verdict.retracted": "verdict retracted",
    "claims.attribution.corrected": "attribution corrected",
    "claims.attribution.confirmed": "attribution confirmed",
    "claims.attribution.added": "attribution added",
    "claims.claim.assigned": "assigned",
    "claims.article.reextracted": "re-extracted",
    "sources.import": "imported",
    "sources.source.merged": "sources merged",
}


# --------------------------------------------------------------------------- article reader


def _speaker_legend(
    claims: Sequence[Claim], speakers: dict[int, selectors.SpeakerRef]
) -> dict[int | None, dict[str, Any]]:
    """Speakers in order of first appearance, each with a colour (None: the publisher's own statements)."""
    legend: dict[int | None, dict[str, Any]] = {}
    for claim in claims:
        speaker = speakers.get(claim.pk)
        key = speaker.pk if speaker else None
        if key not in legend:
            named = sum(1 for k in legend if k is not None)
            colour = PUBLISHER_COLOUR if key is None else SPEAKER_COLOURS[named % len(SPEAKER_COLOURS)]
            legend[key] = {"source": speaker, "colour": colour, "count": 0}
        legend[key]["count"] += 1
    return legend


_SPAN = (
    '<a class="claim status-{status}{selected}" id="claim-{pk}" href="?claim={pk}#claim-{pk}" data-claim="{pk}" '
    'data-position="{number}" data-panel-url="{panel}" style="--speaker:{colour}" '
    'aria-label="Sentence {number}, {who}, {label}" title="Sentence {number} · {who} · {label}"{current}>'
    '<span class="sentence-no" aria-hidden="true">{number}</span>{text}</a>'
)
_STATUS_LABELS = dict(ClaimStatus.choices)


def article_body(
    article: Article,
    claims: Sequence[Claim],
    speakers: dict[int, selectors.SpeakerRef],
    legend: dict[int | None, dict[str, Any]],
    selected: int | None,
) -> SafeString:
    """The article text with every claim as a highlighted, focusable link.

    Built with plain string formatting (every value escaped) rather than a template loop:
    the reader must render a 200-sentence article in well under 100 ms.
    """
    panel_url = reverse("claims:panel", args=[0]).replace("/0/", "/{}/")
    parts: list[str] = []
    cursor = 0
    text = article.text
    for claim in sorted(claims, key=lambda c: c.start):
        if claim.start < cursor:  # overlapping spans never happen; keep the text readable if they do
            continue
        if claim.start > cursor:
            parts.append(escape(text[cursor : claim.start]))
        speaker = speakers.get(claim.pk)
        is_selected = claim.pk == selected
        parts.append(
            _SPAN.format(
                status=escape(claim.status),
                selected=" selected" if is_selected else "",
                pk=claim.pk,
                number=claim.position + 1,
                panel=panel_url.format(claim.pk),
                colour=legend[speaker.pk if speaker else None]["colour"],
                who=escape(speaker.name if speaker else "publisher (unattributed)"),
                label=escape(_STATUS_LABELS.get(claim.status, claim.status)),
                current=' aria-current="true"' if is_selected else "",
                text=escape(claim.text),
            )
        )
        cursor = claim.end
    if cursor < len(text):
        parts.append(escape(text[cursor:]))
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


@login_required
@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.article_get_for_user(user=request.user, pk=pk)
    claims, speakers = selectors.article_reader_claims(article=article)
    legend = _speaker_legend(claims, speakers)
    selected_id = _int(request.GET.get("claim"))
    selected = next((claim for claim in claims if claim.pk == selected_id), None)
    counts: dict[str, int] = {}
    for claim in claims:
        counts[claim.status] = counts.get(claim.status, 0) + 1
    context = {
        "article": article,
        "claims_count": len(claims),
        "body": article_body(article, claims, speakers, legend, selected.pk if selected else None),
        "legend": list(legend.values()),
        "status_counts": [(ClaimStatus(s), counts.get(s, 0)) for s in ClaimStatus.values],
        "numeric_checks": selectors.article_numeric_checks(claims=claims),
        "can_assign": is_editor(request.user),
        "reviewers": _reviewers() if is_editor(request.user) else [],
    }
    if selected is not None:
        context.update(_panel_context(request, selectors.claim_get_for_user(user=request.user, pk=selected.pk)))
    return render(request, "claims/article.html", context)


def _reviewers() -> list[Any]:
    return list(get_user_model().objects.filter(groups__name="reviewer", is_active=True).order_by("username"))


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


# --------------------------------------------------------------------------- claim panel


def _panel_context(
    request: HttpRequest,
    claim: Claim,
    *,
    form: VerdictForm | None = None,
    conflict: services.ConflictError | None = None,
    announcement: str = "",
    attribution_forms: dict[int, AttributionForm] | None = None,
    attribution_errors: dict[int, str] | None = None,
) -> dict[str, Any]:
    chain = selectors.verdict_chain(claim=claim)
    head = services.verdict_head(claim=claim) if chain else None
    if form is None:
        form = VerdictForm(claim=claim, initial={"based_on": head.pk if head else None})
    forms_by_attribution = attribution_forms or {}
    attributions = []
    for attribution in claim.attributions.all():
        attributions.append(
            {
                "attribution": attribution,
                "via": list(attribution.relay_hops.all()),
                "form": forms_by_attribution.get(attribution.pk) or _attribution_form(attribution),
                "error": (attribution_errors or {}).get(attribution.pk, ""),
            }
        )
    history = selectors.claim_history(claim=claim)
    for entry in history:
        entry.action = ACTION_LABELS.get(entry.action, entry.action or entry.operation)
    user = request.user
    return {
        "claim": claim,
        "number": claim.position + 1,
        "status": ClaimStatus(claim.status),
        "attributions": attributions,
        "related": selectors.related_claims(claim=claim),
        "claim_checks": selectors.numeric_consistency(claim=claim),
        "chain": chain,
        "head": head,
        "history": history,
        "form": form,
        "conflict": conflict,
        "conflict_verdict": conflict.current if conflict and isinstance(conflict.current, Verdict) else None,
        "announcement": announcement,
        "can_sign_off": bool(
            head
            and head.action == "recorded"
            and head.value
            and is_editor(user)
            and claim.status == ClaimStatus.PENDING_SIGNOFF
        ),
        "can_retract": bool(head and head.action != "retracted" and (head.reviewer_id == user.pk or is_editor(user))),
        "is_editor": is_editor(user),
        "reviewers": _reviewers() if is_editor(user) else [],
    }


def _attribution_form(attribution: Attribution) -> AttributionForm:
    return AttributionForm(
        initial={
            "speaker_name": attribution.speaker.name if attribution.speaker else "",
            "speaker_kind": attribution.speaker.kind if attribution.speaker else "person",
            "role": attribution.role,
            "cue_text": attribution.cue_text,
            "quote_kind": attribution.quote_kind,
            "via": ", ".join(hop.source.name for hop in attribution.relay_hops.all()),
            "version": attribution.version,
        },
        prefix=f"a{attribution.pk}",
    )


def _render_panel(request: HttpRequest, claim_pk: int, *, status: int = 200, **extra: Any) -> HttpResponse:
    claim = selectors.claim_get_for_user(user=request.user, pk=claim_pk)
    return render(request, "claims/_panel.html", _panel_context(request, claim, **extra), status=status)


def _article_redirect(claim: Claim) -> HttpResponse:
    return redirect(f"{reverse('claims:article', args=[claim.article_id])}?claim={claim.pk}#claim-{claim.pk}")


@login_required
@require_GET
def claim_panel(request: HttpRequest, pk: int) -> HttpResponse:
    claim = selectors.claim_get_for_user(user=request.user, pk=pk)
    if not request.headers.get("HX-Request"):
        return _article_redirect(claim)
    return render(request, "claims/_panel.html", _panel_context(request, claim))


@login_required
@require_GET
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _article_redirect(selectors.claim_get_for_user(user=request.user, pk=pk))


def _respond(request: HttpRequest, claim: Claim, *, status: int = 200, **extra: Any) -> HttpResponse:
    """HTMX: the re-rendered panel; a plain form post: back to the article (errors as messages)."""
    if request.headers.get("HX-Request"):
        return _render_panel(request, claim.pk, status=status, **extra)
    if status >= 400:
        form = extra.get("form")
        problems = form.errors.as_text() if form is not None and form.errors else ""
        conflict = extra.get("conflict")
        messages.error(request, str(conflict) if conflict else f"Not saved. {problems}")
    elif extra.get("announcement"):
        messages.success(request, extra["announcement"])
    return _article_redirect(claim)


@login_required
@require_POST
def verdict_create(request: HttpRequest, pk: int) -> HttpResponse:
    claim = selectors.claim_get_for_user(user=request.user, pk=pk)
    form = VerdictForm(request.POST, request.FILES, claim=claim)
    if not form.is_valid():
        return _respond(request, claim, status=422, form=form)
    based_on = (
        Verdict.objects.filter(pk=form.cleaned_data["based_on"], claim=claim).first()
        if form.cleaned_data["based_on"]
        else None
    )
    try:
        verdict = services.verdict_record(
            claim=claim,
            reviewer=request.user,
            value=form.cleaned_data["value"],
            note=form.cleaned_data.get("note") or "",
            evidence=form.evidence(),
            based_on=based_on,
        )
    except services.ReviewInputError as error:
        form.add_service_errors(error.message_dict)
        return _respond(request, claim, status=422, form=form)
    except services.ConflictError as conflict:
        # Keep their input; point the form at the new head so a deliberate resubmission goes through.
        data = request.POST.copy()
        current = conflict.current
        data["based_on"] = str(current.pk) if isinstance(current, Verdict) else ""
        kept = VerdictForm(data, claim=claim)
        kept.is_valid()
        return _respond(request, claim, status=409, form=kept, conflict=conflict)
    return _respond(request, claim, announcement=f"Verdict recorded: {verdict.get_value_display()}.")


def _chain_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    claim = selectors.claim_get_for_user(user=request.user, pk=pk)
    form = ChainActionForm(request.POST)
    if not form.is_valid():
        return _respond(request, claim, status=422)
    based_on = Verdict.objects.filter(pk=form.cleaned_data["based_on"], claim=claim).first()
    note = form.cleaned_data.get("note") or ""
    try:
        if action == "sign_off":
            services.verdict_sign_off(claim=claim, editor=request.user, based_on=based_on, note=note)
            announcement = "Verdict signed off."
        else:
            services.verdict_retract(claim=claim, reviewer=request.user, based_on=based_on, note=note)
            announcement = "Verdict retracted; the claim is unverified again."
    except services.ConflictError as conflict:
        return _respond(request, claim, status=409, conflict=conflict)
    except services.ReviewInputError as error:
        return _respond(
            request, claim, status=422, announcement=" ".join(m for ms in error.message_dict.values() for m in ms)
        )
    return _respond(request, claim, announcement=announcement)


@login_required
@require_POST
def verdict_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    return _chain_action(request, pk, "sign_off")


@login_required
@require_POST
def verdict_retract(request: HttpRequest, pk: int) -> HttpResponse:
    return _chain_action(request, pk, "retract")


@login_required
@require_POST
def attribution_correct(request: HttpRequest, pk: int) -> HttpResponse:
    attribution = selectors.attribution_get_for_user(user=request.user, pk=pk)
    claim = selectors.claim_get_for_user(user=request.user, pk=attribution.claim_id)
    form = AttributionForm(request.POST, prefix=f"a{attribution.pk}")
    if not form.is_valid():
        return _respond(request, claim, status=422, attribution_forms={attribution.pk: form})
    try:
        if request.POST.get("confirm"):
            services.attribution_confirm(
                attribution=attribution, actor=request.user, expected_version=form.cleaned_data["version"]
            )
            announcement = "Attribution confirmed."
        else:
            services.attribution_correct(
                attribution=attribution,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                **form.service_arguments(),
            )
            announcement = "Attribution corrected."
    except services.ConflictError as conflict:
        current = conflict.current
        who = (
            current.reviewed_by.get_username()
            if isinstance(current, Attribution) and current.reviewed_by
            else "someone"
        )
        message = f"{who} changed this attribution while you were working; their version is shown above, your input is kept below."
        data = request.POST.copy()
        data[f"a{attribution.pk}-version"] = str(current.version) if isinstance(current, Attribution) else ""
        kept = AttributionForm(data, prefix=f"a{attribution.pk}")
        kept.is_valid()
        return _respond(
            request,
            claim,
            status=409,
            attribution_forms={attribution.pk: kept},
            attribution_errors={attribution.pk: message},
        )
    except (services.ReviewInputError, SourceInputError) as error:
        return _respond(
            request,
            claim,
            status=422,
            attribution_forms={attribution.pk: form},
            attribution_errors={attribution.pk: str(error)},
        )
    return _respond(request, claim, announcement=announcement)


@login_required
@require_POST
def claim_assign(request: HttpRequest, pk: int) -> HttpResponse:
    claim = selectors.claim_get_for_user(user=request.user, pk=pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        reason = "Not assigned: " + "; ".join(str(error) for error in form.errors["assignee"])
        if request.headers.get("HX-Request"):
            return _render_panel(request, claim.pk, status=422, announcement=reason)
        messages.error(request, reason)
        return _article_redirect(claim)
    assignee = form.cleaned_data["assignee"]
    services.claim_assign(claim=claim, assignee=assignee, actor=request.user)
    name = assignee.get_username() if assignee else "nobody"
    return _respond(request, claim, announcement=f"Assigned to {name}.")


@login_required
@require_POST
def article_assign(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.article_get_for_user(user=request.user, pk=pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Not assigned: " + "; ".join(str(error) for error in form.errors["assignee"]))
        return redirect("claims:article", pk=article.pk)
    assignee = form.cleaned_data["assignee"]
    services.article_assign(article=article, assignee=assignee, actor=request.user)
    messages.success(request, f"Article assigned to {assignee.get_username() if assignee else 'nobody'}.")
    return redirect("claims:article", pk=article.pk)


@login_required
@require_GET
def claim_search(request: HttpRequest) -> HttpResponse:
    results = selectors.claims_search(
        user=request.user, text=request.GET.get("q", ""), exclude=_int(request.GET.get("for"))
    )
    return render(request, "claims/_search_results.html", {"results": results})


@login_required
@require_GET
def evidence_document(request: HttpRequest, pk: int) -> FileResponse:
    """An uploaded evidence document, for reviewers only (uploads are not public media)."""
    evidence = selectors.evidence_get_for_user(user=request.user, pk=pk)
    if not evidence.document:
        raise Http404("this evidence has no document")
    name = (evidence.document.name or "document").rsplit("/", 1)[-1]
    return FileResponse(evidence.document.open("rb"), as_attachment=True, filename=name)


# --------------------------------------------------------------------------- sources


@login_required
@require_GET
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source = selectors.source_get_for_user(user=request.user, pk=pk)
    record = selectors.source_record(source=source)
    context = {
        "record": record,
        "source": source,
        "statuses": [(ClaimStatus(s), record.status_counts.get(s, 0)) for s in ClaimStatus.values],
        "merge_form": SourceMergeForm() if is_editor(request.user) and source.merged_into_id is None else None,
    }
    return render(request, "claims/source.html", context)


@login_required
@require_POST
def source_merge_view(request: HttpRequest, pk: int) -> HttpResponse:
    source = selectors.source_get_for_user(user=request.user, pk=pk)
    if not is_editor(request.user):
        raise PermissionDenied("only editors can merge sources")
    form = SourceMergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the source to merge into.")
        return redirect("claims:source", pk=source.pk)
    try:
        target = source_merge(source=source, into=form.cleaned_data["into"], actor=request.user)
    except SourceInputError as error:
        messages.error(request, str(error))
        return redirect("claims:source", pk=source.pk)
    messages.success(request, f"{source.name} was merged into {target.name}.")
    return redirect("claims:source", pk=target.pk)
