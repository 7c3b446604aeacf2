"""Import forms for the web UI (validation only; the views call the same services as the API)."""

from __future__ import annotations

from typing import Any

from django import forms

from sources.documents import SUPPORTED_EXTENSIONS
from sources.feeds import FEED_DUPLICATE_MESSAGE, feed_url_problem
from sources.models import Feed


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


class FeedForm(forms.Form):
    url = forms.URLField(
        max_length=2000,
        label="Feed URL",
        assume_scheme="https",
        help_text="The RSS or Atom address, e.g. https://civil.ge/feed",
    )
    title = forms.CharField(required=False, max_length=500, help_text="Leave empty to take it from the feed.")
    publisher = forms.CharField(
        required=False, max_length=300, help_text="The outlet the feed's articles are published by."
    )
    poll_interval_minutes = forms.IntegerField(min_value=1, initial=30, label="Poll every (minutes)")

    def __init__(self, *args: Any, feed: Feed | None = None, **kwargs: Any) -> None:
        """With ``feed``, the form edits that feed: it starts from its settings
        and its own URL is not a duplicate."""
        self.feed = feed
        if feed is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "url": feed.url,
                "title": feed.title,
                "publisher": feed.publisher.name if feed.publisher else "",
                "poll_interval_minutes": feed.poll_interval_minutes,
            }
        super().__init__(*args, **kwargs)

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        if problem := feed_url_problem(url):
            raise forms.ValidationError(problem)
        others = Feed.objects.exclude(pk=self.feed.pk) if self.feed is not None else Feed.objects.all()
        if others.filter(url=url).exists():
            raise forms.ValidationError(FEED_DUPLICATE_MESSAGE)
        return url
