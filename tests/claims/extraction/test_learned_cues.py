"""The learned cue gate: verbs outside the word lists that report, and the
training examples it is fitted on."""

from __future__ import annotations

import pytest
from spacy.tokens import Token

from claims.extraction import Extractor
from claims.extraction.cues import LEARNED_THRESHOLD, rescue_candidates, verb_cues_and_residue, verb_lemma
from claims.extraction.cuescorer import cue_probability, gate_decides, verb_features
from claims.extraction.lexicon import CUE_VERBS
from claims.extraction.train_cue_model import document_examples, fit, listed_examples


def _verb(extractor: Extractor, text: str, word: str) -> Token:
    return next(token for token in extractor.nlp(text) if token.text == word)


def test_an_unlisted_verb_with_a_clause_reports_it(extractor: Extractor) -> None:
    text = "The auditors determined that the accounts had been falsified."
    assert "determine" not in CUE_VERBS
    [sentence] = extractor.extract(text).sentences
    [attribution] = sentence.attributions
    assert attribution.rule == "learned_subject_clause"
    assert attribution.cue is not None and attribution.cue.text == "determined"
    assert attribution.speaker.mention is not None and attribution.speaker.mention.text == "The auditors"
    assert [span.text for span in attribution.content] == ["the accounts had been falsified"]


def test_an_unlisted_verb_that_reports_nothing_is_left_alone(extractor: Extractor) -> None:
    [sentence] = extractor.extract("The dog ran across the yard after the ball.").sentences
    assert sentence.attributions == ()
    ran = _verb(extractor, "The dog ran across the yard after the ball.", "ran")
    assert cue_probability(ran, verb_lemma(ran)) < LEARNED_THRESHOLD


def test_the_features_describe_the_verb_its_subject_and_its_complement(extractor: Extractor) -> None:
    verb = _verb(extractor, "Investigators discovered that the money was laundered.", "discovered")
    features = verb_features(verb, verb_lemma(verb))
    assert {"bias", "l=discover", "c=ccomp", "l+c=discover_ccomp", "s_l=investigator"} <= set(features)
    assert 0.0 <= cue_probability(verb, "discover") <= 1.0


def test_training_examples_are_unlisted_verbs_outside_quotations_labelled_by_gold_cues(
    extractor: Extractor,
) -> None:
    text = 'Officials determined that the bridge was unsafe. "We closed it," she said. Crews repaired the road.'
    doc = extractor.nlp(text)
    determined = text.index("determined")
    examples = list(document_examples([(doc, 0)], [(determined, determined + len("determined"))]))
    labelled = {features[1]: label for features, label in examples}
    # "said" is listed and "closed" is quoted: neither is the gate's to decide.
    assert labelled == {"l=determine": True, "l=repair": False}
    assert not gate_decides("say")


def test_fitting_learns_which_features_mark_a_cue() -> None:
    pytest.importorskip("sklearn")
    examples = [(["bias", "l=determine", "c=ccomp"], True), (["bias", "l=repair", "c=dobj"], False)] * 20
    weights = fit(examples, regularisation=1.0)
    assert weights["l=determine"] > 0 > weights["l=repair"]
    assert "bias" in weights


def test_a_listed_verb_the_rules_drop_is_taken_back_by_the_listed_model(extractor: Extractor) -> None:
    # An agentless passive is dropped by the rules ("is seen as" aside); the
    # listed model takes this one back with its subject as content.
    text = "His ongoing anti-Islamic rhetoric has been widely condemned as fearmongering, both in America and abroad."
    [sentence] = extractor.extract(text).sentences
    [attribution] = sentence.attributions
    assert attribution.rule == "stance_passive_theme_rescued"
    assert attribution.cue is not None and "condemned" in attribution.cue.text
    assert [span.text for span in attribution.content] == ["His ongoing anti-Islamic rhetoric"]


def test_a_rescued_relative_clause_has_its_pronoun_as_content(extractor: Extractor) -> None:
    [sentence] = extractor.extract(
        "The plan, which Senator Ted Cruz proposed last year, would ban the imports."
    ).sentences
    [attribution] = sentence.attributions
    assert attribution.rule == "speech_subject_relative_rescued"
    assert attribution.cue is not None and attribution.cue.text == "proposed"
    assert attribution.speaker.mention is not None and attribution.speaker.mention.text == "Senator Ted Cruz"
    assert [span.text for span in attribution.content] == ["which"]


def test_the_listed_models_examples_are_the_listed_verbs_the_rules_drop(extractor: Extractor) -> None:
    text = (
        "The plan, which Senator Ted Cruz proposed, was criticized. Officials said that it failed. Crews repaired it."
    )
    doc = extractor.nlp(text)
    sentences = list(doc.sents)
    found, residue = verb_cues_and_residue(sentences[0])
    assert found == [] and {verb.text for verb in residue} == {"proposed", "criticized"}
    # "said" fires a rule and "repaired" is not listed: neither is an example.
    proposed = text.index("proposed")
    examples = list(listed_examples([(doc, 0)], [(proposed, proposed + len("proposed"))]))
    labelled = {features[1]: label for features, label in examples}
    assert labelled == {"l=propose": True, "l=criticize": False}
    [(_verb, raw, features)] = [c for c in rescue_candidates(sentences[0], residue, []) if c[0].text == "criticized"]
    assert raw.rule == "stance_passive_theme" and "why=fallback" in features
