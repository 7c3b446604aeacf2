"""A learned gate for reporting verbs outside the word lists.

PolNeAR annotates a long tail of cue verbs ("released", "pushed", "cast
doubt", "laid out") that no word list covers, and each is a cue only some of
the times it occurs ("made" is one 8% of the time).  This module scores a verb
token with a logistic regression over sparse, cheap features of its parse: its
lemma, tag and dependency; its children's relations, prepositions, particle and
object; its subject's part of speech, entity type and pronoun; its head; and
the words on either side.  The weights (``cue_model.json``) were fitted on
PolNeAR train by ``python -m claims.extraction.train_cue_model`` over every
verb outside quotations whose lemma is not in the cue lexicon, labelled by
whether a gold cue covers it.  The engine takes a verb as a cue when its score
reaches ``THRESHOLD``; the rules then find its source and content as for any
listed verb.  Scoring is a few dictionary lookups per verb, so it costs almost
nothing next to the parse.

A second model (``listed_cue_model.json``, ``train_cue_model --listed``) weighs
the listed verbs the rules drop (a filter fired, or no content was found): the
gate's features plus the rule the verb would have fired with and the filters
that dropped it.  Those it takes are reported with the rule's name and
``_rescued`` (cues.rescue_listed_verbs).
"""

from __future__ import annotations

import functools
import json
import math
from importlib import resources

from spacy.tokens import Token

from .lexicon import CUE_VERBS, PARTICLE_ONLY_CUES, PERSON_NOUNS, PERSONAL_PRONOUNS

MODEL_FILE = "cue_model.json"
LISTED_MODEL_FILE = "listed_cue_model.json"
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
MODAL_WORDS = frozenset({"will", "would", "could", "should", "might", "may", "can", "to"})


def gate_decides(lemma: str) -> bool:
    """Whether the gate scores a verb with this lemma: listed verbs, and those
    that are cues only with their particle ("point out"), are the rules' own.
    Training and the engine both ask this, so they see the same verbs."""
    return lemma not in CUE_VERBS and lemma not in PARTICLE_ONLY_CUES


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            return child
    if verb.dep_ in {"conj", "xcomp"} and verb.head.i != verb.i:
        for child in verb.head.children:
            if child.dep_ in SUBJECT_DEPS:
                return child
    return None


def verb_features(verb: Token, lemma: str) -> list[str]:
    """The active binary features of ``verb`` (its lemma given, as the engine normalises it)."""
    features = ["bias", "l=" + lemma, "tag=" + verb.tag_, "dep=" + verb.dep_]
    for child in verb.children:
        dep = child.dep_
        features.append("c=" + dep)
        features.append(f"l+c={lemma}_{dep}")
        if dep == "prep":
            features.append("prep=" + child.lower_)
            features.append(f"l+prep={lemma}_{child.lower_}")
        elif dep == "prt":
            features.append(f"prt={lemma}_{child.lower_}")
        elif dep == "dobj":
            object_lemma = child.lemma_.lower()
            features.append("dobj_pos=" + child.pos_)
            features.append("dobj_l=" + object_lemma)
            features.append(f"l+dobj={lemma}_{object_lemma}")
        elif dep == "aux" and child.lower_ in MODAL_WORDS:
            features.append("modal")
        elif dep == "neg":
            features.append("neg")
        elif dep == "mark":
            features.append("mark=" + child.lower_)
    subject = _subject(verb)
    if subject is None:
        features.append("nosubj")
    else:
        features.append("s_pos=" + subject.pos_)
        if subject.ent_type_:
            features.append("s_ent=" + subject.ent_type_)
        if subject.lower_ in PERSONAL_PRONOUNS:
            features.append("s_pron=" + subject.lower_)
        subject_lemma = subject.lemma_.lower()
        if subject_lemma in PERSON_NOUNS:
            features.append("s_personnoun")
        features.append("s_l=" + subject_lemma)
        if subject.i > verb.i:
            features.append("s_after")
    head = verb.head
    if head.i == verb.i:
        features.append("root")
    else:
        features.append("hd=" + head.dep_)
        features.append("head_pos=" + head.pos_)
    doc = verb.doc
    if verb.i + 1 < len(doc):
        features.append("next=" + doc[verb.i + 1].lower_)
    if verb.i > 0:
        features.append("prev=" + doc[verb.i - 1].lower_)
    return features


def listed_features(verb: Token, lemma: str, rule: str, reasons: list[str]) -> list[str]:
    """The features of a listed verb the rules dropped (see cues.rescue_listed_verbs):
    the gate's, the rule it would have fired with, and the filters that dropped it."""
    features = verb_features(verb, lemma)
    features.append("rule=" + rule)
    for part in rule.split("_"):
        features.append("r=" + part)
    features.extend("why=" + reason for reason in reasons)
    features.extend(f"l+why={lemma}_{reason}" for reason in reasons)
    if not reasons:
        features.append("why=none")
    return features


def _load(name: str) -> dict[str, float]:
    with resources.files(__package__).joinpath(name).open(encoding="utf-8") as handle:
        model = json.load(handle)
    weights: dict[str, float] = model["weights"]
    return weights


@functools.cache
def _weights() -> dict[str, float]:
    return _load(MODEL_FILE)


@functools.cache
def _listed_weights() -> dict[str, float]:
    return _load(LISTED_MODEL_FILE)


def _probability(weights: dict[str, float], features: list[str]) -> float:
    score = sum(weights.get(feature, 0.0) for feature in features)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))


def cue_probability(verb: Token, lemma: str) -> float:
    return _probability(_weights(), verb_features(verb, lemma))


def listed_probability(features: list[str]) -> float:
    """The probability that a listed verb the rules dropped is a cue after all."""
    return _probability(_listed_weights(), features)
