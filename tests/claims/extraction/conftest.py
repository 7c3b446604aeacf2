from __future__ import annotations

from pathlib import Path

import pytest

from claims.extraction import Extractor, get_extractor

ROOT = Path(__file__).resolve().parents[3]
SEED_ARTICLE = ROOT / "sources" / "demo" / "seed_article.txt"


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """One loaded spaCy model for the whole test session."""
    return get_extractor()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_ARTICLE.read_text(encoding="utf-8")
