from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from claims.models import Claim, EvidenceKind, Stance
from claims.services import EvidenceInput, verdict_record
from sources.jobs import ArticleInput, article_import

SEED = Path(settings.DEMO_ARTICLE_PATH).read_text(encoding="utf-8")


def evidence_for(value: str) -> list[EvidenceInput]:
    supports = EvidenceInput(kind=EvidenceKind.URL, stance=Stance.SUPPORTS, url="https://example.org/support")
    contradicts = EvidenceInput(kind=EvidenceKind.URL, stance=Stance.CONTRADICTS, url="https://example.org/contra")
    return {"corroborated": [supports], "contradicted": [contradicts], "disputed": [supports, contradicts]}.get(
        value, [EvidenceInput(kind=EvidenceKind.NOTE, stance=Stance.SUPPORTS, note="checked")]
    )


def record(claim: Claim, reviewer: Any, value: str, **extra: Any) -> Any:
    from claims.services import verdict_head

    return verdict_record(
        claim=claim,
        reviewer=reviewer,
        value=value,
        evidence=evidence_for(value),
        based_on=verdict_head(claim=claim),
        **extra,
    )


@pytest.fixture
def seed_article(db: None) -> Any:
    """The seed article imported through the real pipeline (16 claims)."""
    return article_import(
        article_input=ArticleInput(text=SEED, title="Russia to keep 7,600 troops", published=dt.date(2008, 9, 9))
    ).article


@pytest.fixture
def seed_with_three_verdicts(seed_article: Any, editor: Any) -> Any:
    """Sentences 1, 5 and 11 (Serdyukov, Lavrov, Russian news agencies) get verdicts through verdict_record."""
    claims = {claim.position: claim for claim in seed_article.claims.all()}
    record(claims[0], editor, "corroborated")
    record(claims[4], editor, "contradicted")
    record(claims[10], editor, "unverifiable")
    return seed_article
