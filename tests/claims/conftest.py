from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from claims.models import Claim
from sources.jobs import ArticleInput, article_import

SEED_TEXT = Path(settings.DEMO_ARTICLE_PATH).read_text(encoding="utf-8")


def seed_import() -> Any:
    return article_import(
        article_input=ArticleInput(
            text=SEED_TEXT,
            title="Russia to keep 7,600 troops in Abkhazia and South Ossetia",
            publisher="Civil Georgia",
            published=dt.date(2008, 9, 9),
        )
    ).article


@pytest.fixture
def seed_article(db: None) -> Any:
    """The demo article, imported through the real pipeline (16 claims)."""
    return seed_import()


@pytest.fixture
def sentence(seed_article: Any) -> Any:
    """``sentence(n)``: the seed article's claim for sentence n, counted from 1."""

    def get(number: int) -> Claim:
        return Claim.objects.get(article=seed_article, position=number - 1)

    return get
