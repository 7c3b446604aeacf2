"""Who a mention names: canonical speaker name, kind and role, with the
article-level memory that resolves "He", "Serdyukov" and "those reports" to
the source named earlier.

Kinds: person, news_agency, outlet, government, institution, group,
anonymous.  The memory is per document and is fed in reading order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from .lexicon import (
    ANAPHORIC_DETERMINERS,
    ANONYMOUS_HEADS,
    GOVERNMENT_HEADS,
    HONORIFICS,
    NEWS_AGENCIES,
    OUTLET_HEADS,
    OUTLET_NAMES,
    PERSON_NOUNS,
    TITLE_WORDS,
)
from .sentences import text_of

GROUP_MEDIA_HEADS = {"agencies", "media", "outlets", "newspapers", "agency", "press"}
SOURCE_KINDS_FOR_REPORTS = {"group", "news_agency", "outlet", "anonymous"}


@dataclass(frozen=True)
class ResolvedSpeaker:
    name: str
    kind: str
    role: str | None
    # How the name was found: "named", "pronoun", "surname", "description", "relative", "literal".
    how: str
    date: str | None = None


@dataclass
class SpeakerMemory:
    """What the article has said about its sources so far."""

    roles: dict[str, str] = field(default_factory=dict)
    surnames: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    last_person: str | None = None
    last_nonperson: str | None = None
    last_reports: ResolvedSpeaker | None = None
    history: list[ResolvedSpeaker] = field(default_factory=list)

    def remember(self, speaker: ResolvedSpeaker) -> None:
        self.kinds[speaker.name] = speaker.kind
        if speaker.role and speaker.name not in self.roles:
            self.roles[speaker.name] = speaker.role
        if speaker.kind == "person":
            self.last_person = speaker.name
            words = speaker.name.split()
            if len(words) >= 2:
                self.surnames[words[-1].lower()] = speaker.name
        else:
            self.last_nonperson = speaker.name
        if speaker.kind in SOURCE_KINDS_FOR_REPORTS and speaker.how == "named":
            self.last_reports = speaker
        self.history.append(speaker)

    def note_person(self, name: str) -> None:
        """A person named outside an attribution (for later surnames only)."""
        words = name.split()
        if len(words) >= 2 and words[-1].lower() not in self.surnames:
            self.surnames[words[-1].lower()] = name


def _clean(text: str) -> str:
    return " ".join(text.replace("\n", " ").split()).strip(" ,;:")


def _strip_determiner(tokens: list[Token]) -> list[Token]:
    while tokens and (tokens[0].dep_ in {"det", "predet"} or tokens[0].lower_ in {"the", "a", "an"}):
        tokens = tokens[1:]
    return tokens


def _noun_phrase(head: Token) -> list[Token]:
    """Head with its left modifiers (compounds, adjectives, determiners)."""
    doc = head.doc
    left = head.i
    for child in head.lefts:
        if child.dep_ in {"compound", "amod", "det", "nummod", "poss", "nmod", "flat", "predet", "quantmod"}:
            left = min(left, child.left_edge.i)
    tokens = [doc[i] for i in range(left, head.i + 1)]
    # Keep "of" complements that name the body ("sources close to the Kremlin" stays whole elsewhere).
    return tokens


def _text(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return _clean(text_of(doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)])


def _appositive(head: Token) -> Token | None:
    for child in head.rights:
        if child.dep_ == "appos":
            return child
    return None


def _role_text(appos: Token) -> str | None:
    tokens = [t for t in appos.subtree if t.dep_ != "punct" or t.i not in {appos.left_edge.i, appos.right_edge.i}]
    tokens = _strip_determiner(tokens)
    text = _text(tokens)
    return text or None


def _split_title(tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """("President Dmitry Medvedev") -> (title tokens, name tokens)."""
    title: list[Token] = []
    rest = list(tokens)
    while len(rest) > 1 and (
        rest[0].lower_ in TITLE_WORDS or rest[0].lower_ in HONORIFICS or rest[0].pos_ in {"NOUN", "ADJ", "DET"}
    ):
        title.append(rest[0])
        rest = rest[1:]
    return title, rest


def _is_personish_proper(head: Token, appos: Token | None) -> bool:
    if head.ent_type_ == "PERSON":
        return True
    if appos is not None and appos.lemma_.lower() in PERSON_NOUNS:
        return True
    previous = head.doc[head.i - 1] if head.i > 0 else None
    return previous is not None and previous.lower_ in HONORIFICS | TITLE_WORDS


def _kind_of_proper(tokens: list[Token], head: Token, appos: Token | None) -> str:
    name = _text(_strip_determiner(tokens)).lower()
    full = _text(tokens).lower()
    if name in NEWS_AGENCIES or full in NEWS_AGENCIES or head.lower_ in NEWS_AGENCIES:
        return "news_agency"
    if name in OUTLET_NAMES or (
        head.ent_type_ in {"ORG", "WORK_OF_ART", ""} and head.lower_ in OUTLET_HEADS and len(tokens) > 1
    ):
        return "outlet"
    if _is_personish_proper(head, appos):
        return "person"
    if any(t.lemma_.lower() in GOVERNMENT_HEADS for t in tokens):
        return "government"
    if head.ent_type_ in {"GPE"}:
        return "government"
    if head.ent_type_ == "NORP":
        return "group"
    if head.ent_type_ in {"ORG", "FAC", "PRODUCT", "EVENT", "LAW"}:
        return "institution"
    return "person"


class SpeakerResolver:
    """Turns a source head token into a ResolvedSpeaker using the memory."""

    def __init__(self, memory: SpeakerMemory) -> None:
        self.memory = memory

    def resolve(self, head: Token, sent: Span, *, depth: int = 0) -> ResolvedSpeaker:
        lower = head.lower_
        if lower in {"who", "which", "that"} and head.head.dep_ == "relcl" and depth < 3:
            antecedent = head.head.head
            resolved = self.resolve(antecedent, sent, depth=depth + 1)
            return ResolvedSpeaker(resolved.name, resolved.kind, resolved.role, "relative")
        if head.pos_ == "PRON" or lower in {"he", "she", "they", "i", "we", "you", "it"}:
            return self._pronoun(head)
        appos = _appositive(head)
        if head.pos_ == "PROPN":
            return self._proper(head, appos)
        return self._common(head, appos)

    def _pronoun(self, head: Token) -> ResolvedSpeaker:
        lower = head.lower_
        memory = self.memory
        if lower in {"he", "she", "him", "her"} and memory.last_person:
            name = memory.last_person
            return ResolvedSpeaker(name, "person", memory.roles.get(name), "pronoun")
        if lower in {"they", "it"} and memory.last_nonperson:
            name = memory.last_nonperson
            return ResolvedSpeaker(name, memory.kinds.get(name, "group"), memory.roles.get(name), "pronoun")
        kind = "group" if lower in {"they", "we"} else "institution" if lower == "it" else "person"
        return ResolvedSpeaker(head.text, kind, None, "literal")

    def _proper(self, head: Token, appos: Token | None) -> ResolvedSpeaker:
        memory = self.memory
        phrase = _noun_phrase(head)
        # Extend over flat names the parser attached to the right ("Dmitry Medvedev" as compound+head is usual).
        phrase = _strip_determiner(phrase) or [head]
        known_surname = len(phrase) == 1 and head.lower_ in memory.surnames
        kind = "person" if known_surname else _kind_of_proper(phrase, head, appos)
        role: str | None = None
        if kind == "person":
            title, name_tokens = _split_title(
                [t for t in phrase if t.pos_ in {"PROPN", "NOUN", "ADJ", "PUNCT"} or t.lower_ in TITLE_WORDS]
            )
            name_tokens = [t for t in name_tokens if t.lower_ not in HONORIFICS] or [head]
            name = _text(name_tokens)
            if title:
                role = _text([t for t in title if t.lower_ not in HONORIFICS]) or None
            if appos is not None:
                role = _role_text(appos) or role
            how = "named"
            if len(name.split()) == 1 and name.lower() in memory.surnames:
                name = memory.surnames[name.lower()]
                how = "surname"
            role = role or memory.roles.get(name)
            return ResolvedSpeaker(name, "person", role, how)
        name = _text(_strip_determiner(phrase))
        if appos is not None and kind != "news_agency":
            role = _role_text(appos)
        return ResolvedSpeaker(name, kind, role or memory.roles.get(name), "named")

    def _common(self, head: Token, appos: Token | None) -> ResolvedSpeaker:
        memory = self.memory
        lemma = head.lemma_.lower()
        phrase = _noun_phrase(head)
        determiners = {t.lower_ for t in phrase if t.dep_ in {"det", "predet"}}
        anaphoric = bool(determiners & ANAPHORIC_DETERMINERS)
        if appos is not None and appos.pos_ == "PROPN":
            # "the director of the agency, James Comey": the apposition is the name.
            resolved = self._proper(appos, None)
            role = _text(_strip_determiner(list(head.subtree)[: appos.left_edge.i - head.left_edge.i])) or None
            return ResolvedSpeaker(resolved.name, resolved.kind, role or resolved.role, "named")
        if lemma in ANONYMOUS_HEADS or head.lower_ in ANONYMOUS_HEADS:
            if anaphoric and head.lower_ in {"reports", "report"} and memory.last_reports is not None:
                earlier = memory.last_reports
                return ResolvedSpeaker(earlier.name, earlier.kind, earlier.role, "description", earlier.date)
            return ResolvedSpeaker(_text(_strip_determiner(phrase)) or head.text, "anonymous", None, "named")
        if anaphoric and lemma in PERSON_NOUNS:
            for name, role in reversed(list(memory.roles.items())):
                if lemma in role.lower().split():
                    return ResolvedSpeaker(name, "person", role, "description")
        name = _text(_strip_determiner(phrase)) or head.text
        if lemma in GOVERNMENT_HEADS or head.lower_ in GOVERNMENT_HEADS:
            return ResolvedSpeaker(name, "government", None, "named")
        if head.lower_ in GROUP_MEDIA_HEADS:
            kind = "group"
        elif lemma in PERSON_NOUNS:
            kind = "person"
        elif head.tag_ in {"NNS", "NNPS"}:
            kind = "group"
        else:
            kind = "institution"
        role = _role_text(appos) if appos is not None else None
        return ResolvedSpeaker(name, kind, role, "named")
