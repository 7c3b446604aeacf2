"""Related-claim suggestions (full-text search + pg_trgm) and numeric consistency."""

from __future__ import annotations

from claims.models import Claim
from claims.selectors import article_numeric_checks, numeric_consistency, related_claims
from claims.services import EvidenceInput, verdict_record
from tests.factories import ArticleFactory, ClaimFactory


def test_suggestions_for_the_java_base_include_the_troops_deployed_in_java(sentence):
    suggestions = related_claims(claim=sentence(15))

    positions = [item.claim.position + 1 for item in suggestions]
    assert 4 in positions, positions
    java = next(item for item in suggestions if item.claim.position == 3)
    assert "java" in java.shared_entities
    assert not java.confirmed
    print([(i.claim.position + 1, i.score, i.shared_entities) for i in suggestions])


def test_a_suggestion_cited_as_evidence_is_marked_confirmed(sentence, reviewer):
    verdict_record(
        claim=sentence(15),
        reviewer=reviewer,
        value="corroborated",
        evidence=[EvidenceInput(kind="claim", stance="supports", related_claim=sentence(4))],
    )
    java = next(item for item in related_claims(claim=sentence(15)) if item.claim.position == 3)
    assert java.confirmed


def test_suggestions_come_from_other_articles_too(sentence):
    other = ArticleFactory(
        text="A Russian military base in Java was under construction in August, Georgian officials said."
    )
    elsewhere = ClaimFactory(
        article=other, position=0, entities=[{"text": "Java", "label": "GPE", "start": 31, "end": 35}]
    )
    positions = [(item.claim.article_id, item.claim.position) for item in related_claims(claim=sentence(15))]
    assert (other.pk, elsewhere.position) in positions


def test_the_total_and_the_per_region_figure_are_consistent(sentence):
    checks = numeric_consistency(claim=sentence(1))

    pair = [c for c in checks if c.other.position == 1]
    assert len(pair) == 1
    assert pair[0].agrees
    assert "7,600 total = 2 × 3,800" in pair[0].explanation
    assert "Abkhazia and South Ossetia" in pair[0].explanation


def test_the_article_wide_check_finds_the_same_agreement(seed_article):
    claims = list(Claim.objects.filter(article=seed_article))
    checks = article_numeric_checks(claims=claims)
    assert [(c.claim.position, c.other.position, c.agrees) for c in checks] == [(0, 1, True)]


def _claim(article, position, text, quantities, entities):
    return ClaimFactory(
        article=article, position=position, start=0, end=len(text), text=text, quantities=quantities, entities=entities
    )


def test_figures_that_do_not_add_up_are_flagged(db):
    text = (
        "Russia will keep 8,000 troops in Abkhazia and South Ossetia. 3,800 servicemen will be in each of the regions."
    )
    article = ArticleFactory(text=text)
    total = _claim(
        article,
        0,
        text[:60],
        [{"value": 8000.0, "unit": "troops", "text": "8,000 troops", "start": 17, "end": 29, "per": None}],
        [
            {"text": "Abkhazia", "label": "GPE", "start": 33, "end": 41},
            {"text": "South Ossetia", "label": "GPE", "start": 46, "end": 59},
        ],
    )
    _claim(
        article,
        1,
        text[61:],
        [
            {
                "value": 3800.0,
                "unit": "servicemen",
                "text": "3,800 servicemen",
                "start": 61,
                "end": 77,
                "per": {"text": "in each of the regions", "start": 86, "end": 108},
            }
        ],
        [],
    )

    [check] = numeric_consistency(claim=total)
    assert not check.agrees
    assert "8,000 total ≠ 2 × 3,800" in check.explanation


def test_plain_figures_about_the_same_place_must_match(db):
    article = ArticleFactory(text="x" * 200)
    entity = [{"text": "Gudauta", "label": "GPE", "start": 0, "end": 7}]
    one = _claim(
        article,
        0,
        "Two bases in Gudauta.",
        [{"value": 2.0, "unit": "bases", "text": "Two bases", "start": 0, "end": 9, "per": None}],
        entity,
    )
    _claim(
        article,
        1,
        "Three bases in Gudauta.",
        [{"value": 3.0, "unit": "bases", "text": "Three bases", "start": 0, "end": 11, "per": None}],
        entity,
    )
    _claim(
        article,
        2,
        "Five bases in Tskhinvali.",
        [{"value": 5.0, "unit": "bases", "text": "Five bases", "start": 0, "end": 10, "per": None}],
        [{"text": "Tskhinvali", "label": "GPE", "start": 0, "end": 10}],
    )

    checks = numeric_consistency(claim=one)
    assert [(c.other.position, c.agrees) for c in checks] == [(1, False)]
    assert "Two bases ≠ Three bases" in checks[0].explanation


def test_a_claim_counting_the_same_thing_is_a_top_suggestion(sentence):
    suggestions = related_claims(claim=sentence(1))
    top_three = [item.claim.position + 1 for item in suggestions[:3]]
    assert 2 in top_three, top_three
    two = next(item for item in suggestions if item.claim.position == 1)
    assert "a figure in troops" in two.shared_entities
