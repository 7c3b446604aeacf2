from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict

from claims.models import ClaimStatus
from reports.selectors import AGE_BUCKETS, GROUPINGS, ORDERINGS, STRENGTH_LEVELS, ClaimListFilters, ReportFilters


class ReportFilterForm(forms.Form):
    """The filters every report takes from the query string (all optional)."""

    date_from = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))
    publisher = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("the start date is after the end date")
        return data

    def filters(self) -> ReportFilters:
        data = self.cleaned_data
        return ReportFilters(
            date_from=data.get("date_from"), date_to=data.get("date_to"), publisher=data.get("publisher")
        )


class ClaimListForm(forms.Form):
    status = forms.ChoiceField(required=False, choices=[("", "any status"), *ClaimStatus.choices])
    speaker = forms.CharField(required=False, max_length=20)
    source = forms.CharField(required=False, max_length=20)
    relay = forms.CharField(required=False, max_length=20)
    kind = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, choices=[("", "any"), *STRENGTH_LEVELS.items()]
    )
    article = forms.IntegerField(required=False, min_value=1)
    age = forms.ChoiceField(required=False, choices=[("", "any age"), *AGE_BUCKETS.items()])
    reviewer = forms.IntegerField(required=False, min_value=1)
    order = forms.ChoiceField(required=False, choices=[(key, key) for key in ORDERINGS])

    def claim_filters(self, query: QueryDict) -> ClaimListFilters:
        data = self.cleaned_data
        return ClaimListFilters(
            # No status parameter at all means the unverified list; status= (empty) means every status.
            status=data.get("status") or "" if "status" in query else ClaimStatus.UNVERIFIED,
            speaker=data.get("speaker") or "",
            source=data.get("source") or "",
            relay=data.get("relay") or "",
            kind=data.get("kind"),
            article=data.get("article"),
            age=data.get("age") or "",
            reviewer=data.get("reviewer"),
            order=data.get("order") or "checkworthiness",
        )


class GroupingForm(forms.Form):
    by = forms.ChoiceField(required=False, choices=list(GROUPINGS.items()))
    period = forms.ChoiceField(required=False, choices=[("day", "per day"), ("week", "per week")])
