"""ClaimReview JSON-LD for a reviewed seed claim, checked against schema.org's ClaimReview structure."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.conf import settings

from claims.models import Claim
from claims.services import EvidenceInput, verdict_record, verdict_retract
from sources.jobs import ArticleInput, article_import
from tests.api.conftest import session_client

# schema.org: the properties each type used here may carry, with their expected ranges.
TEXT, URL, DATE, NUMBER = "Text", "URL", "Date", "Number"
SCHEMA: dict[str, dict[str, tuple[str, ...]]] = {
    "ClaimReview": {
        "url": (URL,),
        "claimReviewed": (TEXT,),
        "datePublished": (DATE,),
        "author": ("Organization", "Person"),
        "reviewRating": ("Rating",),
        "itemReviewed": ("Claim",),
        "citation": ("CreativeWork", "Claim", TEXT),
    },
    "Rating": {
        "ratingValue": (NUMBER, TEXT),
        "bestRating": (NUMBER, TEXT),
        "worstRating": (NUMBER, TEXT),
        "alternateName": (TEXT,),
    },
    "Claim": {
        "text": (TEXT,),
        "author": ("Person", "Organization"),
        "datePublished": (DATE,),
        "appearance": ("CreativeWork", "NewsArticle"),
        "firstAppearance": ("CreativeWork", "NewsArticle"),
        "url": (URL,),
        "description": (TEXT,),
    },
    "Person": {"name": (TEXT,), "jobTitle": (TEXT,)},
    "Organization": {"name": (TEXT,)},
    "CreativeWork": {"url": (URL,), "author": ("Person", "Organization"), "description": (TEXT,), "name": (TEXT,)},
    "NewsArticle": {
        "url": (URL,),
        "headline": (TEXT,),
        "datePublished": (DATE,),
        "publisher": ("Organization", "Person"),
        "author": ("Person", "Organization"),
    },
}
REQUIRED = {
    "ClaimReview": {"claimReviewed", "reviewRating", "itemReviewed", "url", "author", "datePublished"},
    "Rating": {"alternateName"},
    "Claim": {"author", "appearance", "datePublished"},
    "Person": {"name"},
    "Organization": {"name"},
}


def _check_value(value: Any, ranges: tuple[str, ...], where: str, problems: list[str]) -> None:
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            kind = item.get("@type")
            if kind not in ranges:
                problems.append(f"{where}: @type {kind!r} not in {ranges}")
            else:
                _check_thing(item, where, problems)
        elif isinstance(item, bool):
            problems.append(f"{where}: boolean")
        elif isinstance(item, int | float):
            if NUMBER not in ranges:
                problems.append(f"{where}: number where {ranges} expected")
        elif isinstance(item, str):
            if URL in ranges and not re.match(r"^https?://", item):
                problems.append(f"{where}: {item!r} is not a URL")
            elif DATE in ranges:
                try:
                    dt.date.fromisoformat(item)
                except ValueError:
                    problems.append(f"{where}: {item!r} is not an ISO 8601 date")
            elif not {TEXT, URL, DATE} & set(ranges):
                problems.append(f"{where}: text where {ranges} expected")
        else:
            problems.append(f"{where}: unexpected {type(item).__name__}")


def _check_thing(thing: dict[str, Any], where: str, problems: list[str]) -> None:
    kind = thing["@type"]
    allowed = SCHEMA[kind]
    missing = REQUIRED.get(kind, set()) - set(thing)
    if missing:
        problems.append(f"{where} ({kind}): missing {sorted(missing)}")
    for name, value in thing.items():
        if name.startswith("@"):
            continue
        if name not in allowed:
            problems.append(f"{where}.{name}: not a {kind} property")
            continue
        _check_value(value, allowed[name], f"{where}.{name}", problems)


def claimreview_problems(document: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    if document.get("@context") != "https://schema.org":
        problems.append("@context must be https://schema.org")
    if document.get("@type") != "ClaimReview":
        problems.append("@type must be ClaimReview")
        return problems
    _check_thing(document, "ClaimReview", problems)
    rating = document.get("reviewRating", {})
    if "ratingValue" in rating and not rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]:
        problems.append("ratingValue outside worstRating..bestRating")
    return problems


def test_the_validator_catches_broken_documents():
    assert claimreview_problems({"@context": "https://schema.org", "@type": "ClaimReview"})
    broken = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "not a url",
        "claimReviewed": "x",
        "datePublished": "yesterday",
        "author": {"@type": "Organization", "name": "Desk"},
        "reviewRating": {
            "@type": "Rating",
            "alternateName": "True",
            "ratingValue": 9,
            "worstRating": 1,
            "bestRating": 4,
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person"},
            "appearance": [],
            "datePublished": "2008-09-09",
            "speaker": "x",
        },
    }
    problems = " | ".join(claimreview_problems(broken))
    for expected in [
        "not a URL",
        "not an ISO 8601 date",
        "ratingValue outside",
        "missing ['name']",
        "speaker: not a Claim property",
    ]:
        assert expected in problems


@pytest.fixture
def seed_article(db: None) -> Any:
    imported = article_import(
        article_input=ArticleInput(
            text=settings.DEMO_ARTICLE_PATH.read_text(),
            title="Russia to keep 7,600 troops in Abkhazia, South Ossetia",
            url="https://civil.ge/archives/185",
            publisher="Civil Georgia",
            published=dt.date(2008, 9, 9),
        )
    )
    return imported.article


def test_claimreview_for_a_reviewed_seed_claim_is_valid_schema_org(seed_article, editor):
    claim = Claim.objects.get(article=seed_article, position=0)
    client = session_client(editor)
    assert client.get(f"/api/claims/{claim.pk}/claimreview").status_code == 404  # not reviewed yet

    verdict_record(
        claim=claim,
        reviewer=editor,
        value="corroborated",
        note="Matches the ministry's statement.",
        evidence=[EvidenceInput(kind="url", stance="supports", url="https://mil.ru/statement", excerpt="7,600 troops")],
    )
    response = client.get(f"/api/claims/{claim.pk}/claimreview")
    assert response.status_code == 200, response.content
    review = response.json()

    assert claimreview_problems(review) == []
    assert review["claimReviewed"] == claim.text
    assert review["url"] == f"http://testserver/api/claims/{claim.pk}/claimreview"
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Corroborated",
        "ratingValue": 4,
        "worstRating": 1,
        "bestRating": 4,
    }
    item = review["itemReviewed"]
    assert item["author"]["@type"] == "Person"
    assert item["author"]["name"] == "Anatoly Serdyukov"
    assert "defense minister" in item["author"]["jobTitle"].lower()
    assert item["appearance"][0]["url"] == "https://civil.ge/archives/185"
    assert item["appearance"][0]["publisher"] == {"@type": "Organization", "name": "Civil Georgia"}
    assert item["datePublished"] == "2008-09-09"
    assert review["citation"][0]["url"] == "https://mil.ru/statement"


def test_relay_chain_becomes_further_appearances(seed_article, editor):
    relayed = next(c for c in Claim.objects.filter(article=seed_article) if "according to Interfax" in c.text)
    verdict_record(claim=relayed, reviewer=editor, value="unverifiable")
    review = session_client(editor).get(f"/api/claims/{relayed.pk}/claimreview").json()
    assert claimreview_problems(review) == []
    relays = [work for work in review["itemReviewed"]["appearance"][1:]]
    assert [work["author"]["name"] for work in relays] == ["Interfax"]
    assert "ratingValue" in review["reviewRating"]


def test_feed_lists_published_reviews_only_and_a_retraction_unpublishes(seed_article, editor):
    claims = list(Claim.objects.filter(article=seed_article).order_by("position")[:3])
    verdicts = [verdict_record(claim=claim, reviewer=editor, value="unverifiable") for claim in claims[:2]]
    client = session_client(editor)
    feed = client.get("/api/claimreviews").json()
    assert sorted(item["claimReviewed"] for item in feed["results"]) == sorted(c.text for c in claims[:2])
    assert all(claimreview_problems(item) == [] for item in feed["results"])
    verdict_retract(claim=claims[0], reviewer=editor, based_on=verdicts[0])
    assert [item["claimReviewed"] for item in client.get("/api/claimreviews").json()["results"]] == [claims[1].text]
    assert client.get(f"/api/claims/{claims[0].pk}/claimreview").status_code == 404
