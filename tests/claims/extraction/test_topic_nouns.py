"""Statement and stance nouns without a possessor ("criticism of", "the suggestion that")."""

from __future__ import annotations

from claims.extraction import Extractor


def test_a_stance_noun_with_its_preposition_is_an_unsourced_cue(extractor: Extractor) -> None:
    text = "Sharp criticism of the tax increases came quickly."
    [attribution] = extractor.extract(text).sentences[0].attributions
    assert attribution.rule == "nominal_topic"
    assert attribution.cue is not None and attribution.cue.text == "Sharp criticism of"
    assert attribution.speaker is None or attribution.speaker.mention is None
    assert [span.text for span in attribution.content] == ["the tax increases"]


def test_a_statement_noun_with_a_that_clause_reports_the_clause(extractor: Extractor) -> None:
    text = "There were complaints that the bridge was unsafe."
    attributions = extractor.extract(text).sentences[0].attributions
    [attribution] = [a for a in attributions if a.rule == "nominal_that"]
    assert attribution.cue is not None and attribution.cue.text == "complaints"
    assert [span.text for span in attribution.content] == ["the bridge was unsafe"]


def test_an_unlisted_noun_with_a_preposition_is_no_cue(extractor: Extractor) -> None:
    text = "The bridge needs a coat of paint before the winter."
    assert extractor.extract(text).sentences[0].attributions == ()


def test_questions_about_a_topic_are_a_cue(extractor: Extractor) -> None:
    text = "Questions about the budget dominated the hearing."
    [attribution] = extractor.extract(text).sentences[0].attributions
    assert attribution.cue is not None and attribution.cue.text == "Questions about"
    assert [span.text for span in attribution.content] == ["the budget"]


def test_a_worried_subject_holds_the_stance(extractor: Extractor) -> None:
    text = "Farmers are worried about the drought."
    [attribution] = extractor.extract(text).sentences[0].attributions
    assert attribution.rule == "stance_adjective"
    assert attribution.cue is not None and attribution.cue.text == "are worried about"
    assert attribution.speaker.mention is not None and attribution.speaker.mention.text == "Farmers"
    assert [span.text for span in attribution.content] == ["the drought"]


def test_a_title_case_headline_verb_read_as_a_name_is_the_cue(extractor: Extractor) -> None:
    text = "Senator Jane Doe Endorses Governor Smith."
    [attribution] = extractor.extract(text).sentences[0].attributions
    assert attribution.rule == "speech_headline_verb"
    assert attribution.cue is not None and attribution.cue.text == "Endorses"
    assert attribution.speaker.mention is not None and "Jane Doe" in attribution.speaker.mention.text
    assert [span.text for span in attribution.content] == ["Governor Smith"]


def test_a_headline_name_the_tagger_misses_is_known_from_the_article(extractor: Extractor) -> None:
    text = "Trump: Clinton should have congratulated me for making history.\n\nDonald Trump said it on Sunday."
    first = extractor.extract(text).sentences[0]
    rules = [a.rule for a in first.attributions]
    assert "colon_headline" in rules
    [headline] = [a for a in first.attributions if a.rule == "colon_headline"]
    assert headline.speaker.mention is not None and headline.speaker.mention.text == "Trump"


def test_support_among_a_group_is_held_by_the_group(extractor: Extractor) -> None:
    text = "Her broad support among the party's power brokers has grown."
    [attribution] = extractor.extract(text).sentences[0].attributions
    assert attribution.rule == "nominal"
    assert attribution.cue is not None and attribution.cue.text == "broad support"
    assert attribution.speaker.mention is not None and attribution.speaker.mention.text == "the party's power brokers"
    assert [span.text for span in attribution.content] == ["Her"]


def test_a_possessed_embrace_of_a_position_is_a_cue(extractor: Extractor) -> None:
    text = "Kaine's full embrace of the pro-choice position worried some Catholics."
    attributions = extractor.extract(text).sentences[0].attributions
    [attribution] = [a for a in attributions if a.rule == "nominal"]
    assert attribution.cue is not None and attribution.cue.text == "embrace of"
    assert attribution.speaker.mention is not None and attribution.speaker.mention.text == "Kaine"
    assert [span.text for span in attribution.content] == ["the pro-choice position"]


def test_criticism_drawn_from_someone_is_theirs_about_the_subject(extractor: Extractor) -> None:
    text = "The proposal has drawn harsh criticism from fellow Republican candidates."
    [attribution] = extractor.extract(text).sentences[0].attributions
    assert attribution.rule == "nominal_topic"
    assert attribution.cue is not None and attribution.cue.text == "has drawn harsh criticism from"
    assert attribution.speaker.mention is not None
    assert attribution.speaker.mention.text == "fellow Republican candidates"
    assert [span.text for span in attribution.content] == ["The proposal"]
