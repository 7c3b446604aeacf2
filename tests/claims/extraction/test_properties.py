"""Never crash, never lie about offsets, whatever the text.

"Tile" means: sentences are ordered and non-overlapping, each starts and ends
on a non-whitespace character, and every non-whitespace character of the text
lies in exactly one sentence (whitespace between sentences belongs to none).
Every span an attribution, quantity or entity reports lies inside its
sentence and its text equals the original text at those offsets."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.extraction import ExtractedDocument, Extractor, InputTooLarge, TextSpan

PROPERTY_SETTINGS = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

NEWS_WORDS = st.sampled_from(
    [
        "He",
        "said",
        "that",
        "“",
        "”",
        '"',
        "‘",
        "’",
        "«",
        "»",
        "U.S.",
        "Sept.",
        "Mr.",
        "Gen.",
        "J.",
        "according",
        "to",
        "Interfax",
        ",",
        ".",
        "?",
        "!",
        "\n",
        "\n\n",
        "7,600",
        "troops",
        "Lavrov",
        "told",
        "reporters",
        "the",
        "—",
        ":",
        "(",
        ")",
        "they",
        "claimed",
        "last",
        "month",
        "😀",
        "שלום",
        "مرحبا",
        "Привет",
        "\x00",
        "\x07",
        "\t",
    ]
)
NEWSY_TEXT = st.lists(NEWS_WORDS, max_size=60).map(" ".join)
ANY_TEXT = st.text(max_size=400)


def assert_tiles(text: str, document: ExtractedDocument) -> None:
    previous_end = 0
    covered = 0
    for position, sentence in enumerate(document.sentences):
        assert sentence.index == position
        assert previous_end <= sentence.start < sentence.end <= len(text)
        assert text[sentence.start : sentence.end] == sentence.text
        assert not sentence.text[0].isspace() and not sentence.text[-1].isspace()
        assert text[previous_end : sentence.start].strip() == ""
        covered += sum(1 for ch in sentence.text if not ch.isspace())
        previous_end = sentence.end
        assert_spans_inside(text, sentence.start, sentence.end, sentence_spans(sentence))
        assert_quotation_content_is_continued(document, sentence)
        # A continuation (no cue) names its speaker where an earlier or later sentence did: inside the text.
        assert_spans_inside(text, 0, len(text), continuation_mentions(sentence))
        assert 0.0 <= sentence.checkworthiness <= 1.0
        for attribution in sentence.attributions:
            assert 0.0 <= attribution.confidence <= 1.0
            assert attribution.quote in {"direct", "indirect", "partial", "none"}
    assert text[previous_end:].strip() == ""
    assert covered == sum(1 for ch in text if not ch.isspace())


def sentence_spans(sentence: object) -> list[TextSpan]:
    from claims.extraction import ExtractedSentence

    assert isinstance(sentence, ExtractedSentence)
    spans: list[TextSpan] = []
    for attribution in sentence.attributions:
        spans.extend(c for c in attribution.content if sentence.start <= c.start < sentence.end)
        spans.extend(hop.mention for hop in attribution.via)
        if attribution.cue:
            spans.append(attribution.cue)
            if attribution.speaker.mention:
                spans.append(attribution.speaker.mention)
    spans.extend(TextSpan(q.start, q.end, q.text) for q in sentence.quantities)
    spans.extend(q.per for q in sentence.quantities if q.per)
    spans.extend(TextSpan(e.start, e.end, e.text) for e in sentence.entities)
    return spans


def assert_quotation_content_is_continued(document: ExtractedDocument, sentence: object) -> None:
    """Content outside its sentence is the quoted words of another sentence that
    continues the same quotation: that sentence's attribution names the same
    mention, has no cue and no content, and points back with ``continues``."""
    from claims.extraction import ExtractedSentence

    assert isinstance(sentence, ExtractedSentence)
    for attribution in sentence.attributions:
        if attribution.continues is not None:
            assert attribution.cue is None and attribution.content == ()
            statement = document.sentences[attribution.continues]
            assert any(
                a.cue is not None and a.speaker.mention == attribution.speaker.mention for a in statement.attributions
            )
        else:
            assert attribution.content
        for span in attribution.content:
            if sentence.start <= span.start < sentence.end:
                assert span.end <= sentence.end, span
                continue
            assert attribution.cue is not None, span
            home = next(s for s in document.sentences if s.start <= span.start < s.end)
            assert span.end <= home.end, span
            assert home.attributions, span
            assert all(c.continues == sentence.index for c in home.attributions), span


def continuation_mentions(sentence: object) -> list[TextSpan]:
    from claims.extraction import ExtractedSentence

    assert isinstance(sentence, ExtractedSentence)
    return [a.speaker.mention for a in sentence.attributions if a.cue is None and a.speaker.mention is not None]


def assert_spans_inside(text: str, start: int, end: int, spans: list[TextSpan]) -> None:
    for span in spans:
        assert start <= span.start < span.end <= end, span
        assert text[span.start : span.end] == span.text


@PROPERTY_SETTINGS
@given(text=ANY_TEXT)
def test_arbitrary_text_is_tiled_by_sentences(extractor: Extractor, text: str) -> None:
    assert_tiles(text, extractor.extract(text))


@PROPERTY_SETTINGS
@given(text=NEWSY_TEXT)
def test_newsy_fragments_with_quotes_and_scripts_are_tiled(extractor: Extractor, text: str) -> None:
    assert_tiles(text, extractor.extract(text))


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n\n\t ",
        "\x00\x01\x02",
        "“unbalanced quote, he said.",
        "He said ”backwards“ things.",
        "שלום עולם. مرحبا بالعالم.",
        "Привет, сказал он.",
        "😀😀 he said 😀.",
        "U.S. Sept. Mr. Gen. J. R. R.",
    ],
)
def test_edge_cases_are_tiled(extractor: Extractor, text: str) -> None:
    assert_tiles(text, extractor.extract(text))


def test_a_megabyte_without_punctuation_is_tiled(extractor: Extractor) -> None:
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "said", "troops", "he"]
    text = " ".join(words[i % len(words)] for i in range(180_000))[:1_000_000]
    assert_tiles(text, extractor.extract(text))


def test_input_over_the_limit_raises_a_clear_error() -> None:
    small = Extractor(max_chars=10)
    with pytest.raises(InputTooLarge):
        small.extract("x" * 11)
    assert issubclass(InputTooLarge, ValueError)


def test_extract_many_keeps_order_and_matches_extract(extractor: Extractor, seed_text: str) -> None:
    texts = ["First text. He said it rains.", "", seed_text]
    many = list(extractor.extract_many(texts))
    assert [d.text for d in many] == texts
    assert many[2] == extractor.extract(seed_text)
