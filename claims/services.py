"""Review workflows: verdicts and evidence, attribution corrections, assignments.

Every function here is the one way the web UI, the API, the admin and tasks change
review state.  Each runs in one transaction, sets the audit context (who, which
action) for the database triggers that record every row change, and emits a
webhook event inside the transaction.

Status rule (the only place a claim's status is computed): see ``claim_status_for``.

Concurrency: verdicts form one chain per claim (``Verdict.supersedes``); an action
names the head it was based on and fails with ``ConflictError`` when someone else
moved the head first.  Attributions and claims carry a ``version`` that services
compare-and-set (``expected_version``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pghistory
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from claims.ingest import extract_document  # noqa: F401  (re-exported: callers use claims.services.extract_document)
from claims.models import (
    Attribution,
    Claim,
    ClaimStatus,
    Evidence,
    EvidenceKind,
    QuoteKind,
    RelayHop,
    ReviewState,
    Stance,
    Verdict,
    VerdictAction,
    VerdictValue,
)
from integrations import events
from sources.models import Article, Source
from sources.services import source_resolve
from workbench.roles import is_editor, is_reviewer


class ConflictError(Exception):
    """Someone else changed the object first; ``current`` is what they left (a Verdict, Claim or Attribution)."""

    def __init__(self, message: str, *, current: Any = None) -> None:
        super().__init__(message)
        self.current = current


# --------------------------------------------------------------------------- status rule


def claim_status_for(*, head: Verdict | None, require_signoff: bool, by_editor: bool) -> str:
    """THE status rule: a claim's status from the head of its verdict chain.

    - no verdict, or the head is a retraction → ``unverified``;
    - the head is a recorded corroborated/contradicted verdict by a reviewer who is not an
      editor, and ``REQUIRE_EDITOR_SIGNOFF`` is on → ``pending_signoff``;
    - otherwise (any other recorded verdict, an editor's verdict, a sign-off) → the head's value.

    ``by_editor`` says whether the head's author is an editor.
    """
    if head is None or head.action == VerdictAction.RETRACTED or head.value is None:
        return ClaimStatus.UNVERIFIED
    if (
        require_signoff
        and head.action == VerdictAction.RECORDED
        and head.value in (VerdictValue.CORROBORATED, VerdictValue.CONTRADICTED)
        and not by_editor
    ):
        return ClaimStatus.PENDING_SIGNOFF
    return str(head.value)


def verdict_head(*, claim: Claim) -> Verdict | None:
    """The newest verdict of a claim's chain (the one nothing supersedes)."""
    return (
        Verdict.objects.filter(claim=claim, superseded_by__isnull=True)
        .select_related("reviewer")
        .order_by("-created_at", "-pk")
        .first()
    )


# --------------------------------------------------------------------------- evidence input


@dataclass(frozen=True)
class EvidenceInput:
    """One piece of evidence as a reviewer gave it (not yet stored)."""

    kind: str
    stance: str
    related_claim: Claim | None = None
    url: str = ""
    excerpt: str = ""
    document: Any = None  # an UploadedFile
    note: str = ""

    def errors(self) -> dict[str, str]:
        problems: dict[str, str] = {}
        if self.kind not in EvidenceKind.values:
            problems["kind"] = f"unknown evidence kind {self.kind!r}"
        if self.stance not in Stance.values:
            problems["stance"] = "choose whether the evidence supports or contradicts the claim"
        if self.kind == EvidenceKind.CLAIM and self.related_claim is None:
            problems["related_claim"] = "choose the claim that is the evidence"
        if self.kind == EvidenceKind.URL and not self.url:
            problems["url"] = "give the address of the evidence"
        if self.kind == EvidenceKind.DOCUMENT and self.document is None:
            problems["document"] = "upload the document"
        if self.kind == EvidenceKind.NOTE and not self.note.strip():
            problems["note"] = "write the note"
        return problems


class ReviewInputError(ValidationError):
    """Bad review input; ``message_dict`` maps field names to messages for the form."""


def _evidence_errors(*, claim: Claim, value: str, evidence: Sequence[EvidenceInput]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for item in evidence:
        for name, message in item.errors().items():
            errors.setdefault(name, []).append(message)
        if item.related_claim is not None and item.related_claim.pk == claim.pk:
            errors.setdefault("related_claim", []).append("a claim cannot be evidence for itself")
    stances = {item.stance for item in evidence}
    if value == VerdictValue.CORROBORATED and Stance.SUPPORTS not in stances:
        errors.setdefault("evidence", []).append(
            "a corroborated verdict needs at least one piece of supporting evidence"
        )
    if value == VerdictValue.CONTRADICTED and Stance.CONTRADICTS not in stances:
        errors.setdefault("evidence", []).append(
            "a contradicted verdict needs at least one piece of contradicting evidence"
        )
    if value == VerdictValue.DISPUTED and not {Stance.SUPPORTS, Stance.CONTRADICTS} <= stances:
        errors.setdefault("evidence", []).append(
            "a disputed verdict needs evidence both ways (supporting and contradicting)"
        )
    return errors


# --------------------------------------------------------------------------- verdicts


def _require_reviewer(user: Any) -> None:
    if not is_reviewer(user):
        raise PermissionDenied("only reviewers can do this")


def _append_verdict(
    *, claim: Claim, based_on: Verdict | None, expected_version: int | None, **fields: Any
) -> tuple[Verdict, str]:
    """Append a verdict on top of ``based_on`` and re-derive the claim's status; returns (verdict, old status).

    The claim row is locked first, so concurrent actions on one claim run one after the
    other; the second then sees that the head moved and gets a ConflictError.  The
    unique ``supersedes`` / one-root constraints are the backstop if anything bypasses the lock.
    """
    # NO KEY UPDATE: evidence rows citing this claim (FOR KEY SHARE) are not blocked, so two reviewers
    # citing each other's claims at once cannot deadlock.
    locked = Claim.objects.select_for_update(no_key=True).get(pk=claim.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError("the claim was changed by someone else", current=locked)
    head = verdict_head(claim=locked)
    if (head.pk if head else None) != (based_on.pk if based_on else None):
        raise ConflictError(_conflict_message(head), current=head)
    try:
        with transaction.atomic():
            verdict = Verdict.objects.create(claim=locked, supersedes=head, **fields)
    except IntegrityError:
        current = verdict_head(claim=locked)
        raise ConflictError(_conflict_message(current), current=current) from None
    old_status = locked.status
    new_status = claim_status_for(
        head=verdict, require_signoff=settings.REQUIRE_EDITOR_SIGNOFF, by_editor=is_editor(verdict.reviewer)
    )
    now = timezone.now()
    changes: dict[str, Any] = {"version": F("version") + 1, "updated_at": now}
    if new_status != old_status:
        changes.update(status=new_status, status_changed_at=now)
    Claim.objects.filter(pk=locked.pk).update(**changes)
    if new_status != old_status:
        events.emit(
            "claim.status_changed",
            {
                "claim": locked.pk,
                "article": locked.article_id,
                "from": old_status,
                "to": new_status,
                "verdict": verdict.pk,
            },
        )
    return verdict, old_status


def _conflict_message(current: Verdict | None) -> str:
    if current is None:
        return "someone else changed this claim's verdicts while you were working"
    who = current.reviewer.get_username()
    when = timezone.localtime(current.created_at).strftime("%Y-%m-%d %H:%M")
    what = current.get_value_display() if current.value else "—"
    return f"{who} {current.get_action_display().lower()} a verdict ({what}) at {when} while you were working"


def verdict_record(
    *,
    claim: Claim,
    reviewer: Any,
    value: str,
    note: str = "",
    evidence: Sequence[EvidenceInput] = (),
    based_on: Verdict | None = None,
    expected_version: int | None = None,
) -> Verdict:
    """Record a reviewer's verdict on ``claim`` with its evidence.

    ``based_on`` is the head of the chain the reviewer saw (None when they saw no
    verdict); if the head has moved since, ``ConflictError`` carries the new head and
    nothing is stored.  Corroborated needs supporting evidence, contradicted needs
    contradicting evidence, disputed needs both (``ReviewInputError`` otherwise).
    """
    _require_reviewer(reviewer)
    if value not in VerdictValue.values:
        raise ReviewInputError({"value": [f"choose a verdict (got {value!r})"]})
    errors = _evidence_errors(claim=claim, value=value, evidence=evidence)
    if errors:
        raise ReviewInputError(errors)
    with transaction.atomic(), pghistory.context(user=reviewer.pk, action="claims.verdict.recorded", claim=claim.pk):
        verdict, _ = _append_verdict(
            claim=claim,
            based_on=based_on,
            expected_version=expected_version,
            action=VerdictAction.RECORDED,
            value=value,
            reviewer=reviewer,
            note=note,
        )
        for item in evidence:
            Evidence.objects.create(
                verdict=verdict,
                kind=item.kind,
                stance=item.stance,
                related_claim=item.related_claim if item.kind == EvidenceKind.CLAIM else None,
                url=item.url if item.kind == EvidenceKind.URL else "",
                excerpt=item.excerpt,
                document=item.document if item.kind == EvidenceKind.DOCUMENT else "",
                note=item.note if item.kind == EvidenceKind.NOTE else "",
            )
        events.emit(
            "verdict.recorded", {"claim": claim.pk, "verdict": verdict.pk, "value": value, "action": "recorded"}
        )
    return verdict


def verdict_sign_off(
    *, claim: Claim, editor: Any, based_on: Verdict | None, note: str = "", expected_version: int | None = None
) -> Verdict:
    """An editor confirms the head verdict; the claim's status becomes final."""
    if not is_editor(editor):
        raise PermissionDenied("only editors can sign off verdicts")
    if based_on is None or based_on.action == VerdictAction.RETRACTED or based_on.value is None:
        raise ReviewInputError({"verdict": ["there is no verdict to sign off"]})
    with transaction.atomic(), pghistory.context(user=editor.pk, action="claims.verdict.signed_off", claim=claim.pk):
        verdict, _ = _append_verdict(
            claim=claim,
            based_on=based_on,
            expected_version=expected_version,
            action=VerdictAction.SIGNED_OFF,
            value=based_on.value,
            reviewer=editor,
            note=note,
        )
        events.emit(
            "verdict.recorded",
            {"claim": claim.pk, "verdict": verdict.pk, "value": verdict.value, "action": "signed_off"},
        )
    return verdict


def verdict_retract(
    *, claim: Claim, reviewer: Any, based_on: Verdict | None, note: str = "", expected_version: int | None = None
) -> Verdict:
    """Retract the head verdict (an event: the chain keeps it); the claim returns to unverified.

    Its author or an editor may retract.
    """
    _require_reviewer(reviewer)
    if based_on is None or based_on.action == VerdictAction.RETRACTED:
        raise ReviewInputError({"verdict": ["there is no verdict to retract"]})
    if based_on.reviewer_id != reviewer.pk and not is_editor(reviewer):
        raise PermissionDenied("only the verdict's author or an editor can retract it")
    with transaction.atomic(), pghistory.context(user=reviewer.pk, action="claims.verdict.retracted", claim=claim.pk):
        verdict, _ = _append_verdict(
            claim=claim,
            based_on=based_on,
            expected_version=expected_version,
            action=VerdictAction.RETRACTED,
            value=None,
            reviewer=reviewer,
            note=note,
        )
        events.emit(
            "verdict.recorded", {"claim": claim.pk, "verdict": verdict.pk, "value": None, "action": "retracted"}
        )
    return verdict


# --------------------------------------------------------------------------- attributions


def attribution_machine_snapshot(attribution: Attribution) -> dict[str, Any]:
    """What the engine said, in the shape extractor-accuracy reports read."""
    speaker = attribution.speaker
    return {
        "speaker_id": speaker.pk if speaker else None,
        "speaker_name": speaker.name if speaker else None,
        "speaker_kind": speaker.kind if speaker else None,
        "role": attribution.role,
        "cue_text": attribution.cue_text,
        "quote_kind": attribution.quote_kind,
        "via": [hop.source.name for hop in attribution.relay_hops.select_related("source").order_by("position")],
        "extractor_version": attribution.extractor_version,
    }


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


@dataclass(frozen=True)
class NewSource:
    """A speaker or relay source a reviewer names that may not exist yet (resolved or created)."""

    name: str
    kind: str


def _source_from(value: Source | NewSource | None) -> Source | None:
    if isinstance(value, NewSource):
        return source_resolve(name=value.name, kind=value.kind)
    return value


def _lock_attribution(attribution: Attribution, expected_version: int | None) -> Attribution:
    locked = (
        Attribution.objects.select_for_update(of=("self",), no_key=True)
        .select_related("speaker")
        .get(pk=attribution.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError("the attribution was changed by someone else", current=locked)
    return locked


def _relay_chain_set(*, attribution: Attribution, via: Sequence[Source | NewSource]) -> None:
    """Replace the relay hops, unless they already name these sources (no needless audit rows)."""
    sources = [source for source in (_source_from(item) for item in via) if source is not None]
    current = list(
        RelayHop.objects.filter(attribution=attribution).order_by("position").values_list("source_id", flat=True)
    )
    if current == [source.pk for source in sources]:
        return
    RelayHop.objects.filter(attribution=attribution).delete()
    RelayHop.objects.bulk_create(
        [
            RelayHop(attribution=attribution, position=position, source=source, mention_text=source.name)
            for position, source in enumerate(sources)
        ]
    )


def attribution_correct(
    *,
    attribution: Attribution,
    actor: Any,
    expected_version: int | None,
    speaker: Source | NewSource | None = UNSET,
    role: str = UNSET,
    cue_text: str = UNSET,
    quote_kind: str = UNSET,
    via: Sequence[Source | NewSource] = UNSET,
) -> Attribution:
    """Correct who said a claim and how it reached us.

    Only the given fields change (``speaker=None`` makes it the publisher's own
    statement).  The engine's original is kept in ``machine_snapshot`` the first
    time a person touches the attribution; re-extraction leaves corrected rows alone.
    """
    _require_reviewer(actor)
    if quote_kind is not UNSET and quote_kind not in QuoteKind.values:
        raise ReviewInputError({"quote_kind": [f"unknown quote kind {quote_kind!r}"]})
    with (
        transaction.atomic(),
        pghistory.context(user=actor.pk, action="claims.attribution.corrected", attribution=attribution.pk),
    ):
        locked = _lock_attribution(attribution, expected_version)
        changes: dict[str, Any] = {}
        if not locked.is_human_reviewed:
            changes["machine_snapshot"] = attribution_machine_snapshot(locked)
        if speaker is not UNSET:
            changes["speaker"] = _source_from(speaker)
        if role is not UNSET:
            changes["role"] = role.strip()[:300]
        if cue_text is not UNSET:
            changes["cue_text"] = cue_text.strip()[:200]
        if quote_kind is not UNSET:
            changes["quote_kind"] = quote_kind
        now = timezone.now()
        changes.update(review_state=ReviewState.CORRECTED, reviewed_by=actor, reviewed_at=now, updated_at=now)
        updated = Attribution.objects.filter(pk=locked.pk, version=locked.version).update(
            version=F("version") + 1, **changes
        )
        if updated != 1:  # pragma: no cover - the row is locked
            raise ConflictError("the attribution was changed by someone else", current=locked)
        if via is not UNSET:
            _relay_chain_set(attribution=locked, via=via)
        events.emit("attribution.corrected", {"attribution": locked.pk, "claim": locked.claim_id, "state": "corrected"})
    return Attribution.objects.select_related("speaker").get(pk=locked.pk)


def attribution_add(
    *,
    claim: Claim,
    actor: Any,
    speaker: Source | NewSource | None,
    role: str = "",
    cue_text: str = "",
    quote_kind: str = QuoteKind.NONE,
    via: Sequence[Source | NewSource] = (),
) -> Attribution:
    """Attribute a claim the engine left unattributed (or add a further speaker); a person's correction."""
    _require_reviewer(actor)
    if quote_kind not in QuoteKind.values:
        raise ReviewInputError({"quote_kind": [f"unknown quote kind {quote_kind!r}"]})
    with transaction.atomic(), pghistory.context(user=actor.pk, action="claims.attribution.added", claim=claim.pk):
        locked = Claim.objects.select_for_update(of=("self",), no_key=True).select_related("article").get(pk=claim.pk)
        last = locked.attributions.aggregate(last=Max("position"))["last"]
        position = 0 if last is None else last + 1
        now = timezone.now()
        attribution = Attribution.objects.create(
            claim=locked,
            position=position,
            speaker=_source_from(speaker),
            role=role.strip()[:300],
            cue_text=cue_text.strip()[:200],
            quote_kind=quote_kind,
            review_state=ReviewState.CORRECTED,
            reviewed_by=actor,
            reviewed_at=now,
            # The engine found no attribution here: that is what its accuracy is measured against.
            machine_snapshot={
                "speaker_id": None,
                "speaker_name": None,
                "speaker_kind": None,
                "role": "",
                "cue_text": "",
                "quote_kind": None,
                "via": [],
                "extractor_version": locked.article.extractor_version,
                "absent": True,
            },
        )
        sources = [_source_from(item) for item in via]
        RelayHop.objects.bulk_create(
            [
                RelayHop(attribution=attribution, position=index, source=source, mention_text=source.name)
                for index, source in enumerate(sources)
                if source is not None
            ]
        )
        events.emit("attribution.corrected", {"attribution": attribution.pk, "claim": locked.pk, "state": "added"})
    return attribution


def attribution_confirm(*, attribution: Attribution, actor: Any, expected_version: int | None) -> Attribution:
    """A person confirms the engine's attribution as it is (the engine was right)."""
    _require_reviewer(actor)
    with (
        transaction.atomic(),
        pghistory.context(user=actor.pk, action="claims.attribution.confirmed", attribution=attribution.pk),
    ):
        locked = _lock_attribution(attribution, expected_version)
        now = timezone.now()
        changes: dict[str, Any] = {"review_state": ReviewState.CONFIRMED, "reviewed_by": actor, "reviewed_at": now}
        if not locked.is_human_reviewed:
            changes["machine_snapshot"] = attribution_machine_snapshot(locked)
        elif locked.review_state == ReviewState.CORRECTED:
            # Confirming a corrected attribution confirms the person's correction, not the engine.
            changes["review_state"] = ReviewState.CORRECTED
        Attribution.objects.filter(pk=locked.pk).update(version=F("version") + 1, updated_at=now, **changes)
        events.emit("attribution.corrected", {"attribution": locked.pk, "claim": locked.claim_id, "state": "confirmed"})
    return Attribution.objects.select_related("speaker").get(pk=locked.pk)


# --------------------------------------------------------------------------- assignment


def _check_assign(actor: Any, assignee: Any | None) -> None:
    if is_editor(actor):
        if assignee is not None and not is_reviewer(assignee):
            raise ReviewInputError({"assignee": [f"{assignee.get_username()} is not a reviewer"]})
        return
    if is_reviewer(actor) and (assignee is None or assignee.pk == actor.pk):
        return  # a reviewer may take work or give it back
    raise PermissionDenied("only editors can assign work to others")


def claim_assign(*, claim: Claim, assignee: Any | None, actor: Any, expected_version: int | None = None) -> Claim:
    """Assign one claim to a reviewer (None: unassign, it then follows its article's assignee)."""
    _check_assign(actor, assignee)
    with transaction.atomic(), pghistory.context(user=actor.pk, action="claims.claim.assigned", claim=claim.pk):
        query = Claim.objects.filter(pk=claim.pk)
        if expected_version is not None:
            query = query.filter(version=expected_version)
        if query.update(assignee=assignee, version=F("version") + 1, updated_at=timezone.now()) != 1:
            raise ConflictError("the claim was changed by someone else", current=Claim.objects.get(pk=claim.pk))
    return Claim.objects.get(pk=claim.pk)


def article_assign(*, article: Article, assignee: Any | None, actor: Any) -> Article:
    """Assign a whole article: its claims without an assignee of their own go to the assignee's queue."""
    _check_assign(actor, assignee)
    with transaction.atomic(), pghistory.context(user=actor.pk, action="sources.article.assigned", article=article.pk):
        Article.objects.filter(pk=article.pk).update(assignee=assignee)
    return Article.objects.get(pk=article.pk)
