"""Reviewer forms: they parse input into service arguments; the rules live in claims/services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from claims.models import Claim, EvidenceKind, QuoteKind, Stance, VerdictValue
from claims.services import EvidenceInput, NewSource
from sources.models import Source, SourceKind
from sources.services import source_find

STANCES = Stance.choices


class VerdictForm(forms.Form):
    value = forms.ChoiceField(label="Verdict", choices=[("", "Choose a verdict…"), *VerdictValue.choices])
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    based_on = forms.IntegerField(required=False, widget=forms.HiddenInput)

    evidence_claim = forms.CharField(
        label="Claim as evidence",
        required=False,
        help_text="Sentence number in this article (e.g. 2) or #id of any claim; or search below.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
    claim_stance = forms.ChoiceField(label="Stance of the claim", choices=STANCES, initial=Stance.SUPPORTS)
    url = forms.URLField(label="Link", required=False, max_length=2000, assume_scheme="https")
    excerpt = forms.CharField(label="Excerpt from the link", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    url_stance = forms.ChoiceField(label="Stance of the link", choices=STANCES, initial=Stance.SUPPORTS)
    document = forms.FileField(label="Document", required=False)
    document_stance = forms.ChoiceField(label="Stance of the document", choices=STANCES, initial=Stance.SUPPORTS)
    evidence_note = forms.CharField(label="Evidence note", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    note_stance = forms.ChoiceField(label="Stance of the note", choices=STANCES, initial=Stance.SUPPORTS)

    # Service error keys → the field they are shown next to.
    SERVICE_FIELDS = {
        "value": "value",
        "related_claim": "evidence_claim",
        "url": "url",
        "document": "document",
        "note": "evidence_note",
        "evidence": None,
        "stance": None,
        "kind": None,
    }

    def __init__(self, *args: Any, claim: Claim, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.claim = claim

    def clean_evidence_claim(self) -> Claim | None:
        raw = (self.cleaned_data.get("evidence_claim") or "").strip()
        if not raw:
            return None
        if raw.startswith("#") and raw[1:].isdigit():
            found = Claim.objects.filter(pk=int(raw[1:])).first()
            if found is None:
                raise forms.ValidationError(f"there is no claim {raw}")
            return found
        if raw.isdigit():
            found = Claim.objects.filter(article_id=self.claim.article_id, position=int(raw) - 1).first()
            if found is None:
                raise forms.ValidationError(f"this article has no sentence {raw}")
            return found
        raise forms.ValidationError("give a sentence number (e.g. 2) or a claim id (e.g. #41)")

    def evidence(self) -> list[EvidenceInput]:
        data = self.cleaned_data
        items: list[EvidenceInput] = []
        if data.get("evidence_claim") is not None:
            items.append(
                EvidenceInput(
                    kind=EvidenceKind.CLAIM, stance=data["claim_stance"], related_claim=data["evidence_claim"]
                )
            )
        if data.get("url"):
            items.append(
                EvidenceInput(
                    kind=EvidenceKind.URL, stance=data["url_stance"], url=data["url"], excerpt=data.get("excerpt") or ""
                )
            )
        if data.get("document"):
            items.append(
                EvidenceInput(kind=EvidenceKind.DOCUMENT, stance=data["document_stance"], document=data["document"])
            )
        if (data.get("evidence_note") or "").strip():
            items.append(EvidenceInput(kind=EvidenceKind.NOTE, stance=data["note_stance"], note=data["evidence_note"]))
        return items

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for key, messages in errors.items():
            target = self.SERVICE_FIELDS.get(key)
            for message in messages:
                self.add_error(target, message)


class ChainActionForm(forms.Form):
    """Sign-off or retraction: names the head verdict the person saw."""

    based_on = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))


def _source_choice(name: str, kind: str) -> Source | NewSource:
    return source_find(name=name) or NewSource(name=name, kind=kind)


class AttributionForm(forms.Form):
    speaker_name = forms.CharField(
        label="Speaker",
        required=False,
        max_length=300,
        help_text="An existing source's name or alias, or a new name; empty = the publisher's own statement.",
    )
    speaker_kind = forms.ChoiceField(label="Kind (if new)", choices=SourceKind.choices, initial=SourceKind.PERSON)
    role = forms.CharField(label="Role", required=False, max_length=300)
    cue_text = forms.CharField(label="Cue", required=False, max_length=200)
    quote_kind = forms.ChoiceField(label="Quote kind", choices=QuoteKind.choices)
    via = forms.CharField(
        label="Relay chain",
        required=False,
        max_length=1000,
        help_text="Sources it came through, comma-separated, nearest first.",
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        name = " ".join((data.get("speaker_name") or "").split())
        return {
            "speaker": _source_choice(name, data["speaker_kind"]) if name else None,
            "role": data.get("role") or "",
            "cue_text": data.get("cue_text") or "",
            "quote_kind": data["quote_kind"],
            "via": [
                _source_choice(part.strip(), SourceKind.NEWS_AGENCY)
                for part in (data.get("via") or "").split(",")
                if part.strip()
            ],
        }


class AssignForm(forms.Form):
    """Empty means "nobody"; an id that names no active user is an error, never a silent unassignment."""

    assignee = forms.ModelChoiceField(
        label="Assign to",
        queryset=get_user_model().objects.filter(is_active=True),
        required=False,
        error_messages={"invalid_choice": "that person is not an active user"},
    )


class SourceMergeForm(forms.Form):
    into = forms.ModelChoiceField(label="Merge into", queryset=Source.objects.canonical())
