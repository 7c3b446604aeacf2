"""The seed article end to end: every sentence's speaker, the roles, the
Interfax relay, the dates; the same checks as the evaluation kit's
seed_check.py, against the project's own copy of the expectations."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from claims.extraction import ExtractedDocument, Extractor

from .conftest import ROOT, SEED_ARTICLE

EXPECTED = json.loads((Path(__file__).parent / "seed_expected.json").read_text(encoding="utf-8"))
PUBLISHED = dt.date.fromisoformat(EXPECTED["published"])


def normalised(name: str | None) -> str | None:
    if name is None:
        return None
    text = re.sub(r"[^\w\s]", " ", name.lower())
    text = re.sub(r"^\s*the\s+", "", text)
    return " ".join(text.split())


@pytest.fixture(scope="module")
def seed_document(extractor: Extractor, seed_text: str) -> ExtractedDocument:
    return extractor.extract(seed_text, published=PUBLISHED)


def test_the_seed_article_has_exactly_the_expected_sentences(seed_document: ExtractedDocument) -> None:
    got = [(s.start, s.end) for s in seed_document.sentences]
    assert got == [(e["start"], e["end"]) for e in EXPECTED["sentences"]]


@pytest.mark.parametrize("expected", EXPECTED["sentences"], ids=lambda e: f"sentence{e['index'] + 1}")
def test_each_seed_sentence_names_the_right_speaker(seed_document: ExtractedDocument, expected: dict[str, Any]) -> None:
    sentence = seed_document.sentences[expected["index"]]
    first = sentence.attributions[0] if sentence.attributions else None
    name = first.speaker.name if first else None
    accepted = [normalised(n) for n in expected["accepted_speakers"]]
    assert normalised(name) in accepted
    if first is not None and expected["accepted_speakers"][0] is not None and normalised(name) == accepted[0]:
        assert first.speaker.kind == expected["kind"]
        assert first.quote == expected["quote"]
        if expected["mention"] is not None:
            assert first.speaker.mention is not None
            assert first.speaker.mention.text == expected["mention"]
        if expected["cue"] is not None:
            # The cue keeps the one auxiliary or adverb before its verb ("long claimed").
            assert (
                first.cue is not None
                and first.cue.text.split()[-len(expected["cue"].split()) :] == expected["cue"].split()
            )
            assert len(first.cue.text.split()) <= len(expected["cue"].split()) + 1


def test_roles_are_read_from_appositions_and_remembered(seed_document: ExtractedDocument) -> None:
    roles = {s.index: s.attributions[0].speaker.role for s in seed_document.sentences if s.attributions}
    assert roles[0] == "Russian defense minister"
    assert roles[4] == "Russian foreign minister"
    assert roles[2] == "Russian defense minister"  # "Serdyukov said": the role is remembered
    assert roles[9] == "Russian foreign minister"


def test_interfax_relays_lavrov(seed_document: ExtractedDocument) -> None:
    attribution = seed_document.sentences[6].attributions[0]
    assert attribution.speaker.name == "Sergey Lavrov"
    assert [(hop.name, hop.kind, hop.cue) for hop in attribution.via] == [("Interfax", "news_agency", "according to")]
    assert attribution.cue is not None and attribution.cue.text == "pointed out"
    assert [c.text for c in attribution.content] == ["the agreements also envisage military assistance"]


def test_those_reports_resolve_to_the_russian_news_agencies(seed_document: ExtractedDocument) -> None:
    attribution = seed_document.sentences[11].attributions[0]
    assert attribution.speaker.mention is not None and attribution.speaker.mention.text == "those reports"
    assert attribution.speaker.name == "Russian news agencies"
    assert attribution.statement_date == "2008-08"


def test_the_ochamchire_sentence_is_the_publishers_own(seed_document: ExtractedDocument) -> None:
    assert seed_document.sentences[13].attributions == ()


@pytest.mark.parametrize("index", [0, 4, 10, 14])
def test_statement_dates_resolve_against_the_publication_date(seed_document: ExtractedDocument, index: int) -> None:
    assert seed_document.sentences[index].attributions[0].statement_date == EXPECTED["sentences"][index]["date"]


def test_the_partial_quote_continues_serdyukov_with_lower_confidence(seed_document: ExtractedDocument) -> None:
    continuation = seed_document.sentences[3].attributions[0]
    attributed = seed_document.sentences[2].attributions[0]
    assert continuation.speaker.name == "Anatoly Serdyukov"
    assert continuation.cue is None
    # No word of sentence 4 names him: the mention is where sentence 3 did.
    assert continuation.speaker.mention == attributed.speaker.mention
    assert continuation.speaker.mention is not None and continuation.speaker.mention.text == "Serdyukov"
    assert continuation.quote == "partial"
    assert continuation.confidence < attributed.confidence


def test_troop_numbers_expose_the_per_region_marker(seed_document: ExtractedDocument) -> None:
    total = seed_document.sentences[0].quantities[0]
    each = seed_document.sentences[1].quantities[0]
    assert (total.value, total.unit, total.per) == (7600.0, "troops", None)
    assert (each.value, each.unit) == (3800.0, "servicemen")
    assert each.per is not None and each.per.text == "in each of the regions"


def test_every_span_text_matches_the_article(seed_document: ExtractedDocument, seed_text: str) -> None:
    for sentence in seed_document.sentences:
        assert seed_text[sentence.start : sentence.end] == sentence.text
        for attribution in sentence.attributions:
            spans = [*attribution.content, *(h.mention for h in attribution.via)]
            if attribution.cue:
                spans.append(attribution.cue)
            if attribution.speaker.mention:
                mention = attribution.speaker.mention
                assert seed_text[mention.start : mention.end] == mention.text
                if attribution.cue:
                    spans.append(mention)  # a continuation's mention is in the sentence that named the speaker
            for span in spans:
                assert seed_text[span.start : span.end] == span.text
                assert sentence.start <= span.start < span.end <= sentence.end


def test_the_command_line_prints_one_json_line_per_sentence() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "claims.extraction", "--published", EXPECTED["published"], str(SEED_ARTICLE)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["index"] for r in records] == list(range(16))
    first = records[0]
    assert set(first) == {
        "document",
        "index",
        "start",
        "end",
        "text",
        "attributions",
        "checkworthiness",
        "quantities",
        "entities",
        "extractor_version",
    }
    assert first["document"] == str(SEED_ARTICLE)
    attribution = first["attributions"][0]
    assert set(attribution) == {
        "speaker",
        "cue",
        "content",
        "quote",
        "via",
        "statement_date",
        "confidence",
        "continues",
    }
    assert attribution["speaker"]["mention"] == {
        "start": 72,
        "end": 119,
        "text": "Anatoly Serdyukov, the Russian defense minister",
    }
    assert attribution["content"] == [{"start": 0, "end": 70}]
