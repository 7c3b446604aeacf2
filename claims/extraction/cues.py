"""Cue detection over a dependency parse: which words report a statement, who
is its source (the mention as written) and what is its content.

Each detector returns ``RawAttribution`` records in token terms; resolving the
mention to a speaker and computing confidence happen later (speakers.py,
engine.py).  Rule names ("verb_ccomp", "according_to", ...) key the
calibration table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from .cuescorer import cue_probability, gate_decides, listed_features, listed_probability
from .lexicon import (
    ADJECTIVE_CUES,
    ATTITUDE_NOUNS,
    ATTITUDE_PREPS,
    CLAUSE_NOUNS,
    CUE_PARTICLES,
    CUE_VERBS,
    LIGHT_VERBS,
    NOMINAL_CUES,
    OBJECT_CONTENT_VERBS,
    OCCASION_NOUNS,
    PARTICLE_ONLY_CUES,
    PERSON_NOUNS,
    PREPOSITIONAL_CUES,
    SPEECH_VERBS,
    THAT_CLAUSE_NOUNS,
    TOPIC_NOUNS,
    VOICING_VERBS,
)
from .sentences import text_of

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
CLAUSE_DEPS = {"ccomp"}
# Children of a source head that are not part of the mention as written.
MENTION_EXCLUDED_DEPS = {"relcl", "acl", "advcl", "punct", "cc", "prep"}
# PolNeAR keeps "unions like the teachers' union" and "a survey by the state university" whole.
# So does "Republicans, including Sen. McCain and Sen. Toomey", "voters across the country" and
# "Ms. Epstein, along with Judge Posner" (keeping these four: +23 matched sources net on train).
MENTION_KEPT_PREPS = {"of", "from", "at", "for", "close", "with", "in", "on", "like", "by"} | {
    "including",
    "across",
    "along",
    "within",
}
# "aides to Mr. Sanders", "a letter to platform committee members": "to" names whom they serve or
# address (+6 matched sources net on train; "to" after other nouns is mostly a circumstance).
ROLE_TO_NOUNS = frozenset(
    {"aide", "adviser", "advisor", "spokesman", "spokeswoman", "spokesperson", "assistant", "counselor", "envoy"}
    | {"ambassador", "letter", "memo"}
)
QUOTE_CHARS = frozenset("\"“”‘’«»‹›„'")
EDGE_PUNCT = frozenset(",;:—–-()[]") | QUOTE_CHARS
NON_OBJECT_SPEECH = frozenset({"say", "add", "continue"})
ADDRESSEE_VERBS = {"tell", "inform", "assure", "advise", "remind", "warn", "brief", "promise"}
WANT_LIKE = {
    "want",
    "plan",
    "refuse",
    "decline",
    "seek",
    "hope",
    "intend",
    "promise",
    "vow",
    "pledge",
    "threaten",
    "agree",
    "expect",
    "urge",
    "fear",
    "like",
    "love",
    "hate",
    "prefer",
    "seem",
    "appear",
    "aim",
    "press",
}


# Participles whose modified noun is their source ("a super PAC supporting X").
PARTICIPLE_CUES = frozenset({"support", "back", "show", "suggest"})


@dataclass
class RawAttribution:
    rule: str
    cue_start: int  # char offsets
    cue_end: int
    source: Token | None
    source_start: int
    source_end: int
    content: list[tuple[int, int]]
    cue_lemma: str
    relays: list[RawAttribution] = field(default_factory=list)
    # Speaker named from the source token, but no mention is given (see engine._unmentioned).
    unmentioned: bool = False
    # Where the cue's own verb starts when the cue runs from a word governing it
    # ("by saying", "used the word to describe"); -1: at cue_start.  Nesting in
    # another report's content is judged by the verb.
    verb_start: int = -1


# The small model's lemmatizer turns "hoped"/"hoping" into "hop", "retweeted" into "retweete".
LEMMA_FIXES = {"hoped": "hope", "hoping": "hope", "hopes": "hope", "retweeted": "retweet", "retweeting": "retweet"}


def verb_lemma(verb: Token) -> str:
    return LEMMA_FIXES.get(verb.lower_) or verb.lemma_.lower()


def token_end(token: Token) -> int:
    return token.idx + len(token.text)


PAIRED_QUOTES = {"”": "“", "’": "‘", "»": "«"}


def trim_chars(text: str, start: int, end: int, strip: frozenset[str] = EDGE_PUNCT) -> tuple[int, int]:
    """Shrink [start, end) past whitespace and edge punctuation, keeping a
    closing quotation mark whose opening mark is inside ("a “rough week”")."""
    while start < end and (text[start].isspace() or text[start] in strip):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in strip):
        opening = PAIRED_QUOTES.get(text[end - 1])
        if opening is not None and text.count(opening, start, end - 1) > text.count(text[end - 1], start, end - 1):
            break
        end -= 1
    return start, end


FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
REPORTING_ASIDE_VERBS = SPEECH_VERBS


ASIDE_OPENERS = frozenset({",", "—", "--", "–", "("})


def _reporting_aside(child: Token) -> bool:
    """A relative clause set off by a comma or dash whose verb reports speech."""
    if child.dep_ != "relcl" or child.left_edge.i <= child.head.i:
        return False
    opener = child.doc[child.left_edge.i - 1]
    return opener.text in ASIDE_OPENERS and verb_lemma(child) in REPORTING_ASIDE_VERBS


def _participle_aside(child: Token) -> bool:
    if child.dep_ not in {"acl", "advcl"} or child.tag_ not in {"VBG", "VBN"} or child.left_edge.i <= child.head.i:
        return False
    return child.doc[child.left_edge.i - 1].text in ASIDE_OPENERS


def _unnamed_source_aside(head: Token, left: int, right: int) -> Token | None:
    """The first relative clause in the mention that only explains why the
    source is not named ("a Warren adviser, who spoke on the condition of
    anonymity to speak candidly") or when it answered ("Powell's office, when
    contacted by Reuters"): PolNeAR mostly ends the mention before it (cutting
    it: +16 matched sources net on train), whereas other relative clauses it
    keeps about as often as it drops."""
    for token in head.doc[left : right + 1]:
        if token.dep_ != "relcl" or not (head.left_edge.i <= token.i <= head.right_edge.i):
            continue
        words = token.doc[token.left_edge.i : token.right_edge.i + 1]
        if any(w.lower_ == "anonymity" for w in words):
            return token
        if words[0].lower_ == "when" and not any(c.dep_ in SUBJECT_DEPS for c in token.children):
            return token
    return None


def _when_or_where_said(prep: Token) -> bool:
    """ "Trump in his speech", "Jeb Bush in a Medium post", "Trump on Tuesday":
    the occasion of the report, not part of the name (+8 matched sources net
    on train, dev unchanged).  Only after a name: "a narrator in the Clinton ad" is
    a part of the ad; "on the call", "in Iowa" stay, PolNeAR keeps them as often
    as not."""
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    if prep.lower_ == "in" and prep.head.pos_ == "PROPN" and any(o.lemma_.lower() in CHANNEL_NOUNS for o in objects):
        return True
    return prep.lower_ in {"in", "on"} and any(o.ent_type_ in {"DATE", "TIME"} for o in objects)


def _kept_prep(prep: Token) -> bool:
    if _when_or_where_said(prep):
        return False
    return prep.lower_ in MENTION_KEPT_PREPS or (prep.lower_ == "to" and prep.head.lemma_.lower() in ROLE_TO_NOUNS)


def mention_bounds(head: Token, sent: Span) -> tuple[int, int]:
    """Characters of the mention as written: the head with its modifiers,
    appositions and relative clauses ("Elmendorf, who supports Clinton"),
    without adverbial clauses, most prepositional phrases or trailing
    punctuation."""
    left = head.left_edge.i
    right = head.right_edge.i
    for child in head.rights:
        # A finite verb hung on the name with no relative word or comma before it
        # is the sentence's own predicate misparsed ("Francis spoke of ..."), not a clause of the name.
        misparsed = child.dep_ in {"relcl", "acl"} and child.left_edge.i == child.i and child.tag_ in FINITE_TAGS
        if misparsed or child.dep_ == "advcl" or (child.dep_ == "prep" and not _kept_prep(child)):
            right = min(right, child.left_edge.i - 1)
        elif _participle_aside(child):
            # "The mayor, speaking at a town hall, said": the circumstance, not the name.
            right = min(right, child.left_edge.i - 1)
        elif _reporting_aside(child):
            # "Ortiz, who said the audit was routine, said ...": the relative
            # clause is a report of its own (PolNeAR's source "who"), not part of the name.
            right = min(right, child.left_edge.i - 1)
    aside = _unnamed_source_aside(head, left, right)
    if aside is not None:
        right = min(right, aside.left_edge.i - 1)
    for child in head.lefts:
        # "the Democratic front-runner", "a Times/CBS poll": a hyphen or slash does not cut the name.
        if (
            child.dep_ in {"relcl", "acl", "advcl", "prep", "punct"}
            and child.i < head.i
            and child.tag_ != "HYPH"
            and child.text != "/"
        ):
            left = max(left, child.right_edge.i + 1)
    doc = head.doc
    # A quotation the parser hung on a word of the name ("“It’s unanimous,”
    # councilmember Mark Levine said") is not part of the mention.
    for i in range(head.i - 1, max(left, sent.start) - 1, -1):
        if doc[i].text in {"”", "''", '"'} or doc[i].dep_ in {"ccomp", "parataxis"}:
            left = max(left, doc[i].right_edge.i + 1 if doc[i].dep_ in {"ccomp", "parataxis"} else i + 1)
            break
    left = max(left, sent.start)
    right = min(right, sent.end - 1)
    if right < left:
        left = right = head.i
    start, end = trim_chars(text_of(doc), doc[left].idx, token_end(doc[right]))
    start = after_markup(text_of(doc), start, end)
    if start >= end:
        start, end = head.idx, token_end(head)
    return start, end


def after_markup(text: str, start: int, end: int) -> int:
    """'tweet-date="March 10, 2016">Sanders aide Jeff Weaver': embedded tweet
    markup the parser joined to the name is not part of the mention."""
    closing = text.rfind(">", start, end)
    if closing < 0 or '="' not in text[start:closing]:
        return start
    return trim_chars(text, closing + 1, end)[0]


def subtree_bounds(token: Token, sent: Span) -> tuple[int, int]:
    left = max(token.left_edge.i, sent.start)
    right = min(token.right_edge.i, sent.end - 1)
    return token.doc[left].idx, token_end(token.doc[right])


def content_from_clause(clause: Token, sent: Span) -> tuple[int, int]:
    """The clause's subtree minus a leading complementizer ("that", "whether")."""
    doc = clause.doc
    left = max(clause.left_edge.i, sent.start)
    right = min(clause.right_edge.i, sent.end - 1)
    while left < right and doc[left].dep_ == "mark" and doc[left].lower_ in {"that", "whether", "if"}:
        left += 1
    second = _second_report(clause)
    if second is not None:
        right = min(right, second.left_edge.i - 1)
        while right > left and (doc[right].dep_ == "cc" or doc[right].is_punct):
            right -= 1
    right = _cut_trailing_aside(doc, left, right)
    return doc[left].idx, token_end(doc[right])


def _second_report(clause: Token) -> Token | None:
    """“Trump complained that Khan had attacked him and questioned why ...”: a
    reporting verb coordinated with the clause's verb, with no subject of its
    own and in the reporting verb's tense, is a second report by the same
    source (the parser hangs it on the clause), not part of the first content."""
    reporter = clause.head
    if clause.dep_ not in CLAUSE_DEPS or reporter.i == clause.i:
        return None
    for child in clause.rights:
        if (
            child.dep_ == "conj"
            and child.pos_ == "VERB"
            and verb_lemma(child) in SPEECH_VERBS
            and child.tag_ == reporter.tag_
            and not any(c.dep_ in SUBJECT_DEPS for c in child.children)
        ):
            return child
    return None


def _cut_trailing_aside(doc: Doc, left: int, right: int) -> int:
    """Stop before a comma that opens an aside the writer added: a
    non-restrictive relative clause (", which ..."), a participle
    (", calling them ...") or a closing apposition (", the party's nominee").
    Quoted words are kept whole."""
    start = doc[left].idx
    if doc[left].text in QUOTE_CHARS or (start > 0 and text_of(doc)[start - 1] in QUOTE_CHARS):
        return right
    for i in range(left + 2, right):
        if doc[i].text != ",":
            continue
        # 'represents "New York values," stating ...': the comma may sit inside the quotation.
        after = i + 1
        while after < right and doc[after].text in CLOSING_MARKS:
            after += 1
        following = doc[after]
        if following.lower_ in {"which", "who", "whom", "whose", "where"} or (
            following.tag_ == "VBG" and following.dep_ in {"advcl", "acl", "xcomp"}
        ):
            if _aside_closes_before(following, right):
                continue
            return i - 1
        if _trailing_apposition(following, i, right):
            return i - 1
    return right


def _trailing_apposition(first: Token, comma: int, right: int) -> bool:
    """ "announced 30,000 job cuts, the largest layoff in its history": a noun
    phrase in apposition that closes the content is the writer's gloss, not
    what was said."""
    head = first
    while head.head.i > comma and head.head.i != head.i:
        head = head.head
    if head.dep_ != "appos" or head.head.i >= comma:
        return False
    return head.right_edge.i >= right or all(t.is_punct for t in head.doc[head.right_edge.i + 1 : right + 1])


def _aside_closes_before(opener: Token, right: int) -> bool:
    """Whether the aside that ``opener`` starts ends before ``right`` and the
    clause goes on after it: "that the senator, who was in Iowa, would win" is
    a whole content with an aside in it, not a content cut at "who"."""
    doc = opener.doc
    head = opener
    while head.dep_ not in {"relcl", "acl", "advcl", "xcomp"} and head.head.i != head.i and head.head.i > opener.i - 2:
        head = head.head
    if head.dep_ not in {"relcl", "acl", "advcl", "xcomp"}:
        return False
    end = head.right_edge.i
    following = end + 1
    while following <= right and (doc[following].text in CLOSING_MARKS or doc[following].text in {",", "—", "–"}):
        following += 1
    return end < right and following <= right and doc[end + 1].text in {",", "—", "–"} and not doc[following].is_punct


CIRCUMSTANCE_PREPS = frozenset(["during", "amid", "throughout", "since", "despite", "before", "after"])
CIRCUMSTANCE_ENTITIES = frozenset(["DATE", "TIME", "GPE", "LOC", "FAC", "EVENT"])


def _is_circumstance(prep: Token) -> bool:
    """A prepositional phrase that says when or where something was said."""
    if prep.lower_ in CIRCUMSTANCE_PREPS:
        return True
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    return any(o.ent_type_ in CIRCUMSTANCE_ENTITIES or o.lemma_.lower() in OCCASION_NOUNS for o in objects)


def object_content(verb: Token, obj: Token, sent: Span) -> tuple[int, int]:
    """The object with the complement that completes it ("called the system
    'rotten'", "asked them to support another candidate")."""
    doc = verb.doc
    left = max(obj.left_edge.i, sent.start)
    right = obj.right_edge.i
    for child in verb.rights:
        if child.i > obj.i and child.dep_ in {"xcomp", "ccomp", "oprd", "prep"}:
            # "blasted the film for being too pro-gay" completes the object; "praised
            # Boyle at a rally in Ohio" only says when and where it was said.
            if child.dep_ == "prep" and _is_circumstance(child):
                break
            right = max(right, child.right_edge.i)
    right = min(_cut_trailing_aside(doc, left, right), sent.end - 1)
    return doc[left].idx, token_end(doc[right])


def _particle(verb: Token) -> Token | None:
    for child in verb.rights:
        if child.dep_ == "prt" and child.lower_ in CUE_PARTICLES:
            return child
    return None


def _adjacent_left_np(verb: Token, sent: Span) -> Token | None:
    """For "CONTENT, Anatoly Serdyukov, the defense minister, said": the head of
    the noun phrase right before a verb the parser left without a subject."""
    doc = verb.doc
    i = verb.i - 1
    while i >= sent.start and (doc[i].dep_ in {"advmod", "aux", "neg", "auxpass"} or doc[i].is_space):
        i -= 1
    if i >= sent.start and doc[i].text == ",":
        i -= 1
    if i < sent.start:
        return None
    token = doc[i]
    if token.pos_ not in {"NOUN", "PROPN", "PRON"}:
        return None
    if token.ent_type_ in {"DATE", "TIME"}:
        # "replied Monday, saying ...": a date is when, not who.
        return None
    # Climb compounds and appositions to the phrase's head ("Gene Sperling, a
    # top outside Clinton adviser, said": from "adviser" up to "Sperling").
    while token.head.i < verb.i and token.head.i >= sent.start and token.head.i != token.i:
        if token.dep_ in {"compound", "appos", "flat"}:
            token = token.head
        elif token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.head.dep_ == "appos":
            token = token.head.head
        else:
            break
    if token.i == verb.i:
        return None
    return token


IRREALIS_AUX = frozenset(["to", "will", "would", "could", "should", "might", "may", "can", "must", "'ll", "'d"])


def _unrealised(verb: Token) -> bool:
    """A base-form verb after "to" or a modal ("wants to support", "would back")
    reports nothing said yet."""
    if verb.tag_ != "VB":
        return False
    return any(c.dep_ in {"aux", "neg"} and c.lower_ in IRREALIS_AUX for c in verb.children)


MODAL_AUX = IRREALIS_AUX - {"to"}


def _possible_passive(verb: Token) -> bool:
    """ "can be seen as", "will be announced", "should be noted": a passive under
    a modal is the writer's possibility or plan, not anyone's report (right
    cues 4 of 27 on PolNeAR train)."""
    return (
        verb.tag_ == "VBN"
        and any(c.dep_ == "auxpass" for c in verb.children)
        and any(c.dep_ == "aux" and c.lower_ in MODAL_AUX for c in verb.children)
    )


ATTEMPT_VERBS = frozenset({"try", "seek", "struggle", "continue"})


def _stated_intention(verb: Token, source_how: str) -> bool:
    """ "He would warn voters not to", "she will support whoever wins", "sought
    to ease fears": a modal main verb with its own subject, or an attempted
    stance, is still a stance PolNeAR marks (cue right 0.62 of the time on
    train, "would" alone 0.77, against about 0.3 for the other unrealised verbs
    -- infinitival adverbials, participles, relative clauses -- which stay
    dropped).  Train source F1 80.6 -> 80.8, cue 73.7 -> 74.0, content 71.1 ->
    71.2; dev cue and content unchanged, source 81.5 -> 81.5."""
    if verb.dep_ in {"ROOT", "ccomp"}:
        return source_how == "subject"
    return verb.dep_ == "xcomp" and verb_lemma(verb.head) in ATTEMPT_VERBS


def _is_passive(verb: Token) -> bool:
    return any(child.dep_ in {"nsubjpass", "auxpass"} for child in verb.children)


def _quoted_title_after(subject: Token, verb: Token) -> bool:
    """Whether every quotation mark between the subject and its verb belongs to
    a quotation opened and closed there, inside the subject's own phrase
    ("Solovey, a contestant on “The Apprentice,” said")."""
    marks = [t for t in subject.doc[subject.i + 1 : verb.i] if t.text in {"“", "”", '"', "''", "``"}]
    # "Humphrey, who calls Trump a “sociopath,” said": the parser may hang the
    # closing mark on the verb, but a quotation opened after the subject is its own.
    if not marks or (subject.right_edge.i < marks[-1].i and not _opening_mark(marks[0])):
        return False
    if any(c.dep_ == "nsubj" and c.i > verb.i for c in verb.children):
        return False  # "“…,” said Link": the speaker follows the verb
    depth = 0
    for mark in marks:
        opening = _opening_mark(mark) or (mark.text == '"' and depth == 0)
        depth += 1 if opening else -1
        if depth < 0:
            return False
    return depth == 0


def _opening_mark(mark: Token) -> bool:
    """An opening quotation mark, including the typewriter '' when it stands
    before a word ("citing ''the magic of it,''")."""
    if mark.text in {"“", "``"}:
        return True
    doc = mark.doc
    before_space = mark.i == 0 or bool(doc[mark.i - 1].whitespace_)
    return mark.text == "''" and before_space and not mark.whitespace_


def _possessive_apostrophe(mark: Token) -> bool:
    """An apostrophe glued to a plural it makes possessive ("the Officers’
    Training Corps", "Cross’ speech"), which the tagger may take for a closing quote."""
    if mark.text not in {"’", "'"} or mark.i == 0:
        return False
    previous = mark.doc[mark.i - 1]
    return mark.dep_ == "case" or (
        not previous.whitespace_ and previous.is_alpha and previous.lower_.endswith("s") and bool(mark.whitespace_)
    )


def _closing_quote_between(left: Token, right: Token) -> bool:
    """Whether a closing quotation mark stands between two words; a possessive
    apostrophe the tagger took for one ("the Officers’ Training Corps") is not."""
    return any(
        (t.tag_ == "''" or t.text in {"”", "''"}) and not _possessive_apostrophe(t)
        for t in left.doc[left.i + 1 : right.i]
    )


def _speaker_made_subject_after(verb: Token, sent: Span) -> Token | None:
    """“…,” said Ann Reed, who ran the campaign, told reporters: the parser
    made the speaker after the verb the subject of a later verb.  The noun
    whose phrase opens right after the verb."""
    doc = verb.doc
    for token in doc[verb.i + 1 : min(verb.i + 8, sent.end)]:
        if (
            token.pos_ in {"NOUN", "PROPN"}
            and token.dep_ in {"nsubj", "nsubjpass"}
            and token.left_edge.i == verb.i + 1
            and token.head.i > verb.i
        ):
            return token
    return None


def _participle_anchor(verb: Token, sent: Span) -> Token | None:
    """The verb whose subject a participle shares.  After a comma (", saying
    X") the participle goes with the main clause however deep the parser hung
    it; after a preposition ("by saying", "after telling") with the nearest
    verb above it."""
    doc = verb.doc
    anchor = verb.head
    before = verb.left_edge.i - 1
    if before > sent.start and doc[before].text in CLOSING_MARKS:
        before -= 1  # "… could be “messy,” adding …": the comma is inside the quotation
    after_comma = before >= sent.start and doc[before].text == ","
    if verb.dep_ == "advcl" and after_comma:
        while anchor.dep_ != "ROOT" and anchor.head.i != anchor.i:
            anchor = anchor.head
    else:
        while anchor.pos_ not in {"VERB", "AUX"} and anchor.head.i != anchor.i:
            anchor = anchor.head
    return anchor if anchor.pos_ in {"VERB", "AUX"} and anchor.i != verb.i else None


# Verbs whose reduced passive ("Asked about X, Y said") has the person
# questioned as its understood subject, the questioner unnamed.
QUESTION_VERBS = frozenset({"ask", "question", "press", "quiz"})


def _questioned_opener(verb: Token) -> bool:
    """ "Asked about the plan, the mayor said …", "… she said when asked
    whether …": the question is reported by nobody named (PolNeAR gives it no
    source); the main clause's subject is the one asked, not the asker."""
    return (
        verb.dep_ == "advcl"
        and verb.tag_ in {"VBN", "VBD"}
        and verb_lemma(verb) in QUESTION_VERBS
        and not any(c.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass", "agent"} for c in verb.children)
    )


def _after_closing_quote(verb: Token, sent: Span) -> bool:
    """ "“…,” added Gowdy": the verb follows a quotation closed by a comma, "?"
    or "!".  A space token may stand between ("”\xa0added"), and the sentence
    splitter may have cut the quotation off ("…?''" / "asked Mr. Manafort")."""
    doc = verb.doc
    i = verb.i - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    if i < sent.start and verb.i > sent.start:
        return False
    return i - 1 >= 0 and doc[i].text in {"”", "''", '"'} and doc[i - 1].text in {",", "?", "!"}


DATELINE_DASHES = frozenset({"—", "–", "-", "--"})


def _dateline_end(sent: Span) -> int | None:
    """The index of the dash that closes a dateline opening the sentence
    ("WASHINGTON (AP) —", "PHILADELPHIA, July 25 (UPI) —", "BUENA PARK,
    Calif. -"): a place in capitals or a news agency in parentheses, then a
    dash within the first dozen words.  Skipping a subject inside it gained 9
    matched sources on train (+0 predicted) and cost none on dev."""
    doc = sent.doc
    first = doc[sent.start]
    for token in doc[sent.start : min(sent.start + 12, sent.end)]:
        if token.text not in DATELINE_DASHES or token.i == sent.start:
            continue
        prefix = doc[sent.start : token.i]
        capitals = first.is_alpha and first.is_upper and len(first.text) > 1
        agency = any(t.text == "(" for t in prefix) and doc[token.i - 1].text == ")"
        if capitals or agency:
            return token.i
        return None
    return None


def _phrase_after_dateline(subject: Token, dateline: int) -> Token | None:
    """The head of the part of ``subject``'s phrase that follows the dateline's dash."""
    doc = subject.doc
    for token in doc[dateline + 1 : subject.right_edge.i + 1]:
        if token.head.i <= dateline and token.pos_ in {"NOUN", "PROPN", "PRON"}:
            return token
    return None


def _empty_subject(subject: Token) -> bool:
    """ "There is little to draw from ...", "That would be more than the
    industry says", "what prompted Sanders to advocate": an expletive, a
    demonstrative or a question word names no speaker (as the source: 0 of 6,
    1 of 20 and 0 of 3 right on train).  The relative "that" is left to the
    engine, which names its antecedent."""
    if subject.lower_ == "there":
        return True
    return subject.lower_ in {"that", "what"} and subject.head.dep_ != "relcl"


def _source_of(verb: Token, sent: Span) -> tuple[Token | None, str]:
    if _questioned_opener(verb):
        return None, "questioned"
    # "as first reported by the Times": an agent marks a passive without an auxiliary too.
    if _is_passive(verb) or any(child.dep_ == "agent" for child in verb.children):
        for child in verb.children:
            if child.dep_ == "agent":
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj":
                        return grandchild, "passive_agent"
        return None, "passive"
    dateline = _dateline_end(sent)
    for child in verb.children:
        if child.dep_ in {"nsubj"}:
            if dateline is not None and child.i < dateline:
                # "WASHINGTON (AP) — Donald Trump said": the parser made the dateline a
                # subject; "WASHINGTON -- President Obama said": the name hangs on it.
                after = _phrase_after_dateline(child, dateline)
                if after is None:
                    continue
                child = after
            if child.dep_ == "nsubj" and child.lower_ in {"it", "there"} and verb_lemma(verb) in {"seem", "appear"}:
                return None, "expletive"
            if _empty_subject(child):
                return None, "expletive"
            if child.i < verb.i and _closing_quote_between(child, verb) and not _quoted_title_after(child, verb):
                # "“... I would have been sitting in Siberia,” Mr. Daniloff said": the
                # parser's subject is inside the quotation; the speaker is after it.
                # A quoted title inside the subject's own phrase ("Solovey, a
                # contestant on “The Apprentice,” said") does not count.
                continue
            return child, "subject"
    if _after_closing_quote(verb, sent):
        # "“…,” added another New Hampshire Republican": the parser took the
        # speaker after the verb for its object.
        inverted = next(
            (c for c in verb.rights if c.dep_ in {"dobj", "attr", "npadvmod"} and c.pos_ in {"NOUN", "PROPN"}), None
        )
        if inverted is not None:
            return inverted, "postposed"
        named = _speaker_made_subject_after(verb, sent)
        if named is not None:
            return named, "afterquote"
    # "a group backing Rubio", "a new poll showing X": the noun a participle
    # modifies holds the stance (other participles were right less than 40% of
    # the time on PolNeAR train).
    if (
        verb.dep_ == "acl"
        and verb.tag_ == "VBG"
        and verb_lemma(verb) in PARTICIPLE_CUES
        and verb.head.pos_ in {"NOUN", "PROPN", "PRON"}
    ):
        return verb.head, "participle"
    # "The town released a statement saying X": whoever issued the statement.
    if (
        verb.tag_ == "VBG"
        and verb.dep_ == "acl"
        and verb.head.lemma_.lower() in CHANNEL_NOUNS
        and verb.head.dep_ == "dobj"
        and verb.head.head.pos_ == "VERB"
    ):
        source, _how = _source_of(verb.head.head, sent)
        if source is not None:
            return source, "inherited"
    # "seeing"/"knowing" after a comma are the writer's framing, not a stance.
    if verb.tag_ == "VBG" and verb.dep_ in {"advcl", "pcomp"} and verb_lemma(verb) not in {"see", "know"}:
        anchor = _participle_anchor(verb, sent)
        if anchor is not None:
            source, _how = _source_of(anchor, sent)
            if source is not None:
                return source, "inherited"
    # "praised the plan for schools and roads, saying ...": the
    # participle's speaker is its head verb's subject, not the noun before the comma.
    participle = verb.tag_ == "VBG" and verb.dep_ in {"advcl", "xcomp", "conj", "dep"}
    adjacent = None if participle else _adjacent_left_np(verb, sent)
    if adjacent is not None and adjacent.dep_ not in {"dobj", "pobj"}:
        return adjacent, "postposed"
    controller = _object_controller(verb)
    if controller is not None:
        return controller, "controlled"
    second = _second_report(verb.head) if verb.dep_ == "conj" else None
    if second is not None and second.i == verb.i:  # (spaCy makes a new Token object on each access)
        return _source_of(verb.head.head, sent)[0], "inherited"
    if verb.dep_ in {"conj", "advcl", "xcomp", "dep"} and verb.head.i != verb.i:
        source, _how = _source_of(verb.head, sent)
        if source is not None:
            return source, "inherited"
    return None, "none"


NOMINAL_POS = frozenset({"NOUN", "PROPN", "PRON"})


def _object_controller(verb: Token) -> Token | None:
    """ "The victory led Priebus to declare ...", "left 62 percent of voters
    saying ...": a verbal complement after an object has the object, not the
    main subject, as its speaker (train: +9 matched sources, +7 predicted; dev
    +0/+1).  Only a person or group object, and not after a reporting verb
    ("told them what to say" stays inside the outer report)."""
    if verb.dep_ != "xcomp" or verb.head.i >= verb.i or verb_lemma(verb.head) in CUE_VERBS:
        return None
    for child in verb.head.children:
        if child.dep_ == "dobj" and verb.head.i < child.i < verb.i and _may_speak(child):
            return child
    return None


OBJECT_PRONOUNS = frozenset({"him", "her", "them", "me", "us", "some", "others", "many"})
SPEAKING_GROUP_NOUNS = frozenset({"member", "supporter", "delegate", "republican", "democrat", "people", "official"})


def _may_speak(noun: Token) -> bool:
    """A person or group named as an object ("led Priebus", "left voters"), not a thing ("an expletive")."""
    if noun.lower_ in OBJECT_PRONOUNS:
        return True
    if noun.ent_type_ in {"PERSON", "ORG", "NORP"}:
        return True
    lemma = noun.lemma_.lower()
    return noun.pos_ == "NOUN" and (lemma in PERSON_NOUNS or lemma in SPEAKING_GROUP_NOUNS)


# Links inside a noun phrase: climbing them from the phrase's last word reaches its head.
NP_INTERNAL_DEPS = frozenset({"compound", "amod", "nmod", "nummod", "quantmod", "poss", "case", "flat", "det", "punct"})
# A noun the parser made one of these is not a subject ("in a statement to the Observer said").
NON_SUBJECT_DEPS = frozenset({"pobj", "dobj", "dative", "attr", "oprd", "npadvmod", "pcomp"})


def _relative_clause_owner(token: Token, verb: Token, sent: Span) -> Token | None:
    """The noun whose relative clause holds ``token`` ("a woman who had been a
    student in Montana": from "Montana" to "woman"), climbing only words before ``verb``."""
    current = token
    while current.head.i != current.i and sent.start <= current.head.i < verb.i:
        if current.dep_ in {"relcl", "acl"} and current.head.pos_ in NOMINAL_POS:
            return current.head
        current = current.head
    return None


def _speaker_phrase_before(verb: Token, sent: Span) -> Token | None:
    """A finite reporting verb the parser left without a subject because the
    name phrase before it looked like a clause: "Maria Lopez, 44, a nurse from
    Tulsa who attended the event, said ..." or "At the town hall, a woman who
    had been a student in Ohio asked ...".  The head of the noun phrase that
    ends right before the verb: climbed out of its prepositional phrases and
    relative clauses, and through appositions only when a comma closes the
    phrase (without one, "his wife Jane, former senator Bob Smith said", the
    last apposition is the subject)."""
    finite = verb.tag_ in FINITE_TAGS or (verb.tag_ == "VBN" and any(c.dep_ == "aux" for c in verb.children))
    if not finite or verb.i <= sent.start or any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return None
    doc = verb.doc
    i = verb.i - 1
    while i >= sent.start and (doc[i].dep_ in {"advmod", "aux", "neg"} or doc[i].is_space):
        i -= 1
    comma_closed = i >= sent.start and doc[i].text == ","
    if comma_closed:
        i -= 1
    if i < sent.start or (doc[i].is_punct and doc[i].text != ")"):
        return None
    token = doc[i]
    while token.head.i != token.i and sent.start <= token.head.i < verb.i:
        head = token.head
        if token.dep_ == "appos":
            if not comma_closed or head.dep_ in NON_SUBJECT_DEPS:
                break
            token = head
        elif head.pos_ in NOMINAL_POS and token.dep_ in NP_INTERNAL_DEPS | {"prep", "relcl", "acl"}:
            token = head
        elif token.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in NOMINAL_POS and head.head.i < verb.i:
            token = head.head
        else:
            owner = _relative_clause_owner(token, verb, sent)
            if owner is None:
                break
            token = owner
    if token.pos_ not in NOMINAL_POS or token.dep_ in NON_SUBJECT_DEPS or token.ent_type_ in {"DATE", "TIME"}:
        return None
    return token


# Stance verbs whose object can be a gerund ("support reducing the sentences").
GERUND_OBJECT_VERBS = frozenset({"support", "back", "oppose", "favor", "favour", "endorse", "reject", "consider"})


def _gerund_complement(verb: Token) -> Token | None:
    """ "Most voters support reducing the sentences": the parser makes the
    gerund a verbal complement, not an object; it is the stance's content."""
    if verb_lemma(verb) not in GERUND_OBJECT_VERBS:
        return None
    return next((c for c in verb.rights if c.dep_ == "xcomp" and c.tag_ == "VBG"), None)


def _would_like(verb: Token) -> bool:
    """ "The mayor would like to widen the road": a wish now, not a future act."""
    return verb.lemma_.lower() == "like" and any(c.dep_ == "aux" and c.lower_ in {"would", "'d"} for c in verb.children)


def _content_of(verb: Token, source: Token | None, sent: Span) -> tuple[list[tuple[int, int]], str]:
    lemma = verb_lemma(verb)
    doc = verb.doc
    # "As POLITICO has reported, CONTENT": the clause the as-clause modifies.
    if (
        verb.dep_ == "advcl"
        and lemma in SPEECH_VERBS
        and source is not None
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
        and not any(c.dep_ in CLAUSE_DEPS for c in verb.children)
    ):
        head = verb.head
        whole = subtree_bounds(head, sent)
        return _without([whole], [subtree_bounds(verb, sent)]), "as"
    clauses = [c for c in verb.children if c.dep_ in CLAUSE_DEPS]
    if source is not None and source.i > verb.i:
        # "“…,” said Ann Reed, who ran it, told reporters": the clause the parser
        # built around the speaker is not what was said.
        clauses = [c for c in clauses if not c.left_edge.i <= source.i <= c.right_edge.i]
    if not clauses and lemma in WANT_LIKE:
        clauses = [c for c in verb.children if c.dep_ == "xcomp"]
    if not clauses and lemma in SPEECH_VERBS:
        # "said following a vote in 2001 that he had ...": the parser hung the
        # that-clause on the noun before it (a relative clause never has "that" as its mark).
        clauses = [
            t
            for t in doc[verb.i + 1 : min(verb.i + 10, sent.end)]
            if t.dep_ in {"relcl", "acl"}
            and any(c.dep_ == "mark" and c.lower_ == "that" for c in t.children)
            and verb in t.ancestors
        ][:1]
    if clauses:
        spans = [content_from_clause(c, sent) for c in clauses]
        if len(clauses) == 1 and clauses[0].i < verb.i:
            spans.extend(_resumed_quotation(verb, sent))
        return spans, "clause"
    gerund = _gerund_complement(verb)
    if gerund is not None:
        return [content_from_clause(gerund, sent)], "gerund"
    # A speech verb's direct object is what was said ("noted the irony"), except
    # for verbs whose object is the audience or, for "add" and "continue", mostly
    # not speech at all ("added 160 officers").
    if lemma in OBJECT_CONTENT_VERBS or (lemma in SPEECH_VERBS and lemma not in ADDRESSEE_VERBS | NON_OBJECT_SPEECH):
        objects = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
        if objects:
            return [object_content(verb, objects[0], sent)], "object"
        # "what the Times called a “rough week”", "which he called a cartel": the predicate.
        predicates = [c for c in verb.children if c.dep_ == "oprd" and c.i > verb.i]
        if predicates:
            return [subtree_bounds(predicates[0], sent)], "object"
    if lemma == "say" and source is not None:
        said = _what_say_says(verb, sent)
        if said is not None:
            return [said], "sayobject"
    # The verb sits inside the content as a parenthetical ("X, he said, Y").
    if verb.dep_ == "parataxis" and verb.head.i != verb.i and source is not None and lemma in SPEECH_VERBS:
        head = verb.head
        left = max(head.left_edge.i, sent.start)
        right = min(head.right_edge.i, sent.end - 1)
        return [(doc[left].idx, token_end(doc[right]))], "parenthetical"
    # Content-first order: "CONTENT, SOURCE said." or "“QUOTE,” SOURCE said."
    main_verb = verb.dep_ in {"ROOT", "conj", "parataxis"} and verb.tag_ != "VBG"
    # "told AFP": the object of tell-like verbs is the audience, not the content;
    # a fronted quotation the parser made the object ("“Technicals,” Bob said") is
    # content, and so is a quotation after the cue ("Bond said, “Own your magic”").
    object_deps = {"xcomp"} if lemma in ADDRESSEE_VERBS else {"xcomp", "dobj"}
    takes_object = any(c.dep_ in object_deps and c.i > verb.i and not _opens_quote(c) for c in verb.children)
    if source is not None and lemma in SPEECH_VERBS and main_verb and not takes_object:
        # "SOURCE said, CONTENT" / "said: CONTENT" after the cue.
        after = [
            c
            for c in verb.rights
            if c.dep_ in {"parataxis", "dep", "ccomp", "xcomp", "conj"} and c.pos_ in {"VERB", "AUX", "NOUN"}
        ]
        mention_start = mention_bounds(source, sent)[0]
        source_left = min(next(t.i for t in sent if token_end(t) > mention_start), verb.i)
        if source_left - sent.start >= 3 and not _only_circumstance(verb, sent.start, source_left):
            start = doc[sent.start].idx
            end = doc[source_left - 1].idx + len(doc[source_left - 1].text)
            # "“A,” Bond said, “B.”": both quotations.
            resumed = [subtree_bounds(c, sent) for c in after[:1] if _opens_quote(c)]
            return [(start, end), *resumed], "fronted"
        quoted = _quotation_after(verb, sent)
        if quoted is not None:
            return [quoted], "following"
        if after:
            return [content_from_clause(after[0], sent)], "following"
    # "He tells the crowd: “...”": what follows the colon.
    if source is not None and lemma in SPEECH_VERBS:
        colon = next((t for t in doc[verb.i + 1 : min(verb.i + 12, sent.end)] if t.text == ":"), None)
        if colon is not None and all(t.pos_ not in {"VERB", "AUX"} for t in doc[verb.i + 1 : colon.i]):
            start, end = trim_chars(text_of(doc), token_end(colon), token_end(doc[sent.end - 1]))
            if len(doc[colon.i + 1 : sent.end]) >= 3 and end > start:
                return [(start, end)], "colon"
    # "said having Trump on the ticket puts them at risk": a verbal complement.
    if source is not None and lemma in SPEECH_VERBS and lemma not in ADDRESSEE_VERBS | {"continue"}:
        complements = [c for c in verb.rights if c.dep_ == "xcomp" and c.tag_ == "VBG"]
        if complements:
            return [content_from_clause(complements[0], sent)], "complement"
    if verb.dep_ == "parataxis" and verb.head.i != verb.i and source is not None:
        head = verb.head
        left = max(head.left_edge.i, sent.start)
        right = min(head.right_edge.i, sent.end - 1)
        return [(doc[left].idx, token_end(doc[right]))], "parenthetical"
    return [], "none"


CIRCUMSTANCE_DEPS = frozenset({"prep", "advmod", "npadvmod", "advcl", "punct", "cc", "mark", "intj", "aux", "neg"})


ANSWER_WORDS = frozenset({"yes", "no", "so"})


def _what_say_says(verb: Token, sent: Span) -> tuple[int, int] | None:
    """What "say" says when the parser found no clause: an answer word ("said
    no", "would say so") or a noun the parser took for its object that is
    really the subject of the reported clause ("said families file lawsuits")."""
    doc = verb.doc
    for child in verb.rights:
        if child.dep_ in {"intj", "advmod"} and child.lower_ in ANSWER_WORDS and child.i == verb.i + 1:
            return child.idx, token_end(child)
        if child.dep_ == "dobj" and child.pos_ in {"NOUN", "PROPN"}:
            # The object and the rest of the verb's phrase after it.
            right = min(verb.right_edge.i, sent.end - 1)
            while right > child.i and (doc[right].is_punct and doc[right].text not in CLOSING_MARKS):
                right -= 1
            return doc[child.left_edge.i].idx, token_end(doc[right])
    return None


def _only_circumstance(verb: Token, start: int, end: int) -> bool:
    """Whether the words [start, end) before the source only say when, where or
    how ("In a speech last July, he said"): no fronted content there.  A
    quotation mark means a fronted quotation whatever the parse."""
    for token in verb.doc[start:end]:
        if token.text in QUOTE_CHARS or token.tag_ in {"``", "''"}:
            return False
        child = token
        while child.head.i != verb.i and child.head.i != child.i:
            child = child.head
        if child.head.i != verb.i or child.dep_ not in CIRCUMSTANCE_DEPS:
            return False
    return True


# "said in a statement", "told reporters by telephone", "wrote on Facebook": a
# channel; the time and place ("on September 9", "at a meeting with ...") are not
# part of the cue.
CHANNEL_NOUNS = frozenset(
    [
        "statement",
        "interview",
        "email",
        "e-mail",
        "letter",
        "tweet",
        "post",
        "posting",
        "release",
        "speech",
        "op-ed",
        "column",
        "essay",
        "article",
        "blog",
        "telephone",
        "phone",
        "call",
        "radio",
        "television",
        "video",
        "ad",
        "advertisement",
        "conference",
        "briefing",
        "message",
        "note",
        "memo",
        "remarks",
        "testimony",
        "filing",
        "text",
        "twitter",
        "facebook",
        "debate",
        "appearance",
        "book",
        "show",
        "program",
        "programme",
        "forum",
        "page",
        "feed",
        "website",
        "piece",
        "report",
        "editorial",
        "reply",
        "response",
        "part",
        "record",
    ]
)


# "said in a statement", "said with a grin", "said of Mr. Rubio": PolNeAR's cue
# takes the verb's channel, manner or topic in about half the cases and the bare
# verb in the other half ("said in a statement" 30 vs 20 on train, "said in an
# interview" 9 vs 17), so the cue takes the preposition only: "said in" overlaps
# both by half (train cue F1 71.18 -> 71.71, dev 73.59 -> 73.94, against the
# whole channel of up to three words before).  Time and place stay out, as in
# the seed article ("said on September 9", "said at a meeting"); taking them
# too would score +0.1 more on train.
CHANNEL_PREPOSITIONS = frozenset({"in", "on", "by", "at", "during", "via", "through"})
MANNER_PREPOSITIONS = frozenset({"with", "of"})


def _is_channel(child: Token) -> bool:
    if child.dep_ == "advmod":
        return child.lower_ not in {"when", "where", "why", "how", "then", "also", "later", "too"}
    if child.dep_ != "prep":
        return False
    if child.lower_ in MANNER_PREPOSITIONS:
        return True
    return child.lower_ in CHANNEL_PREPOSITIONS and any(
        g.dep_ == "pobj" and g.lemma_.lower() in CHANNEL_NOUNS for g in child.children
    )


# Catenative cues whose "to" joins the cue: PolNeAR marks "declined", "declined
# to" and "declined to comment on" alike, and "declined to" overlaps all three by
# half (train cue matches: decline +12, refuse +8, seem +11, seek +4, expect +3;
# later want, try and attempt: +7 together, "tried to press", "wanted to show";
# "appear", "plan", "vow", "promise", "decide", "hope" gained nothing and stay bare).
CATENATIVE_CUES = frozenset({"decline", "refuse", "seem", "seek", "expect", "want", "try", "attempt"})


def _infinitive_marker(verb: Token, particle: Token | None) -> Token | None:
    """The "to" right after a catenative cue ("declined to comment", "seemed to
    mock"), when its infinitive hangs on the cue verb."""
    doc = verb.doc
    if verb_lemma(verb) not in CATENATIVE_CUES:
        return None
    last = particle.i if particle is not None and particle.i == verb.i + 1 else verb.i
    if last + 1 >= verb.sent.end:
        return None
    marker = doc[last + 1]
    if marker.lower_ != "to" or marker.dep_ != "aux" or marker.head.dep_ != "xcomp" or marker.head.head.i != verb.i:
        return None
    return marker


def cue_extent(
    verb: Token, particle: Token | None, taken: list[tuple[int, int]], *, whole_group: bool = False
) -> tuple[int, int]:
    """The cue: its verb (with a particle, "pointed out") and the preposition of
    a channel right after it when that is neither content nor source ("said in"
    a statement, "said by" telephone, see CHANNEL_PREPOSITIONS).  Of the auxiliaries and adverbs before the verb only
    the nearest stays ("has long claimed" -> "long claimed"): PolNeAR's cue is
    the whole verb group, the seed article's the bare verb, and one word more
    than the verb overlaps both.  A negation keeps them all ("did not say").
    With ``whole_group`` (stance and learned verbs, which the seed article
    never cites) the cue keeps the whole verb group, passive auxiliaries too
    ("has long been known for", "had been expected to")."""
    doc = verb.doc
    sent = verb.sent
    group = {"aux", "neg", "advmod", "auxpass"} if whole_group else {"aux", "neg", "advmod"}
    first = verb.i
    while first - 1 >= sent.start and doc[first - 1].head.i == verb.i and doc[first - 1].dep_ in group:
        first -= 1
    if not whole_group and not any(doc[i].dep_ == "neg" for i in range(first, verb.i)):
        first = max(first, verb.i - 1)
    last = particle.i if particle is not None and particle.i == verb.i + 1 else verb.i
    following = doc[last + 1] if last + 1 < sent.end else None
    if following is not None and following.head.i == verb.i and _is_channel(following):
        start, end = following.idx, token_end(following)
        if not any(s < end and start < e for s, e in taken):
            last = following.i
    return doc[first].idx, token_end(doc[last])


OPENING_MARKS = frozenset({"“", '"', "‘", "«", "``", "''"})


def _quotation_after(verb: Token, sent: Span) -> tuple[int, int] | None:
    """ "Mr. Trump yelled, ''Out, out, out!''": a quotation right after the
    verb (and a comma or colon) runs to the end of the sentence."""
    doc = verb.doc
    i = verb.i + 1
    while i < sent.end and doc[i].text in {",", ":"}:
        i += 1
    if i >= sent.end - 1 or doc[i].text not in OPENING_MARKS:
        return None
    start, end = trim_chars(text_of(doc), doc[i].idx, token_end(doc[sent.end - 1]))
    return (start, end) if end > start else None


def _quotation_after_audience(verb: Token, sent: Span) -> tuple[int, int] | None:
    """ "telling the crowd, “Some people get carried away”", "adding of Mr.
    Trump, ''He cares''": a quotation after the participle's own audience or
    topic and a comma or colon runs to the end of the sentence.  Taken, with
    ``_quotation_after``, for listed speech participles that found no content
    (right 14 of 21 cues on train): train content F1 71.2 -> 71.3, source and
    cue unchanged; dev cue 74.8 -> 74.9, source and content unchanged."""
    doc = verb.doc
    for i in range(verb.i + 2, min(verb.i + 9, sent.end - 1)):
        token = doc[i]
        if token.text in OPENING_MARKS and doc[i - 1].text in {",", ":"}:
            between = doc[verb.i + 1 : i - 1]
            if not all(verb.is_ancestor(t) for t in between):
                return None
            start, end = trim_chars(text_of(doc), token.idx, token_end(doc[sent.end - 1]))
            return (start, end) if end > start else None
    return None


RESUMING_MARKS = frozenset({"“", '"', "``", "''", "«"})


def _resumed_quotation(verb: Token, sent: Span) -> list[tuple[int, int]]:
    """ "“We will win,” she said, “and then we will rebuild.”": the quotation
    the speaker resumes after the cue (a comma, then an opening mark) belongs
    to the same statement as the fronted one, up to the sentence's end."""
    doc = verb.doc
    text = text_of(doc)
    for token in doc[verb.i + 1 : sent.end - 1]:
        if token.text not in RESUMING_MARKS or not text[token.idx - 1 : token.idx].isspace():
            continue
        if text[: token.idx].rstrip()[-1:] != ",":
            continue
        # The quotation must close at the sentence's end: "“A,” she said, but
        # “B,” said Kunin" is two statements.
        closing = next((t for t in doc[token.i + 1 : sent.end] if t.text in CLOSING_MARKS), None)
        if closing is not None and any(not t.is_punct for t in doc[closing.i + 1 : sent.end]):
            return []
        last = next((t for t in reversed(doc[token.i + 1 : sent.end]) if not t.is_punct), token)
        start, end = trim_chars(text, token.idx, token_end(last))
        return [(start, end)] if end > start else []
    return []


def _opens_quote(token: Token) -> bool:
    """Whether the phrase headed by ``token`` starts with an opening quotation mark."""
    first = token.left_edge
    before = token.doc[first.i - 1] if first.i > 0 else first
    return any(t.text in {"“", '"', "‘", "«", "``"} or t.tag_ == "``" for t in (first, before))


SEEM_VERBS = frozenset({"seem", "appear"})


def _seems_to_report(verb: Token) -> bool:
    """Whether "seem"/"appear" hedges a report or stance of its subject's
    ("seemed to confirm", "appeared to mock"), not a state ("seems to be",
    "appears to have shrunk")."""
    complements = [c for c in verb.children if c.dep_ == "xcomp" and c.pos_ in {"VERB", "AUX"}]
    return any(verb_lemma(c) in CUE_VERBS and verb_lemma(c) not in SEEM_VERBS for c in complements)


# With no source, these report nothing (train, attributions with no source):
# "know", "see", "find" and the like are perceiving, not stating ("after seeing
# the sign", "trouble finding work": 3 right cues of 44); "called"/"named" after a
# noun names it ("a firm called Cambridge Analytica": 7 of 29).
PERCEPTION_VERBS = frozenset({"find", "see", "know", "understand", "read", "view"})
NAMING_VERBS = frozenset({"call", "name"})


def _imperative(verb: Token, sent: Span) -> bool:
    """ "Read the rest of the story here.", "Call it viral fundraising.": a
    base-form verb opening its sentence addresses the reader."""
    first = next((t for t in sent if not t.is_punct), None)
    return verb.tag_ == "VB" and first is not None and first.i == verb.i


def _sourceless_non_report(verb: Token, sent: Span) -> bool:
    """Whether a cue verb that found no source reports nothing: an imperative to
    the reader, a perception, a participle naming the noun before it.  Dropping
    them: train cue F1 71.74 -> 71.85, content 69.39 -> 69.50, source 77.62 ->
    77.64; dev cue 73.94 -> 74.10, content 72.02 -> 72.23."""
    if _imperative(verb, sent) or verb_lemma(verb) in PERCEPTION_VERBS:
        return True
    return verb.dep_ == "acl" and verb.tag_ == "VBN" and verb_lemma(verb) in NAMING_VERBS


QUESTION_END = re.compile(r"\?[\s\"”'’)]*$")


def _asks_the_addressee(source: Token | None, sent: Span) -> bool:
    """ "Do you support Donald Trump?": a stance a question asks of "you" (the
    reader, a poll's respondent) is no one's stance yet.  Such stance cues were
    right 1 time in 14 on PolNeAR train."""
    return source is not None and source.lower_ == "you" and QUESTION_END.search(sent.text) is not None


def _reason_for_blame(verb: Token) -> bool:
    """ "attacked Rubio for not answering the question", "called for Ginsburg to
    resign for saying that": the saying is what the blame is for, and PolNeAR
    marks the blame, not a report of its own (0 right cues of 14 on train)."""
    return verb.dep_ == "pcomp" and verb.head.lower_ == "for"


def _finding(verb: Token, source: Token | None) -> bool:
    """ "A CNN survey found 90 percent support": a finding, which PolNeAR marks.
    Not one: "found himself in trouble", "found ways to", "helped found the
    group", or a person finding things ("Sanders found a receptive audience").
    Dropping those: train source F1 77.64 -> 77.70, cue 71.85 -> 71.94, content
    69.50 -> 69.54; dev source 79.87 -> 79.93, cue 74.10 -> 74.16, content 72.23 -> 72.28."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if any(o.lower_.endswith(("self", "selves")) or o.lemma_.lower() == "way" for o in objects):
        return False
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() == "help":
        return False
    return source is None or (source.tag_ != "PRP" and source.ent_type_ != "PERSON")


def _markup_tag(verb: Token) -> bool:
    """ "<tweet pic="" author=...>": an embedded tweet's markup, not a report
    (17 predictions on train, none right)."""
    return verb.idx > 0 and text_of(verb.doc)[verb.idx - 1] == "<"


def verb_cues_and_residue(sent: Span) -> tuple[list[RawAttribution], list[Token]]:
    """The verb cues the rules find in ``sent``, and the listed verbs they
    dropped (the residue, which ``rescue_listed_verbs`` may take back)."""
    found: list[RawAttribution] = []
    residue: list[Token] = []
    for verb in sent:
        if verb.pos_ != "VERB" or _markup_tag(verb):
            continue
        lemma = verb_lemma(verb)
        particle = _particle(verb)
        required = PARTICLE_ONLY_CUES.get(lemma)
        if required is not None and (particle is None or particle.lower_ != required):
            continue
        learned = 0.0
        if gate_decides(lemma) and not _would_like(verb):
            learned = cue_probability(verb, lemma)
            # "X released the following statement:" introduces the next paragraph (find_bare_report).
            if learned < LEARNED_THRESHOLD or (verb.i == sent.root.i and _introduced_statement(sent) is not None):
                continue
        raw = _verb_cue(verb, sent, lemma, particle, learned, None)
        if raw is not None:
            found.append(raw)
        elif lemma in CUE_VERBS:
            residue.append(verb)
    # A verb the gate took that is already inside a listed verb's longer cue
    # ("issued a statement describing") is not a second report.
    return [
        raw
        for raw in found
        if not raw.rule.startswith("learned_")
        or not any(
            other is not raw and other.cue_start <= raw.cue_start and raw.cue_end <= other.cue_end for other in found
        )
    ], residue


def _verb_cue(
    verb: Token, sent: Span, lemma: str, particle: Token | None, learned: float, reasons: list[str] | None
) -> RawAttribution | None:
    """The report of one verb, or None when a rule drops it.  With ``reasons``
    (a list) the rules' filters do not drop the verb but note why they would
    have, and a listed verb with no content takes the gate's fallback."""

    def drop(reason: str) -> bool:
        if reasons is None:
            return True
        reasons.append(reason)
        return False

    unreal = lemma not in SPEECH_VERBS and _unrealised(verb) and not _would_like(verb)
    if not learned and _possible_passive(verb) and drop("passive"):
        return None
    source, source_how = _source_of(verb, sent)
    if source is None and source_how == "none":
        phrase = _speaker_phrase_before(verb, sent)
        if phrase is not None:
            source, source_how = phrase, "phrase"
    if lemma in SEEM_VERBS and not _seems_to_report(verb):
        # "The budget appears to have shrunk": the writer's hedge, which
        # PolNeAR marks with no source; its subject is what it is about.
        source, source_how = None, "hedge"

    if source is None and source_how == "none" and _sourceless_non_report(verb, sent) and drop("sourceless"):
        return None
    if lemma not in SPEECH_VERBS and not learned and _asks_the_addressee(source, sent) and drop("addressee"):
        return None
    if lemma in SPEECH_VERBS and _reason_for_blame(verb) and drop("blame"):
        return None
    if unreal and not _stated_intention(verb, source_how) and drop("unreal"):
        return None
    content, content_how = _content_of(verb, source, sent)
    learned_cue_end = None
    if learned and not content:
        content, content_how, learned_cue_end = _learned_content(verb, sent)
    if not learned and not content:
        fallback, fallback_how, fallback_end = _learned_content(verb, sent)
        if _listed_fallback_kept(verb, lemma, source_how, fallback_how) or (
            reasons is not None and not drop("fallback")
        ):
            content, content_how, learned_cue_end = fallback, "x" + fallback_how, fallback_end
    if not content and source_how == "passive_agent" and not learned:
        content, content_how = _passive_theme(verb, sent), "theme"
    if not content and source is not None and lemma in SPEECH_VERBS and verb.tag_ == "VBG":
        quoted = _quotation_after(verb, sent) or _quotation_after_audience(verb, sent)
        if quoted is not None:
            content, content_how = [quoted], "quoteafter"
    if not content and source_how == "hedge" and lemma in SEEM_VERBS:
        content, content_how = _hedged_predicate(verb, sent), "hedged"
    if not content and reasons is not None:
        content, content_how = _rescue_content(verb, sent)
    if not content:
        return None
    if content_how == "object" and lemma == "find" and not _finding(verb, source) and drop("finding"):
        return None
    # "as the campaign continues": time passing, not a report (10 on train, none right).
    if content_how == "as" and lemma == "continue" and drop("continues"):
        return None
    if source is not None:
        source_start, source_end = mention_bounds(source, sent)
        if source_how == "participle":
            # The mention stops before the participle that modifies it.
            source_start, source_end = trim_chars(text_of(sent.doc), source_start, min(source_end, verb.idx))
    else:
        source_start = source_end = -1
    # Stance and learned verbs keep their whole verb group ("has been called", "has long
    # been known for"): train cue F1 74.81 -> 75.01 (36 more gold cues matched).
    cue_start, cue_end = cue_extent(
        verb, particle, [*content, (source_start, source_end)], whole_group=lemma not in SPEECH_VERBS
    )
    if learned_cue_end is not None:
        cue_end = max(cue_end, learned_cue_end)
    if content_how == "theme":
        # "He was backed by": PolNeAR's cue keeps the passive auxiliary.
        auxiliary = next((c for c in verb.lefts if c.dep_ == "auxpass"), None)
        if auxiliary is not None:
            cue_start = min(cue_start, auxiliary.idx)
    issued = _issuing_verb(verb) if source_how == "inherited" else None
    if issued is not None:
        cue_start = issued.idx
    governor = _governing_verb(verb) if source_how == "inherited" else None
    if governor is not None:
        cue_start = min(cue_start, governor.idx)
    governed = _governed_cue_start(verb, source_how) if issued is None and governor is None else None
    verb_start = -1
    if governed is not None and governed.idx < cue_start and not governed.idx < source_end <= verb.idx:
        cue_start, verb_start = governed.idx, verb.idx
    attitude = _attitude_object(verb, sent) if content_how == "object" else None
    if attitude is not None:
        cue_end, content = attitude
    # "took a direct swing at X": train cue F1 +0.32 (59 more gold cues matched), content +0.06.
    light_end = _light_object_end(verb, content) if content_how == "object" else None
    if light_end is not None:
        cue_end = max(cue_end, light_end)
    # A content that swallows the cue or the source is a misparse: cut it.
    content = _without(content, [(cue_start, cue_end), (source_start, source_end)])
    content = [trim_chars(text_of(sent.doc), s, e) for s, e in content]
    content = [(s, e) for s, e in content if e > s]
    if not content:
        return None
    # "declined to comment on X" -> cue "declined to" (see CATENATIVE_CUES).
    # Added after the content is cut, so the content keeps its "to".
    marker = _infinitive_marker(verb, particle)
    if marker is not None and cue_end == token_end(marker.doc[marker.i - 1]):
        cue_end = token_end(marker)
    family = "learned" if learned else "speech" if lemma in SPEECH_VERBS else "stance"
    rule = f"{family}_{source_how}_{content_how}"
    return RawAttribution(
        rule, cue_start, cue_end, source, source_start, source_end, content, lemma, verb_start=verb_start
    )


# A listed verb for which no rule found a content ("complained about the
# lines", "was criticized for X", "agreed on creating", "is offering to help")
# takes the learned gate's fallback (_learned_content): its preposition's
# object, verbal complement or object.  Kept only for the (family, source,
# content) kinds right at least half the time on PolNeAR train (0.52-0.71 cue
# precision; the others, 0.06-0.47, stay dropped): train source F1 80.4 ->
# 80.6, cue 73.5 -> 73.7, content 70.9 -> 71.1; dev source 81.3 -> 81.5, cue
# 74.6 -> 74.8, content 72.6 -> 72.6.  A questioning verb has its own rules
# ("was asked about"), and a complement that is a cue of its own ("went on to
# say") reports by itself.
def _passive_theme(verb: Token, sent: Span) -> list[tuple[int, int]]:
    """ "He was criticized by libertarians", "a practice criticized by Miller":
    what the agent's stance is about is the passive subject, or the noun the
    participle modifies.  Listed verbs only (the gate's were right 8 of 15):
    cue right 60 of 119 on train, with the passive auxiliary in the cue (without
    it 45 of 119)."""
    subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if subjects:
        return [subtree_bounds(subjects[0], sent)]
    if verb.dep_ == "acl" and verb.head.pos_ in NOMINAL_POS and verb.head.i < verb.i:
        return [mention_bounds(verb.head, sent)]
    return []


def _hedged_predicate(verb: Token, sent: Span) -> list[tuple[int, int]]:
    """ "Trump's supporters seemed equally unperturbed", "This seems like a
    fine idea": the writer's hedge is about its subject and what it says of it.
    Main verbs with an adjective, noun or "like" complement only: cue right 34
    of 51 on train ("appeared on television", "positions that seem moderate":
    44 of 94 when those were taken too).  With _passive_theme: train cue F1 74.0
    -> 74.1, source and content unchanged; dev content 72.6 -> 72.7, source and
    cue unchanged."""
    if verb.dep_ not in {"ROOT", "ccomp", "conj"}:
        return []
    subjects = [
        c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i < verb.i and c.tag_ not in {"WDT", "WP"}
    ]
    complements = [
        c for c in verb.rights if c.dep_ in {"acomp", "attr", "oprd"} or (c.dep_ == "prep" and c.lower_ == "like")
    ]
    if not subjects or not complements:
        return []
    return [subtree_bounds(subjects[0], sent), subtree_bounds(complements[0], sent)]


LISTED_FALLBACKS = frozenset(
    {
        ("speech", "subject", "prep"),
        ("stance", "subject", "prep"),
        ("speech", "passive", "prep"),
        ("stance", "passive", "prep"),
        ("speech", "questioned", "prep"),
        ("stance", "inherited", "prep"),
        ("stance", "subject", "xcomp"),
        ("stance", "inherited", "xcomp"),
        ("speech", "passive", "xcomp"),
        ("stance", "subject", "object"),
    }
)


def _listed_fallback_kept(verb: Token, lemma: str, source_how: str, content_how: str) -> bool:
    if lemma in QUESTION_VERBS:
        return False
    if content_how == "xcomp" and any(c.dep_ == "xcomp" and verb_lemma(c) in CUE_VERBS for c in verb.rights):
        return False
    family = "speech" if lemma in SPEECH_VERBS else "stance"
    return (family, source_how, content_how) in LISTED_FALLBACKS


# The filters whose verbs the listed model may take back: no content the rules
# accept ("fallback") and an unrealised verb ("unreal").  The others (a passive
# under a modal, a sourceless perception, a question to "you", a reason for
# blame, ...) stay hard: letting the model weigh them too changed no held-out
# cue F1 and took back "will be announced".
KEPT_REASONS = frozenset({"fallback", "unreal"})


def rescue_candidates(
    sent: Span, residue: list[Token], raws: list[RawAttribution]
) -> list[tuple[Token, RawAttribution, list[str]]]:
    """The listed verbs the rules dropped (``residue``, from verb_cues_and_residue)
    that no cue of ``raws`` covers, each with the report its rules would give
    without their filters and its features for the listed model.  The engine
    and the model's training both ask this."""
    taken = {t.i for t in sent for raw in raws if raw.cue_start <= t.idx < raw.cue_end}
    candidates = []
    for verb in residue:
        if verb.i in taken:
            continue
        lemma = verb_lemma(verb)
        reasons: list[str] = []
        raw = _verb_cue(verb, sent, lemma, _particle(verb), 0.0, reasons)
        if raw is None or not KEPT_REASONS.issuperset(reasons):
            continue
        if verb.head.i in taken:
            reasons.append("head_cue")
        if any(s <= verb.idx < e for other in raws for s, e in other.content):
            reasons.append("in_content")
        if raws:
            reasons.append("other_cues")
        features = listed_features(verb, lemma, raw.rule, reasons)
        candidates.append((verb, raw, features))
    return candidates


RELATIVE_TAGS = frozenset({"WDT", "WP"})


def _rescue_content(verb: Token, sent: Span) -> tuple[list[tuple[int, int]], str]:
    """What a listed verb the rules left without content may be about, for the
    listed model to weigh: its passive subject ("was widely condemned"), its
    relative or interrogative pronoun ("which Cruz proposed", "what she
    believes"), or the noun its relative clause modifies ("a defeat Obama
    believes to be ...")."""
    for child in verb.children:
        if child.dep_ == "nsubjpass" and child.tag_ not in RELATIVE_TAGS:
            return [subtree_bounds(child, sent)], "theme"
    for child in verb.children:
        if child.tag_ in RELATIVE_TAGS and child.dep_ in {"dobj", "nsubjpass", "nsubj", "pobj"}:
            if child.dep_ == "nsubj" and verb.dep_ == "relcl":
                continue  # "who said ...": the pronoun is the speaker
            return [(child.idx, token_end(child))], "relative"
    head = verb.head
    if verb.dep_ == "relcl" and head.i < verb.i and head.pos_ in NOMINAL_POS:
        return [(head.left_edge.idx, token_end(head))], "antecedent"
    return [], "none"


# The listed model's cut-off (cuescorer.listed_probability).  Rules
# ``*_rescued``.  Fitted on one half of PolNeAR train and measured on the other
# (both ways, the gate fitted on the same half): source F1 79.4 -> 79.7 /
# 80.4 -> 80.8, cue 73.5 -> 73.9 / 73.8 -> 74.1, content 70.6 -> 70.7 / 71.1 ->
# 71.2; dev (fitted on all of train) source 81.7 -> 81.9, cue 75.1 -> 75.3,
# content 72.8 -> 73.1.  0.4 and 0.6 did no better, nor C 0.3/1/3.
RESCUE_THRESHOLD = 0.5


def rescue_listed_verbs(sent: Span, residue: list[Token], raws: list[RawAttribution]) -> list[RawAttribution]:
    """Listed verbs the rules dropped that the listed model takes back."""
    return [
        replace(raw, rule=raw.rule + "_rescued")
        for _verb, raw, features in rescue_candidates(sent, residue, raws)
        if listed_probability(features) >= RESCUE_THRESHOLD
    ]


# The learned gate's cut-off (cuescorer.py).  Fitted on one half of PolNeAR
# train and measured on the other (both ways), 0.5 gave source F1 +0.4/+0.5,
# cue -0.2/+0.3 and content +0.1/+0.3; 0.4 cost up to 0.5 cue F1 and 0.6 gave
# back source.
LEARNED_THRESHOLD = 0.5


# Prepositions whose object is the content of a verb the gate took ("railed
# against", "vouched for"): +0.1 source and cue F1 on both held-out halves.
LEARNED_PREPS = frozenset({"about", "against", "for", "on", "at", "of", "from", "over", "toward", "towards"})


def _learned_content(verb: Token, sent: Span) -> tuple[list[tuple[int, int]], str, int | None]:
    """The content of a verb the learned gate took and no rule gave one: its
    verbal complement ("paused to make a remark"), else its object, else the
    object of its preposition ("railed against the deal"; the cue then ends
    with the preposition)."""
    for child in verb.rights:
        if child.dep_ == "xcomp":
            return [content_from_clause(child, sent)], "xcomp", None
    for child in verb.rights:
        if child.dep_ == "dobj":
            return [object_content(verb, child, sent)], "object", None
    pair = _prepositional_object(verb, LEARNED_PREPS)
    if pair is not None:
        prep, obj = pair
        return [object_content(verb, obj, sent)], "prep", token_end(prep)
    return [], "none", None


CLOSING_MARKS = frozenset({"”", '"', "''", "’"})


def _governing_verb(verb: Token) -> Token | None:
    """ "declined to say", "didn't stop to answer", "went on to warn": the verb
    right before a report's "to" is part of its cue (PolNeAR marks it so),
    with its own auxiliaries and negation."""
    head = verb.head
    if verb.dep_ != "xcomp" or head.pos_ not in {"VERB", "AUX"} or not head.i < verb.i:
        return None
    if verb_lemma(head) in CUE_VERBS:
        return None  # "refused to admit": a cue of its own, which the engine weighs against this one
    doc = verb.doc
    between = doc[head.i + 1 : verb.i]
    if any(t.dep_ not in {"aux", "neg", "advmod", "prt"} for t in between) or not any(
        t.lower_ == "to" for t in between
    ):
        return None
    start = head
    while start.i - 1 >= 0 and doc[start.i - 1].dep_ in {"aux", "neg"} and doc[start.i - 1].head.i == head.i:
        start = doc[start.i - 1]
    return start


# Punctuation that sets a participle off from the verb before it (", saying
# X": PolNeAR's cue is the participle alone there; extending those to their
# governor lost 420 matched cues on train for 25 gained).
SETTING_OFF = frozenset({",", ";", ":", "—", "–", "-", "--", "(", ")", "”", "“", '"', "''", "``"})
# Governors whose gerund complement is not the subject's own act: a copula or
# possession ("is worth remembering"), a perception ("can be heard asking"),
# a requirement ("would require disclosing").
NOT_GOVERNING = PERCEPTION_VERBS | {"be", "have", "hear", "watch", "require", "need", "mean"}


def _governor_start(governor: Token) -> Token:
    """The governor with its auxiliaries and negation ("have spent", "did not")."""
    doc = governor.doc
    start = governor
    while (
        start.i - 1 >= governor.sent.start
        and doc[start.i - 1].dep_ in {"aux", "auxpass", "neg"}
        and doc[start.i - 1].head.i == governor.i
    ):
        start = doc[start.i - 1]
    return start


def _set_off(first: Token, last: Token) -> bool:
    return any(t.text in SETTING_OFF for t in first.doc[first.i + 1 : last.i])


def _to_infinitive(verb: Token) -> bool:
    return verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _governed_cue_start(verb: Token, source_how: str) -> Token | None:
    """Where the cue of a report hung on another word starts, when PolNeAR's cue
    runs from that word (its counterpart for a verb right before its "to" is
    ``_governing_verb``, for an issued statement ``_issuing_verb``).  Measured
    one shape at a time on PolNeAR train, cross-fitted (matched cues gained, of
    13,622):

    - a gerund after a preposition: from the preposition ("by saying", "in
      describing"; +18).  PolNeAR's cue runs from the governing verb about as
      often as it is the gerund alone ("launched his campaign by declaring" /
      "declaring"); the preposition and gerund overlap the bare gerund and a
      governor right before ("began by saying") by half.  From the governor
      instead: 20 gained and 32 lost under "by", 8 lost under "after"/"before";
      "with" is a circumstance ("with Maddow asking"), none gained.
    - a gerund complement of a verb of doing ("spent more time mocking",
      "have begun urging", "have emerged describing"): from that verb (+11);
    - a gerund adjunct after the governor's object, not set off by a comma
      ("released a statement Tuesday condemning", "took turns urging",
      "have spent more than $10 million since June 1 attacking"): from the
      governor (+11, 7 fewer predictions: the gate's "released" inside it is
      dropped).  Set off by a comma (", saying"), or with a subject or
      subordinator of its own ("while praising"), it stands alone;
    - a "to" complement with words between ("used this question to demand",
      "took to Twitter to say"): from the governor (+12);
    - a "to" complement of an adjective or object noun ("were more likely to
      say", "are taking pains to say"): from the verb they complement (+10);
    - a gerund after the governor's object noun ("a story detailing", "ads
      demanding"): from the noun (+5; from the governor: 7 gained, 9 lost,
      "to recruit pastors supporting").
    - a gerund after "of" and the governor's object or "short" ("took the
      unusual step of criticizing", "has a long history of blaming", "stopped
      short of fully endorsing"): from the governor (+4: 5 gained, 1 lost).

    A governor that is a cue of its own ("declined to say", "refused to answer")
    keeps its own attribution: PolNeAR marks "declined" with the complement as
    its content.  Together: train cue F1 (cross-fitted) 73.64 -> 74.06, source
    and content unchanged; dev cue 75.1 -> 75.3, content 72.8 -> 72.9."""
    if source_how in {"participle", "controlled", "postposed"}:
        return None
    head = verb.head
    if _to_infinitive(verb) and (
        (verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ in {"acomp", "oprd"})
        or (verb.dep_ == "acl" and head.pos_ == "NOUN" and head.dep_ == "dobj")
    ):
        governor = head.head
        if (
            governor.pos_ in {"VERB", "AUX"}
            and governor.i < head.i
            and verb_lemma(governor) not in CUE_VERBS
            and not _set_off(governor, verb)
        ):
            return _governor_start(governor)
        return None
    if verb.tag_ != "VBG" and not _to_infinitive(verb):
        return None
    if (
        verb.dep_ == "pcomp"
        and verb.tag_ == "VBG"
        and head.lower_ == "of"
        and head.head.dep_ in {"dobj", "advmod", "acomp"}
        and head.head.head.pos_ in {"VERB", "AUX"}
        and head.head.head.i < head.i
        and verb_lemma(head.head.head) not in CUE_VERBS
        and not _set_off(head.head.head, verb)
    ):
        return _governor_start(head.head.head)
    if verb.dep_ == "pcomp":
        if (
            verb.tag_ == "VBG"
            and head.dep_ == "prep"
            and head.lower_ != "with"
            and head.head.pos_ in {"VERB", "AUX"}
            and head.head.i < head.i
            and not _set_off(head, verb)
        ):
            return head
        return None
    if verb.dep_ == "acl":
        if (
            verb.tag_ == "VBG"
            and head.pos_ in {"NOUN", "PROPN"}
            and head.dep_ == "dobj"
            and head.head.pos_ in {"VERB", "AUX"}
            and head.head.i < head.i < verb.i
            and not _set_off(head, verb)
        ):
            return head
        return None
    if head.i >= verb.i or head.pos_ not in {"VERB", "AUX"} or _set_off(head, verb) or verb_lemma(head) in CUE_VERBS:
        return None
    if verb.dep_ == "xcomp" and (_to_infinitive(verb) or verb_lemma(head) not in NOT_GOVERNING):
        return _governor_start(head)
    if verb.dep_ == "advcl" and verb.tag_ == "VBG":
        own = any(c.dep_ in {"mark", "nsubj", "nsubjpass"} for c in verb.children)
        objects = [c for c in head.rights if c.dep_ == "dobj" and c.i < verb.i]
        return _governor_start(head) if objects and not own else None
    return None


def _issuing_verb(verb: Token) -> Token | None:
    """ "released a statement saying X": the verb that issued the statement, whose
    subject speaks; the cue runs from it to the participle.  A reporting verb
    ("wrote a letter asking X") is a cue of its own and is left alone."""
    noun = verb.head
    if (
        verb.tag_ == "VBG"
        and verb.dep_ == "acl"
        and noun.lemma_.lower() in CHANNEL_NOUNS
        and noun.dep_ == "dobj"
        and noun.head.pos_ == "VERB"
        and noun.head.i < verb.i
        and verb_lemma(noun.head) not in CUE_VERBS
    ):
        return noun.head
    return None


def _light_object_end(verb: Token, content: list[tuple[int, int]]) -> int | None:
    """ "took a direct swing at X", "made the case that X", "unveiled a
    proposal to X": a light verb's common-noun object names the act, so the
    cue runs through it and through its preposition (the preposition's object,
    the noun's clause, or what completes the verb after the noun is the
    content).  Returns the cue's end, or None when nothing would be left of the
    content ("issued a statement.")."""
    if verb_lemma(verb) not in LIGHT_VERBS:
        return None
    noun = next((c for c in verb.rights if c.dep_ == "dobj"), None)
    if noun is None or noun.pos_ != "NOUN":
        return None
    doc = verb.doc
    prep = next(
        (c for c in noun.rights if c.dep_ == "prep" and any(g.dep_ in {"pobj", "pcomp"} for g in c.children)), None
    )
    clause = next(
        (
            c
            for c in noun.rights
            if c.dep_ in {"acl", "relcl", "ccomp"} and c.pos_ in {"VERB", "AUX"} and c.tag_ not in {"VBG", "VBN"}
        ),
        None,
    )
    if prep is not None and (clause is None or prep.i < clause.i):
        end = token_end(prep)
    elif clause is not None:
        last = max((t for t in doc[noun.i : clause.left_edge.i] if not t.is_punct), key=lambda t: t.i, default=noun)
        end = token_end(last)
    else:
        end = token_end(noun)
    text = text_of(doc)
    if not any(e > end and any(ch.isalnum() for ch in text[max(s, end) : e]) for s, e in content):
        return None
    return end


def _names_attitude(noun: Token) -> bool:
    return noun.lower_ in ATTITUDE_NOUNS or noun.lemma_.lower() in ATTITUDE_NOUNS


def _attitude_object(verb: Token, sent: Span) -> tuple[int, list[tuple[int, int]]] | None:
    """ "voiced her concerns about the plan", "expressed support for the bill":
    a light verb whose object names an attitude is one cue with the noun and its
    preposition (cue end returned); the preposition's object is the content, or
    without a preposition the noun's clause ("expressed a desire to meet him")."""
    if verb_lemma(verb) not in VOICING_VERBS:
        return None
    objects = [c for c in verb.rights if c.dep_ == "dobj" and _names_attitude(c)]
    if not objects:
        return None
    noun = objects[0]
    preps = [c for c in noun.rights if c.dep_ == "prep" and c.lower_ in ATTITUDE_PREPS and c.i - noun.i <= 2]
    if not preps:
        # "expressed a desire to", "showed no sign that": the noun's clause is the
        # content (train: 6 more gold cues matched, none lost).
        clause = next(
            (
                c
                for c in noun.rights
                if c.dep_ in {"acl", "ccomp"}
                and c.left_edge.i == noun.i + 1
                and any(m.dep_ in {"mark", "aux"} and m.lower_ in {"that", "to"} for m in c.lefts)
            ),
            None,
        )
        if clause is None:
            return None
        start, end = trim_chars(text_of(verb.doc), *content_from_clause(clause, sent))
        return (token_end(noun), [(start, end)]) if end > start else None
    prep = preps[0]
    targets = [c for c in prep.children if c.dep_ in {"pobj", "pcomp"}]
    if not targets:
        return None
    start, end = trim_chars(text_of(verb.doc), *subtree_bounds(targets[0], sent))
    return (token_end(prep), [(start, end)]) if end > start else None


def find_quote_frames(sent: Span, taken: set[int], quoted: list[tuple[int, int]]) -> list[RawAttribution]:
    """ "“They are all here for the free stuff,” Bennett shot back." A quotation
    closed by a comma, question or exclamation mark and followed at once by a
    subject and its verb (or the verb and its subject) frames the quotation,
    whatever the verb: it is the speaker's cue.  The quotation must open the
    sentence (or run on from an earlier one; ``quoted`` are the sentence's quoted
    regions): a quoted title in mid-sentence ("a new chapter of “Twin Peaks,”
    the cult series that went off the air") frames nothing.  Verbs already used
    are skipped."""
    doc = sent.doc
    found: list[RawAttribution] = []
    first_char = sent[0].idx
    for mark in sent:
        if mark.text not in CLOSING_MARKS or mark.i == sent.start or mark.i + 2 >= sent.end:
            continue
        if not any(qs <= first_char + 2 and qe == token_end(mark) for qs, qe in quoted):
            continue
        if doc[mark.i - 1].text not in {",", "?", "!", "—"}:
            continue
        verb = next((t for t in doc[mark.i + 1 : min(mark.i + 8, sent.end)] if t.pos_ == "VERB"), None)
        if verb is None or verb.i in taken or verb_lemma(verb) in {"be", "have"}:
            continue
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if not subjects or not (mark.i < subjects[0].left_edge.i or subjects[0].i > verb.i):
            continue
        between = doc[mark.i + 1 : verb.i]
        if any(
            t.pos_ in {"VERB", "AUX"} or t.text in {",", ";", ":"}
            for t in between
            if t.i < subjects[0].left_edge.i or t.i > subjects[0].right_edge.i
        ):
            continue
        source = subjects[0]
        if source.lower_ in {"who", "which", "that"}:
            continue  # "a show called “X,” which stars Y": a title, not a quotation framed by its speaker
        content_start, content_end = trim_chars(text_of(doc), doc[sent.start].idx, mark.idx)
        if content_end - content_start < 3:
            continue
        found.append(_framed_quotation("speech_frame_fronted", verb, source, (content_start, content_end), sent))
    return found


def _framed_quotation(rule: str, verb: Token, source: Token, content: tuple[int, int], sent: Span) -> RawAttribution:
    """The attribution of a quotation to the speaker and verb that frame it."""
    source_start, source_end = mention_bounds(source, sent)
    cue_start, cue_end = cue_extent(verb, _particle(verb), [(source_start, source_end), content])
    return RawAttribution(rule, cue_start, cue_end, source, source_start, source_end, [content], verb_lemma(verb))


# A quotation a frame introduces (", “" or ": “"); a single ‘ there is mostly an apostrophe.
FRAME_OPENING_MARKS = frozenset({"“", '"', "``", "«"})


def _verb_before(colon: Token, sent: Span) -> Token | None:
    """The verb whose phrase a colon ends ("sent supporters a message saying:",
    "are obliged to disclose:"): the nearest verb before it, when every word
    between them belongs to that verb's phrase."""
    doc = colon.doc
    for i in range(colon.i - 1, max(sent.start, colon.i - 10) - 1, -1):
        if doc[i].pos_ == "VERB":
            verb = doc[i]
            if verb.right_edge.i >= colon.i - 1 and all(
                verb in t.ancestors for t in doc[i + 1 : colon.i] if not t.is_punct
            ):
                return verb
            return None
        if doc[i].pos_ == "AUX" or doc[i].text in {",", ";", ":", "—"}:
            return None
    return None


def find_quote_openers(sent: Span, taken: set[int]) -> list[RawAttribution]:
    """ "Hannity interjected: “So you’re saying ...?”", "Henry tweeted, “…”": a
    subject and its verb followed at once by a comma or colon and an opening
    quotation mark introduce that quotation, whatever the verb (the parser
    often hangs such a verb inside the quotation's own clauses).  Its content
    runs to the closing mark, or to the end of the sentence."""
    doc = sent.doc
    found: list[RawAttribution] = []
    for mark in sent:
        if mark.text not in {",", ":"} or mark.i + 2 >= sent.end or doc[mark.i + 1].text not in FRAME_OPENING_MARKS:
            continue
        verb = _verb_before(mark, sent) if mark.text == ":" else doc[mark.i - 1] if mark.i > sent.start else None
        if verb is None or verb.pos_ != "VERB" or verb.i in taken or verb_lemma(verb) in {"be", "have"}:
            continue
        subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i]
        if subjects:
            source: Token | None = subjects[0]
            how = "opening"
        else:
            # "Respondents are obliged to disclose: “…”": the subject of the verb it depends on.
            source, how = _source_of(verb, sent) if verb.i < mark.i - 1 or verb.dep_ == "xcomp" else (None, "")
            how = "colon"
        if source is None or source.pos_ not in {"PROPN", "NOUN", "PRON"} or source.lower_ in {"who", "which", "that"}:
            continue
        opening = doc[mark.i + 1]
        closing = next((t for t in doc[opening.i + 1 : sent.end] if t.text in CLOSING_MARKS - {"’"}), None)
        content_end = closing.idx if closing is not None else token_end(doc[sent.end - 1])
        content_start, content_end = trim_chars(text_of(doc), token_end(opening), content_end)
        if content_end - content_start < 3:
            continue
        found.append(_framed_quotation(f"speech_frame_{how}", verb, source, (content_start, content_end), sent))
    return found


# Verbs that report a quotation split off before them ("“Hey, hey! Ho, ho!” /
# some protesters chanted", "“…?” / Hannity pressed."), besides the speech
# verbs; "press", "cry", "scream": train +4 right / -1 wrong pairs.
SPLIT_QUOTATION_VERBS = frozenset({"chant", "read", "question", "press", "cry", "scream"})


def find_bare_report(sent: Span, *, split_from_quotation: bool = False) -> RawAttribution | None:
    """A short sentence that is only a report ("Trump said.", "Renteria told
    reporters during the call."): its content is the quotation before it, which
    the engine attaches afterwards (rule ``speech_after_quote``).
    ``split_from_quotation``: the sentence splitter cut it from a quotation
    ending in "?”", "!”" or ",”" ("“Is it two? Three?” / Clinton asks as a
    maintenance guy walks in ..."), so it may be long."""
    verb = sent.root
    statement = _introduced_statement(sent)
    said = _said_to_introduce(sent)
    if said is not None:
        return said
    verbs = SPEECH_VERBS | SPLIT_QUOTATION_VERBS if split_from_quotation else SPEECH_VERBS
    if verb.pos_ != "VERB" or (verb_lemma(verb) not in verbs and statement is None):
        return None
    # Longer only when the report opens the sentence and an aside follows it
    # ("LeVell declared, a point he likes to make after ...").
    opens = verb.i - sent.start <= 3 and verb.i + 1 < sent.end and sent.doc[verb.i + 1].text == ","
    opens = opens or (split_from_quotation and verb.i - sent.start <= 6)
    if sum(1 for t in sent if not t.is_punct) > 12 and not opens and statement is None:
        return None
    if any(c.dep_ in CLAUSE_DEPS | {"xcomp", "parataxis"} for c in verb.children):
        return None
    source, _how = _source_of(verb, sent)
    if source is None or source.i > verb.i + 3:
        return None
    source_start, source_end = mention_bounds(source, sent)
    cue_start, cue_end = cue_extent(verb, _particle(verb), [(source_start, source_end)])
    if statement is not None and statement.i > verb.i:
        cue_end = max(cue_end, statement.idx + len(statement.text))
    return RawAttribution(
        "speech_after_quote", cue_start, cue_end, source, source_start, source_end, [], verb_lemma(verb)
    )


def _said_to_introduce(sent: Span) -> RawAttribution | None:
    """ "She went on to say:" ending its paragraph: the speech verb is the
    root's complement, the cue runs from the root to it (train: 4 more right
    (sentence, source) pairs, none wrong; dev unchanged)."""
    verb = sent.root
    if not sent.text.rstrip().endswith(":") or verb.pos_ != "VERB":
        return None
    said = next((c for c in verb.children if c.dep_ == "xcomp" and verb_lemma(c) in SPEECH_VERBS), None)
    if said is None or any(c.dep_ in CLAUSE_DEPS | {"dobj"} for c in said.children):
        return None
    source, _how = _source_of(verb, sent)
    if source is None or source.i > verb.i:
        return None
    source_start, source_end = mention_bounds(source, sent)
    return RawAttribution(
        "speech_after_quote", verb.idx, token_end(said), source, source_start, source_end, [], verb_lemma(said)
    )


TRANSCRIPT_INTRO = re.compile(r"^((?:partial|full|complete|video)\s+)?transcripts?\s+(?:is\s+)?as\s+follows\s*:$", re.I)


def find_transcript_intro(sent: Span) -> RawAttribution | None:
    """ "Transcript as follows:" (Breitbart's video pieces): the transcript is
    the source and "as follows:" the cue of the paragraphs it introduces, which
    the engine attaches afterwards (rule ``speech_transcript_follows``).  On
    train: 82 more right (sentence, source) pairs, none wrong (a transcript
    whose turns carry speaker labels is left to the labels)."""
    words = [t for t in sent if not t.is_space]
    if not words or not TRANSCRIPT_INTRO.match(sent.text.strip()):
        return None
    as_word = next(t for t in words if t.lower_ == "as")
    source = next(t for t in words if t.lower_.startswith("transcript"))
    return RawAttribution(
        "speech_transcript_follows",
        as_word.idx,
        token_end(words[-1]),
        source,
        words[0].idx,
        token_end(source),
        [],
        "follow",
    )


INTRODUCED_STATEMENT_NOUNS = frozenset({"statement", "remarks", "message", "note", "letter", "comment", "comments"})


def _introduced_statement(sent: Span) -> Token | None:
    """A sentence ending with a colon that introduces what follows by a cue verb
    ("Ruiz echoed:") or by naming it ("Ruiz released the following statement:"):
    the statement noun (else the verb itself)."""
    verb = sent.root
    if not sent.text.rstrip().endswith(":"):
        return None
    statement = next(
        (c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in INTRODUCED_STATEMENT_NOUNS), None
    )
    if statement is not None:
        return statement
    return verb if verb_lemma(verb) in CUE_VERBS else None


def _fronted_phrase_comma(to: Token, source: Token, host: Token) -> Token | None:
    """ "According to the audit, Mills and an aide asked ...": a fronted phrase
    ends at its comma even when the parser runs the object into the clause's
    subject ("the audit, Mills and an aide")."""
    if host.i < to.i:
        return None
    doc = to.doc
    for i in range(source.i + 1, min(source.right_edge.i, host.i) + 1):
        if doc[i].text == ",":
            return doc[i]
    return None


def find_according_to(sent: Span) -> list[RawAttribution]:
    """ "according to X": X is the source; the clause it modifies is the content."""
    found: list[RawAttribution] = []
    doc = sent.doc
    for token in sent:
        if token.lower_ != "according" or token.i + 1 >= sent.end or doc[token.i + 1].lower_ != "to":
            continue
        to = doc[token.i + 1]
        objects = [c for c in to.children if c.dep_ == "pobj"]
        if not objects:
            continue
        source = objects[0]
        source_start, source_end = mention_bounds(source, sent)
        phrase_start = token.idx
        phrase_end = max(token_end(doc[min(source.right_edge.i, sent.end - 1)]), source_end)
        # The clause "according to" modifies; the whole sentence when it hangs off a noun.
        host = token.head
        while host.pos_ not in {"VERB", "AUX"} and host.dep_ != "ROOT" and host.head.i != host.i:
            host = host.head
        comma = _fronted_phrase_comma(to, source, host)
        if comma is not None:
            source_end = min(source_end, trim_chars(text_of(doc), source_start, comma.idx)[1])
            phrase_end = comma.idx
        if host.pos_ in {"VERB", "AUX"} and host.dep_ not in {"ROOT"}:
            whole = (doc[max(host.left_edge.i, sent.start)].idx, token_end(doc[min(host.right_edge.i, sent.end - 1)]))
        else:
            whole = (doc[sent.start].idx, token_end(doc[sent.end - 1]))
        content = _without([whole], [(phrase_start, phrase_end)])
        content = [trim_chars(text_of(doc), s, e) for s, e in content]
        content = [(s, e) for s, e in content if e - s > 1]
        if not content:
            continue
        found.append(
            RawAttribution(
                "according_to", token.idx, token_end(to), source, source_start, source_end, content, "according to"
            )
        )
    return found


def find_made_clear(sent: Span) -> list[RawAttribution]:
    """ "He made (it) clear that X", "She has made no secret of X": the idiom is
    the cue, what follows "clear" (or the object of "of") the content."""
    found: list[RawAttribution] = []
    doc = sent.doc
    for verb in sent:
        if verb.pos_ != "VERB" or verb_lemma(verb) != "make":
            continue
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if not subjects:
            continue
        window = doc[verb.i + 1 : min(verb.i + 4, sent.end)]
        last = next((t for t in window if t.lower_ == "clear" and t.head.i == verb.i), None)
        content_start: int | None = None
        if last is not None:
            content_start = last.i + 1
            if content_start < sent.end and doc[content_start].lower_ == "that":
                content_start += 1
        else:
            secret = next((t for t in window if t.lower_ == "secret" and t.dep_ == "dobj"), None)
            if secret is None or not any(c.lower_ == "no" for c in secret.children):
                continue
            preps = [c for c in secret.rights if c.dep_ == "prep" and c.lower_ == "of"]
            if not preps:
                continue
            last = preps[0]
            content_start = last.i + 1
        right = min(verb.right_edge.i, sent.end - 1)
        if content_start > right:
            continue
        start, end = trim_chars(text_of(doc), doc[content_start].idx, token_end(doc[right]))
        if end - start < 3:
            continue
        source = subjects[0]
        source_start, source_end = mention_bounds(source, sent)
        found.append(
            RawAttribution(
                "stance_made_clear",
                verb.idx,
                token_end(last),
                source,
                source_start,
                source_end,
                [(start, end)],
                "make clear",
            )
        )
    return found


# "In a CNN/ORC poll released Monday, 31% said ...": PolNeAR takes the poll as
# the source of the finding and "in" as its cue.
POLL_NOUNS = frozenset({"poll", "survey"})


def find_poll_findings(sent: Span) -> list[RawAttribution]:
    """ "In the latest poll, Clinton leads": the poll is the source, the clause
    the phrase modifies is the content."""
    found: list[RawAttribution] = []
    doc = sent.doc
    for prep in sent:
        # Only a phrase that opens the sentence frames the finding: "In the poll, ...".
        if prep.lower_ != "in" or prep.dep_ != "prep" or any(not t.is_punct for t in doc[sent.start : prep.i]):
            continue
        objects = [c for c in prep.children if c.dep_ == "pobj" and c.lemma_.lower() in POLL_NOUNS]
        if not objects:
            continue
        host = prep.head
        if host.pos_ not in {"VERB", "AUX"}:
            continue
        raw = _poll_phrase_attribution("according_poll", prep, objects[0], host, sent, up_to_phrase=False)
        if raw is not None:
            found.append(raw)
    return found


def _poll_phrase_attribution(
    rule: str, prep: Token, source: Token, host: Token, sent: Span, *, up_to_phrase: bool
) -> RawAttribution | None:
    """The poll as source, "in" as cue and the clause ``host`` heads, without
    the poll phrase, as content; with ``up_to_phrase`` the content stops where
    a phrase after the verb begins."""
    doc = sent.doc
    source_start, source_end = mention_bounds(source, sent)
    phrase = (prep.idx, max(token_end(doc[min(source.right_edge.i, sent.end - 1)]), source_end))
    whole = subtree_bounds(host, sent)
    if up_to_phrase and phrase[0] > host.idx:
        whole = (whole[0], min(whole[1], phrase[0]))
    content = [trim_chars(text_of(doc), s, e) for s, e in _without([whole], [phrase])]
    content = [(s, e) for s, e in content if e - s > 1]
    if not content:
        return None
    return RawAttribution(rule, prep.idx, token_end(prep), source, source_start, source_end, content, "in")


def _poll_object(prep: Token) -> Token | None:
    """The poll a preposition names: "in the latest poll", "in the average of
    state polls" (the average stands for its polls)."""
    for child in prep.children:
        if child.dep_ != "pobj":
            continue
        if child.lemma_.lower() in POLL_NOUNS:
            return child
        for of in child.children:
            if (
                of.dep_ == "prep"
                and of.lower_ == "of"
                and any(g.dep_ == "pobj" and g.lemma_.lower() in POLL_NOUNS for g in of.children)
            ):
                return child
    return None


# Roles of the word a mid-sentence poll phrase hangs on that make the phrase
# a finding of its clause ("has a lead in the polls", "is ahead in a survey").
POLL_HOST_DEPS = frozenset({"dobj", "attr", "acomp", "advmod", "npadvmod", "prep", "pobj", "oprd"})


def find_poll_results(sent: Span) -> list[RawAttribution]:
    """ "Clinton led Sanders 2-1 in a new poll", "Trump has a lead in the
    latest survey": a poll phrase inside the clause (not opening it, see
    ``find_poll_findings``) makes the poll the source of the clause it sits in;
    "in" is the cue.  A phrase on the subject ("voters in the poll said") or on
    a reporting verb is left to that verb."""
    found: list[RawAttribution] = []
    doc = sent.doc
    for prep in sent:
        if prep.lower_ != "in" or prep.dep_ != "prep" or all(t.is_punct for t in doc[sent.start : prep.i]):
            continue
        source = _poll_object(prep)
        # "in the polls", "in national polls": standing in the polls at large,
        # which PolNeAR annotates as a finding less than one time in five.
        if source is None or source.tag_ in {"NNS", "NNPS"}:
            continue
        host = prep.head
        while host.pos_ not in {"VERB", "AUX"} and host.dep_ in POLL_HOST_DEPS and host.head.i != host.i:
            host = host.head
        if host.pos_ not in {"VERB", "AUX"} or verb_lemma(host) in CUE_VERBS:
            continue
        # The finding is the clause up to the phrase ("Clinton led Sanders 2-1
        # in a poll released Monday, a gain of ..."): what follows is commentary.
        raw = _poll_phrase_attribution("according_poll_inside", prep, source, host, sent, up_to_phrase=True)
        if raw is not None:
            found.append(raw)
    return found


# "in his view", "in the senator's opinion": whose view the clause gives.
VIEW_NOUNS = frozenset({"view", "opinion", "estimation", "words"})


def find_view_phrases(sent: Span) -> list[RawAttribution]:
    """ "The plan, in the mayor's view, would cost too much": the possessor of
    "view" is the source, the noun the cue and the clause the phrase modifies
    (without the phrase) the content."""
    doc = sent.doc
    found: list[RawAttribution] = []
    for noun in sent:
        if noun.lower_ not in VIEW_NOUNS or noun.dep_ != "pobj" or noun.head.lower_ != "in":
            continue
        prep = noun.head
        owners = [c for c in noun.children if c.dep_ == "poss"]
        if not owners or prep.dep_ != "prep":
            continue
        host = prep.head
        while host.pos_ not in {"VERB", "AUX"} and host.head.i != host.i:
            host = host.head
        if host.pos_ not in {"VERB", "AUX"}:
            continue
        source = owners[0]
        source_start, source_end = mention_bounds(source, sent)
        phrase = (prep.idx, token_end(doc[min(prep.right_edge.i, sent.end - 1)]))
        content = [trim_chars(text_of(doc), s, e) for s, e in _without([subtree_bounds(host, sent)], [phrase])]
        content = [(s, e) for s, e in content if e - s > 1]
        if not content:
            continue
        found.append(
            RawAttribution(
                "according_view", noun.idx, token_end(noun), source, source_start, source_end, content, "view"
            )
        )
    return found


def _without(spans: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Subtract the hole intervals from the spans."""
    result = list(spans)
    for hole_start, hole_end in holes:
        if hole_end <= hole_start:
            continue
        pieces: list[tuple[int, int]] = []
        for start, end in result:
            if hole_end <= start or hole_start >= end:
                pieces.append((start, end))
                continue
            if start < hole_start:
                pieces.append((start, hole_start))
            if hole_end < end:
                pieces.append((hole_end, end))
        result = pieces
    return result


def subtract(spans: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return _without(spans, holes)


def has_quote(text: str) -> bool:
    return any(ch in QUOTE_CHARS and ch != "'" for ch in text)


def _prepositional_object(verb: Token, preps: frozenset[str]) -> tuple[Token, Token] | None:
    """(preposition, its object) for "called for X", within a few words of the verb."""
    for child in verb.rights:
        if child.dep_ in {"prep", "prt"} and child.lower_ in preps and child.i - verb.i <= 3:
            objects = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
            if objects:
                return child, objects[0]
    return None


def _for_clause(verb: Token) -> tuple[Token, Token] | None:
    """("for", the clause's verb) in "called for the mayor to resign": the
    parser makes "for" the mark of an infinitive clause right after the verb."""
    doc = verb.doc
    if verb.i + 1 >= len(doc) or doc[verb.i + 1].lower_ != "for" or doc[verb.i + 1].dep_ != "mark":
        return None
    clause = doc[verb.i + 1].head
    if clause.head.i != verb.i or clause.dep_ not in {"advcl", "ccomp", "xcomp"}:
        return None
    return doc[verb.i + 1], clause


def find_prepositional_cues(sent: Span, taken: set[int]) -> list[RawAttribution]:
    """ "X called for a ban", "X spoke about the economy": the object of the
    preposition is the content.  Verbs already used as cues are skipped."""
    found: list[RawAttribution] = []
    for verb in sent:
        if verb.pos_ != "VERB" or verb.i in taken:
            continue
        preps = PREPOSITIONAL_CUES.get(verb_lemma(verb))
        if not preps:
            continue
        pair = _prepositional_object(verb, preps)
        clause = _for_clause(verb) if pair is None and "for" in preps else None
        if pair is None and clause is None:
            continue
        source, source_how = _source_of(verb, sent)
        if (source is None and source_how != "questioned") or (clause is not None and source_how != "subject"):
            continue
        source_start, source_end = mention_bounds(source, sent) if source is not None else (-1, -1)
        cue_start, verb_start = verb.idx, -1
        governed = (_governing_verb(verb) if source_how == "inherited" else None) or _governed_cue_start(
            verb, source_how
        )
        if governed is not None and not governed.idx < source_end <= verb.idx:
            cue_start, verb_start = governed.idx, verb.idx
        if clause is not None:
            prep, clause_head = clause
            whole = subtree_bounds(clause_head, sent)
            content = [trim_chars(text_of(sent.doc), token_end(prep), whole[1])]
            source_how = f"{source_how}_clause"
        elif pair is not None:
            prep, obj = pair
            content = [trim_chars(text_of(sent.doc), *object_content(verb, obj, sent))]
        content = [(s, e) for s, e in content if e > s]
        if not content:
            continue
        found.append(
            RawAttribution(
                f"prep_{source_how}",
                cue_start,
                token_end(prep),
                source,
                source_start,
                source_end,
                content,
                verb_lemma(verb),
                verb_start=verb_start,
            )
        )
    return found


def _support_among(noun: Token, owner: Token, sent: Span) -> RawAttribution | None:
    """ "her broad support among the party's power brokers": the people "among"
    names hold the support and the possessor is what they support (PolNeAR:
    source = the "among" object, content = the possessor, cue = the noun with
    its adjectives).  Why: 6 of 6 such nouns are gold cues on PolNeAR train
    (train +5 right / -0 wrong cues, dev +1 / -0); other holders ("support from X") are
    gold cues less than a third of the time and have no content at hand."""
    if noun.lemma_.lower() != "support":
        return None
    among = next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ == "among"), None)
    objects = [c for c in among.children if c.dep_ == "pobj"] if among is not None else []
    if not objects:
        return None
    doc = sent.doc
    holder = objects[0]
    source_start, source_end = trim_chars(text_of(doc), *subtree_bounds(holder, sent))
    content_start, content_end = trim_chars(text_of(doc), doc[max(owner.left_edge.i, sent.start)].idx, token_end(owner))
    if source_end <= source_start or content_end <= content_start:
        return None
    return RawAttribution(
        "nominal",
        _topic_cue_start(noun),
        token_end(noun),
        holder,
        source_start,
        source_end,
        [(content_start, content_end)],
        noun.lemma_.lower(),
    )


def find_nominal_cues(sent: Span) -> list[RawAttribution]:
    """ "Trump's support for the wall": possessor = source, noun + preposition = cue."""
    found: list[RawAttribution] = []
    for noun in sent:
        if noun.pos_ != "NOUN":
            continue
        owners = [c for c in noun.children if c.dep_ == "poss"]
        if not owners:
            continue
        if noun.dep_ == "dobj" and _attitude_object(noun.head, sent):
            continue  # "shared their concerns about X": the verb's cue already holds the noun
        doc = sent.doc
        holders = _support_among(noun, owners[0], sent)
        if holders is not None:
            found.append(holders)
            continue
        preps = NOMINAL_CUES.get(noun.lower_) or NOMINAL_CUES.get(noun.lemma_.lower())
        pair = _prepositional_object(noun, preps) if preps else None
        if pair is not None:
            cue_last, obj = pair
            content = [trim_chars(text_of(doc), *subtree_bounds(obj, sent))]
        elif noun.lemma_.lower() in CLAUSE_NOUNS:
            # "his claim that X", "her promise to Y": the clause the noun governs.
            clauses = [c for c in noun.rights if c.dep_ in {"acl", "ccomp"} and c.pos_ in {"VERB", "AUX"}]
            if not clauses:
                continue
            cue_last = noun
            content = [trim_chars(text_of(doc), *content_from_clause(clauses[0], sent))]
        else:
            continue
        owner = owners[0]
        # "Trump's" -> "Trump": the possessive ending is not part of the name.
        left = max(owner.left_edge.i, sent.start)
        right = owner.i
        source_start, source_end = trim_chars(text_of(doc), doc[left].idx, token_end(doc[right]))
        content = [(s, e) for s, e in content if e > s]
        if not content or source_end <= source_start:
            continue
        found.append(
            RawAttribution(
                "nominal", noun.idx, token_end(cue_last), owner, source_start, source_end, content, noun.lower_
            )
        )
    return found


def _topic_preposition(noun: Token, preps: frozenset[str]) -> tuple[Token, Token] | None:
    """(preposition, its object) right after the noun ("criticism of X", "calls for Y")."""
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ in preps and child.i - noun.i <= 2:
            objects = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
            if objects:
                return child, objects[0]
    return None


def _that_clause(noun: Token) -> Token | None:
    """The verb of the noun's "that" clause ("the suggestion that X ...")."""
    for child in noun.rights:
        clause = child.dep_ in {"acl", "ccomp"} and child.pos_ in {"VERB", "AUX"}
        if clause and any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children):
            return child
    return None


TOPIC_MODIFIER_DEPS = frozenset({"det", "amod", "advmod", "nummod", "neg"})


def _topic_cue_start(noun: Token) -> int:
    return noun.doc[_topic_cue_start_index(noun)].idx


def _topic_cue_start_index(noun: Token) -> int:
    """Where a topic noun's cue starts: at its determiner and adjectives ("the
    sharp criticism of"), as PolNeAR marks them; a light verb before the noun
    ("made an impassioned call for") lowered the rule's cue precision from
    0.63 to 0.61 on PolNeAR train and is left out."""
    first = noun
    for child in noun.lefts:
        if child.dep_ in TOPIC_MODIFIER_DEPS and noun.i - child.left_edge.i <= 4:
            first = min(first, child.left_edge, key=lambda t: t.i)
    return first.i


# Nouns of a stance against something that its object "draws" or "faces" from someone.
DRAWN_STANCE_NOUNS = frozenset({"criticism", "opposition"})
# Verbs whose subject receives it ("rejected criticism from X" is a stance of its own).
DRAWING_VERBS = frozenset(
    {"draw", "face", "receive", "attract", "get", "earn", "meet", "encounter", "spark", "provoke", "prompt", "invite"}
)


def _criticism_drawn(noun: Token, sent: Span, taken: set[int]) -> RawAttribution | None:
    """ "The proposal has drawn harsh criticism from fellow hopefuls": the
    "from" object voices the stance and the verb's subject is what it is about;
    cue = the noun with its adjectives and "from".  Why: such nouns are gold
    cues 10 times in 14 on PolNeAR train, with that source every time ("support
    from", "attacks from", "pressure from" are gold cues a third of the time or
    less and stay out).  Measured on train: cue +6 right / -4 wrong, source
    +10 / -0, content +7 / -3 (dev cue +1 / -0)."""
    if noun.lemma_.lower() not in DRAWN_STANCE_NOUNS or noun.dep_ != "dobj" or noun.head.lemma_ not in DRAWING_VERBS:
        return None
    # "from" hangs on the noun or, as the parser often has it, on the verb right after the noun.
    after = [*noun.rights, *(c for c in noun.head.rights if c.i > noun.i)]
    source_prep = next((c for c in after if c.dep_ == "prep" and c.lower_ == "from" and c.i - noun.i <= 2), None)
    holders = [c for c in source_prep.children if c.dep_ == "pobj"] if source_prep is not None else []
    subjects = [c for c in noun.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if not holders or not subjects or source_prep is None or source_prep.i in taken or noun.i in taken:
        return None
    doc = sent.doc
    source_start, source_end = trim_chars(text_of(doc), *subtree_bounds(holders[0], sent))
    content_start, content_end = trim_chars(text_of(doc), *subtree_bounds(subjects[0], sent))
    if source_end <= source_start or content_end <= content_start:
        return None
    # When the verb is already a cue ("has drawn"), the cue runs from it, as PolNeAR
    # marks it, and takes the verb's place (engine.analyse drops the verb's own report).
    verb = noun.head
    first = noun.doc[_topic_cue_start_index(noun)]
    if verb.i in taken:
        first = min(
            [verb, *(c for c in verb.lefts if c.dep_ in {"aux", "advmod"} and verb.i - c.i <= 2)], key=lambda t: t.i
        )
    return RawAttribution(
        "nominal_topic",
        first.idx,
        token_end(source_prep),
        holders[0],
        source_start,
        source_end,
        [(content_start, content_end)],
        noun.lemma_.lower(),
    )


def find_topic_nouns(sent: Span, taken: set[int]) -> list[RawAttribution]:
    """ "criticism of the deal", "the suggestion that he lied": a statement or
    stance noun without a possessor; noun (+ preposition) is the cue, the
    preposition's object or the "that" clause the content, the source unnamed.
    Possessed nouns are find_nominal_cues' and nouns in other cues are skipped.
    Why: about 320 PolNeAR train cues are such bare nouns; the cue is right 100
    times in 154 for the preposition form and 36 in 49 for the clause form on
    train (cue F1 73.5 -> 73.8, source unchanged)."""
    found: list[RawAttribution] = []
    doc = sent.doc
    for noun in sent:
        if noun.pos_ != "NOUN" or noun.i in taken or any(c.dep_ == "poss" for c in noun.children):
            continue
        lemma = noun.lemma_.lower()
        drawn = _criticism_drawn(noun, sent, taken)
        if drawn is not None:
            found.append(drawn)
            continue
        preps = TOPIC_NOUNS.get(lemma)
        pair = _topic_preposition(noun, preps) if preps else None
        clause = _that_clause(noun) if pair is None and lemma in THAT_CLAUSE_NOUNS else None
        if pair is not None:
            cue_last, obj = pair
            if cue_last.i in taken:
                continue
            content = [trim_chars(text_of(doc), *subtree_bounds(obj, sent))]
            rule = "nominal_topic"
        elif clause is not None:
            cue_last = noun
            content = [trim_chars(text_of(doc), *content_from_clause(clause, sent))]
            rule = "nominal_that"
        else:
            continue
        content = [(s, e) for s, e in content if e > s]
        if not content or any(t.i in taken for t in sent if any(s <= t.idx < e for s, e in content)):
            continue  # a report inside the content outranks the noun (the nesting would drop it)
        found.append(RawAttribution(rule, _topic_cue_start(noun), token_end(cue_last), None, -1, -1, content, lemma))
    return found


HEADLINE_NON_VERBS = frozenset({"states", "attacks", "claims", "remarks", "plans", "wants"})
HEADLINE_CONTENT_STOPS = frozenset({":", ",", ";", "—", "--", "–"})


def _headline_verb_lemma(token: Token) -> str | None:
    """ "Endorses" -> "endorse", "Slams" -> "slam": the cue verb a title-case
    third-person form spells, whatever the tagger made of it."""
    word = token.lower_
    if not word.endswith("s") or word in HEADLINE_NON_VERBS:
        return None
    stems = [word[:-1], word[:-2]] + ([word[:-3] + "y"] if word.endswith("ies") else [])
    return next((stem for stem in stems if stem in CUE_VERBS), None)


def _title_case(sent: Span) -> bool:
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.text[0].isupper() for t in words) >= 0.7 * len(words)


def find_headline_verbs(sent: Span, taken: set[int]) -> list[RawAttribution]:
    """ "Conservative Icon Morton Blackwell Endorses Ted Cruz": in a title-case
    headline the tagger reads the capitalised verb as a name.  The name right
    before it is the source, the words after it (to a colon or comma) the
    content.  Why: the cue is right 19 times in 21 on PolNeAR train (source F1
    80.5 -> 80.6, cue 73.9 -> 74.0); "States", "Attacks", "Claims" are mostly
    nouns there and are left out."""
    found: list[RawAttribution] = []
    if not _title_case(sent):
        return found
    doc = sent.doc
    for token in sent:
        if token.i in taken or token.i == sent.start or token.pos_ not in {"PROPN", "NOUN"}:
            continue
        if not token.text[0].isupper() or doc[token.i - 1].pos_ != "PROPN":
            continue
        lemma = _headline_verb_lemma(token)
        if lemma is None:
            continue
        first = token.i - 1
        while first - 1 >= sent.start and doc[first - 1].pos_ == "PROPN" and doc[first - 1].text[0].isupper():
            first -= 1
        last = token.i
        while last + 1 < sent.end and doc[last + 1].text not in HEADLINE_CONTENT_STOPS:
            last += 1
        if last == token.i:
            continue
        content = [trim_chars(text_of(doc), token_end(token), token_end(doc[last]))]
        content = [(s, e) for s, e in content if any(ch.isalpha() for ch in text_of(doc)[s:e])]
        source_start, source_end = trim_chars(text_of(doc), doc[first].idx, token_end(doc[token.i - 1]))
        if not content or source_end <= source_start or any(t.i in taken for t in doc[token.i + 1 : last + 1]):
            continue  # a cue after the verb is the headline's own report
        found.append(
            RawAttribution(
                "speech_headline_verb",
                token.idx,
                token_end(token),
                doc[token.i - 1],
                source_start,
                source_end,
                content,
                lemma,
            )
        )
    return found


ADJECTIVE_PREPS = frozenset({"of", "about", "on", "with", "to", "toward", "towards", "at", "by", "in"})


def find_adjective_cues(sent: Span) -> list[RawAttribution]:
    """ "Republicans are skeptical of the deal", "She was eager to respond": the
    copula's subject is the source, copula + adjective (+ preposition) the cue,
    the adjective's complement the content."""
    found: list[RawAttribution] = []
    doc = sent.doc
    for adjective in sent:
        if adjective.pos_ != "ADJ" or adjective.dep_ != "acomp" or adjective.lower_ not in ADJECTIVE_CUES:
            continue
        copula = adjective.head
        subjects = [c for c in copula.children if c.dep_ == "nsubj"]
        if not subjects or subjects[0].lower_ in {"it", "there"}:
            continue
        cue_last = adjective
        content: list[tuple[int, int]] = []
        for child in adjective.rights:
            if child.dep_ in {"xcomp", "ccomp"}:
                content = [content_from_clause(child, sent)]
            elif child.dep_ == "prep" and child.lower_ in ADJECTIVE_PREPS:
                objects = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
                if objects:
                    content = [subtree_bounds(objects[0], sent)]
                    cue_last = child
            if content:
                break
        content = [trim_chars(text_of(doc), s, e) for s, e in content]
        content = [(s, e) for s, e in content if e > s]
        if not content:
            continue
        source = subjects[0]
        source_start, source_end = mention_bounds(source, sent)
        cue_start = copula.idx if copula.i < adjective.i and copula.i > source.i else adjective.idx
        found.append(
            RawAttribution(
                "stance_adjective",
                cue_start,
                token_end(cue_last),
                source,
                source_start,
                source_end,
                content,
                adjective.lower_,
            )
        )
    return found


# Labels before a colon that name no speaker: an interview's "Q:"/"A:" (PolNeAR
# does not attribute interview turns by their letters) and a news page's rubrics
# (a "Correction:" or "Clarification:" notice is the paper's, not a speaker's).
RUBRIC_WORDS = frozenset(
    [
        "breaking",
        "update",
        "latest",
        "watch",
        "video",
        "photos",
        "related",
        "opinion",
        "analysis",
        "exclusive",
        "editorial",
        "email",
        "daily",
        "live",
        "recap",
        "so",
        "now",
        "note",
        "news",
        "correction",
        "clarification",
    ]
)


def _not_a_speaker_label(tokens: list[Token]) -> bool:
    words = [t for t in tokens if not t.is_space]
    if len(words) == 1 and (len(words[0].text) == 1 or words[0].pos_ in {"ADV", "CCONJ", "SCONJ", "INTJ", "ADP"}):
        return True
    # A page rubric ("Breaking:", "The Latest:", "Related video:") is made of
    # rubric words only; a name that contains one ("NY Daily News:", "Judicial
    # Watch:") still speaks.
    return all(t.lower_ in RUBRIC_WORDS or t.pos_ == "DET" for t in words)


def _headline_person(head_tokens: list[Token]) -> Span | None:
    """ "Carly Fiorina Endorses Ted Cruz: ...", "Clinton Wades In: ...": a
    person's name opening a longer title-case headline is the source, not the
    whole headline (the tagger reads the capitalised verb as a name)."""
    first = head_tokens[0]
    if first.ent_type_ != "PERSON" or first.ent_iob_ != "B":
        return None
    person = next((ent for ent in first.doc.ents if ent.start == first.i), None)
    if person is None or person.end > head_tokens[-1].i:
        return None
    return person


def find_colon_cue(sent: Span) -> list[RawAttribution]:
    """Headline style "Graham: Trump's rhetoric is destroying the party": a short
    name before a colon at the start of the sentence is the source."""
    doc = sent.doc
    words = [t for t in sent if not t.is_space]
    if 2 <= len(words) <= 5 and words[-1].text == ":":
        # A transcript's speaker label alone: "FALLIN:".  Its content is the rest
        # of the paragraph, which the engine attaches (rule ``colon_label``).
        head_tokens = [t for t in words[:-1] if not t.is_punct]
        if (
            head_tokens
            and not _not_a_speaker_label(head_tokens)
            and all(t.pos_ in {"PROPN", "NOUN"} or t.text[:1].isupper() for t in head_tokens)
        ):
            source = max(head_tokens, key=lambda t: (t.pos_ == "PROPN", t.i))
            source_start, source_end = trim_chars(text_of(doc), head_tokens[0].idx, token_end(head_tokens[-1]))
            colon = words[-1]
            return [
                RawAttribution("colon_label", colon.idx, token_end(colon), source, source_start, source_end, [], ":")
            ]
    limit = min(sent.start + 6, sent.end - 3)
    for token in doc[sent.start : limit]:
        if token.text != ":":
            continue
        head_tokens = [t for t in doc[sent.start : token.i] if not t.is_punct]
        if not head_tokens or any(t.pos_ in {"VERB", "AUX"} for t in head_tokens):
            return []
        if _not_a_speaker_label(head_tokens):
            return []
        if not any(t.pos_ == "PROPN" for t in head_tokens) and not head_tokens[-1].text[:1].isupper():
            return []
        source = max(head_tokens, key=lambda t: (t.pos_ in {"PROPN", "NOUN"}, t.i))
        source_start, source_end = trim_chars(text_of(doc), head_tokens[0].idx, token_end(head_tokens[-1]))
        person = _headline_person(head_tokens)
        if person is not None:
            source = person.root
            source_start, source_end = person.start_char, person.end_char
        content_start, content_end = trim_chars(text_of(doc), token_end(token), token_end(doc[sent.end - 1]))
        if content_end - content_start < 8:
            return []
        return [
            RawAttribution(
                "colon_headline",
                token.idx,
                token_end(token),
                source,
                source_start,
                source_end,
                [(content_start, content_end)],
                ":",
            )
        ]
    return []


DIGEST_DASHES = frozenset({"-", "–", "—", "--"})


def find_digest_quote(sent: Span) -> RawAttribution | None:
    """A news digest's item, "MEDIA SHARES BLAME IN IOWA - HuffPollster: “Pollsters
    are taking ...”" (also "- More from Jones: “…", "From the report: “…"): a
    headline, a dash, a short name, a colon and an opening quotation mark.  The
    name is the source, the colon the cue, the quotation (to its closing mark,
    else to the end of the sentence) the content; the headline's own verbs
    report nothing.  On train (two HuffPollster digests): 67 more right
    (sentence, source) pairs, 10 fewer wrong; no digest in dev.  Unlike a name
    and colon in mid-sentence in general, the dash marks the name off from the
    headline."""
    doc = sent.doc
    for colon in sent:
        if colon.text != ":":
            continue
        opening = next((t for t in doc[colon.i + 1 : sent.end] if not t.is_space), None)
        if opening is None or opening.i + 1 >= sent.end or opening.text not in FRAME_OPENING_MARKS:
            continue
        name = _digest_name(doc[max(sent.start, colon.i - 7) : colon.i], sent)
        if not name:
            continue
        heads = [t for t in name if t.pos_ == "PROPN" or (t.pos_ == "NOUN" and t.text[:1].isupper())]
        heads = heads or [t for t in name if t.pos_ == "NOUN" and name[0].lower_ == "the"]
        if not heads:
            continue
        closing = next((t for t in doc[opening.i + 1 : sent.end] if t.text in CLOSING_MARKS - {"’"}), None)
        content_end = closing.idx if closing is not None else token_end(doc[sent.end - 1])
        content_start, content_end = trim_chars(text_of(doc), token_end(opening), content_end)
        if content_end - content_start < 3:
            continue
        return RawAttribution(
            "colon_digest_quote",
            colon.idx,
            token_end(colon),
            heads[-1],
            name[0].idx,
            token_end(name[-1]),
            [(content_start, content_end)],
            ":",
        )
    return None


def _digest_name(before_colon: Span, sent: Span) -> list[Token]:
    """The name between a digest item's dash (or its opening "From") and its
    colon, without a "More from" or "From" before it; [] when there is none."""
    tokens = [t for t in before_colon if not t.is_space]
    dash = next((i for i in range(len(tokens) - 1, -1, -1) if tokens[i].text[:1] in DIGEST_DASHES), None)
    if dash is not None:
        # "-More from Blumenthal": the tokenizer glues the dash to "More".
        glued = tokens[dash].text.lstrip("-–—").lower()
        if glued not in {"", "more"}:
            return []
        lead, name = [glued] if glued else [], tokens[dash + 1 :]
    elif tokens and tokens[0].i == sent.start and tokens[0].lower_ == "from":
        lead, name = [], tokens  # "From the report: “…”" opening the sentence
    else:
        return []
    words = lead + [t.lower_ for t in name]
    prefix = 2 if words[:2] == ["more", "from"] else 1 if words[:1] == ["from"] else 0
    name = name[max(0, prefix - len(lead)) :]
    if not name or any(t.pos_ in {"VERB", "AUX"} for t in name):
        return []
    if name[0].lower_ == "the" and len(name) <= 3 and all(t.is_lower for t in name):
        return name  # "the report"
    if not all(t.text[:1].isupper() or t.lower_ in {"and", "of"} for t in name):
        return []
    return name


# "X is widely expected to win", "he was asked about Y", "the plan was criticized":
# PolNeAR marks an agentless passive of these verbs as an attribution whose
# source is left unnamed. Other verbs' agentless passives ("was released",
# "is scheduled") are annotated too rarely to be worth predicting.
AGENTLESS_PASSIVE_CUES = frozenset(
    {
        "know",
        "ask",
        "expect",
        "say",
        "criticize",
        "accuse",
        "project",
        "portray",
        "question",
        "regard",
        "view",
        "describe",
    }
)
# "The senator reportedly met donors": the writer relays an unnamed report.
HEARSAY_ADVERBS = frozenset({"reportedly"})


def _seen_as(verb: Token) -> bool:
    """ "is seen as a front-runner": a judgement held by people left unnamed."""
    return verb_lemma(verb) == "see" and any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children)


def _opening_asked(token: Token, sent: Span) -> bool:
    """ "Asked about X, ...", "When asked if X, ...": a subjectless participle
    clause that opens the sentence."""
    if token.lower_ != "asked" or token.dep_ != "advcl":
        return False
    if any(c.dep_ in {"nsubj", "nsubjpass", "auxpass", "aux"} for c in token.children):
        return False
    lead = {c.i for c in token.children if c.dep_ in {"advmod", "mark"}}
    return all(t.is_punct or t.i in lead for t in sent.doc[sent.start : token.i])


def find_unnamed_reports(sent: Span, taken: set[int]) -> list[RawAttribution]:
    """Agentless passives of report and stance verbs and "reportedly": the cue
    is the verb group ("is widely expected") or the adverb, the content the rest
    of the clause; there is no source."""
    found: list[RawAttribution] = []
    doc = sent.doc
    for token in sent:
        if token.i in taken:
            continue
        if token.lower_ in HEARSAY_ADVERBS and token.dep_ == "advmod":
            first = last = token
            clause = token.head
            rule = "stance_unnamed_adverb"
        elif _opening_asked(token, sent):
            # "Asked whether X, she said ...": the question is an attribution of
            # its own, its asker unnamed.
            first = last = clause = token
            rule = "stance_unnamed_asked"
        elif (
            token.pos_ == "VERB"
            and (verb_lemma(token) in AGENTLESS_PASSIVE_CUES or _seen_as(token))
            and any(c.dep_ == "auxpass" for c in token.children)
            and not any(c.dep_ == "agent" for c in token.children)
        ):
            group = [c for c in token.children if c.dep_ in {"aux", "auxpass", "neg", "advmod"} and c.i < token.i]
            first = min([token, *group], key=lambda t: t.i)
            last = token
            clause = token
            rule = "stance_unnamed_passive"
        else:
            continue
        if any(t.i in taken for t in doc[first.i : last.i + 1]):
            continue
        cue = (first.idx, token_end(last))
        whole = subtree_bounds(clause, sent)
        content = [trim_chars(text_of(doc), s, e) for s, e in _without([whole], [cue])]
        content = [(s, e) for s, e in content if e - s > 2]
        if not content:
            continue
        found.append(RawAttribution(rule, cue[0], cue[1], None, -1, -1, content, verb_lemma(token)))
    return found
