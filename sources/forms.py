"""Import forms for the web UI (validation only; the views call the same services as the API)."""

from __future__ import annotations

from typing import Any

from django import forms

from sources.documents import SUPPORTED_EXTENSIONS


class ArticleMetadataForm(forms.Form):
    title = forms.CharField(required=False, max_length=500)
    publisher = forms.CharField(required=False, max_length=300, help_text="The outlet that published it.")
    published = forms.DateField(required=False, help_text="YYYY-MM-DD", widget=forms.DateInput(attrs={"type": "date"}))

    def payload(self) -> dict[str, Any]:
        data = {key: value for key, value in self.cleaned_data.items() if value not in (None, "") and key != "file"}
        if data.get("published"):
            data["published"] = data["published"].isoformat()
        return data


class TextImportForm(ArticleMetadataForm):
    text = forms.CharField(strip=False, widget=forms.Textarea(attrs={"rows": 12}), label="Article text")
    url = forms.URLField(required=False, max_length=2000, label="Article URL (optional)", assume_scheme="https")

    field_order = ["text", "title", "publisher", "url", "published"]


class FileImportForm(ArticleMetadataForm):
    file = forms.FileField(
        help_text="Plain text, Markdown, HTML, PDF or Word (" + ", ".join(SUPPORTED_EXTENSIONS) + ").",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUPPORTED_EXTENSIONS)}),
    )

    field_order = ["file", "title", "publisher", "published"]


class UrlImportForm(forms.Form):
    url = forms.URLField(max_length=2000, label="Page URL", assume_scheme="https")
    publisher = forms.CharField(required=False, max_length=300, help_text="Leave empty to take it from the page.")

    def payload(self) -> dict[str, Any]:
        return {key: value for key, value in self.cleaned_data.items() if value}
