"""Word lists of general English news writing (not taken from any corpus)."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Verbs that report speech or writing: their clause complement is the content.
SPEECH_VERBS = _words(
    """say tell add continue report claim state note argue write ask announce declare explain
    insist warn acknowledge admit confirm deny reveal recall conclude testify assert stress
    emphasize emphasise complain tweet post suggest contend reply respond answer
    observe mention remark joke quip predict promise vow pledge urge caution estimate
    indicate disclose allege boast concede counter charge proclaim reiterate repeat
    speculate surmise theorize comment inform assure order demand propose
    recommend hint imply contend affirm reaffirm clarify elaborate describe
    detail outline announce opine lament scoff retort shout yell whisper grumble
    muse wonder tout brag plead forecast"""
)

# Verbs of belief, stance and perception that PolNeAR-style attribution also
# covers ("believes that", "wants to", "backs the plan").
STANCE_VERBS = _words(
    """believe want hope fear expect worry doubt suspect
    agree disagree support back oppose endorse criticize criticise praise blame accuse
    reject dismiss question defend attack blast slam condemn welcome applaud
    favor favour prefer refuse decline seek plan intend
    call label dub brand find show suggest demonstrate
    cite acknowledge dispute challenge deny vow threaten
    seem appear offer express discuss denounce remind echo list portray
    mock compare highlight promote aim nominate
    credit hail bemoan thank decry deem recognize identify name read learn convince think
    reference quote invoke know request see consider view address encourage understand email
    decide embrace sign share retweet chant realize contemplate remember recount guess
    congratulate contrast paint voice characterize characterise disavow envision liken"""
)
# Verbs of cognition and perception ("think", "know", "see") are mostly
# conversational asides inside quotations, where cues are not taken; outside
# quotations, with a source and a content, they were right more than half of
# the time on PolNeAR train.  Verbs right less than 30% of the time there
# ("maintain", "prove", "signal", "advise") are left out.

CUE_VERBS = SPEECH_VERBS | STANCE_VERBS

# Verbs whose direct object (not only a clause) is the content: "backs the plan".
OBJECT_CONTENT_VERBS = _words(
    """support back oppose endorse criticize criticise praise blame reject dismiss question
    defend attack blast slam condemn welcome applaud favor favour prefer like love hate
    dislike want seek cite accept dispute challenge deny call label dub brand describe
    propose urge demand recommend announce tweet post write report reveal predict promise
    vow pledge fear expect mention blame accuse ask order show find demonstrate indicate
    offer express discuss denounce echo list portray mock compare highlight
    promote nominate
    credit hail bemoan thank decry deem recognize identify name read learn convince think
    reference quote invoke know request see consider view address encourage understand email
    decide embrace sign share retweet chant realize contemplate remember recount guess
    congratulate contrast paint voice characterize characterise disavow envision liken"""
)

# Particles that belong to the cue: "pointed out", "went on", "called for".
# Where or on what occasion something was said ("at a rally", "during the debate").
OCCASION_NOUNS = _words(
    """rally event debate interview speech show program programme meeting conference hearing session
    campaign trail appearance visit stop town hall forum broadcast podcast statement tweet post video
    remarks address floor stage radio television tv network panel committee convention caucus primary"""
)

CUE_PARTICLES = _words("out on up for to about")

# Verbs that only count as cues with a particle ("point out", "go on").
PARTICLE_ONLY_CUES = {"point": "out", "go": "on", "spell": "out", "lay": "out", "sum": "up"}

NEWS_AGENCIES = frozenset(
    name.lower()
    for name in [
        "Interfax",
        "Reuters",
        "AP",
        "Associated Press",
        "The Associated Press",
        "AFP",
        "Agence France-Presse",
        "Agence France Presse",
        "TASS",
        "ITAR-TASS",
        "RIA Novosti",
        "RIA",
        "Xinhua",
        "Bloomberg",
        "Kyodo",
        "Yonhap",
        "ANSA",
        "EFE",
        "dpa",
        "PTI",
        "UPI",
        "Press Association",
        "PA",
        "Anadolu",
        "IRNA",
        "Ukrinform",
        "Civil.ge",
        "Novosti",
        "Prime-Tass",
        "Regnum",
        "Sputnik",
        "Apsny",
        "Apsnypress",
        "Itar-Tass",
    ]
)

# Heads that mark a news outlet when they end an organisation's name.
OUTLET_HEADS = _words(
    """times post journal news tribune guardian telegraph herald gazette globe observer
    independent mail mirror sun express chronicle examiner inquirer star economist
    magazine newspaper daily weekly radio television tv channel network broadcaster
    kommersant izvestia vedomosti politico axios breitbart cnn bbc nbc abc cbs msnbc fox
    npr pbs hill atlantic slate salon vox buzzfeed huffpost"""
)
OUTLET_NAMES = _words(
    """cnn bbc nbc abc cbs msnbc npr pbs politico axios breitbart kommersant izvestia
    vedomosti rustavi-2 imedi"""
)

GOVERNMENT_HEADS = _words(
    """authorities government administration ministry kremlin cabinet parliament
    congress senate house duma department presidency embassy regime state leadership
    officials police military army navy prosecutors prosecutor"""
)

ANONYMOUS_HEADS = _words("reports report sources source rumors rumours insiders")

PERSON_NOUNS = _words(
    """man woman spokesman spokeswoman spokesperson minister president senator candidate
    official aide adviser advisor chairman chairwoman chair director secretary governor
    mayor leader lawyer attorney analyst expert professor economist general commander
    ambassador diplomat envoy judge representative congressman congresswoman speaker
    premier chancellor king queen prince nominee strategist manager pollster voter
    resident witness colleague friend father mother son daughter wife husband"""
)

HONORIFICS = _words("mr mr. mrs mrs. ms ms. dr dr. miss sir dame")

# Titles that may precede a name and are kept as the role ("President Medvedev").
TITLE_WORDS = _words(
    """president vice prime minister secretary senator sen. rep. representative gov.
    governor general gen. lt. col. maj. capt. sgt. adm. admiral colonel major captain
    sergeant chancellor premier king queen prince judge justice mayor ambassador
    chairman chairwoman director commander chief deputy foreign defense defence
    interior finance state attorney speaker leader pope bishop rev. father sheikh"""
)

PERSONAL_PRONOUNS = {
    "he": "person",
    "she": "person",
    "him": "person",
    "her": "person",
    "i": "person",
    "we": "group",
    "they": "group",
    "it": "institution",
    "you": "person",
    "who": "relative",
    "which": "relative",
    "that": "relative",
}

# Determiners that make a definite description point back ("those reports").
ANAPHORIC_DETERMINERS = _words("the those these that this such")

HEDGES = _words(
    """may might could perhaps possibly probably likely unlikely seem seems seemed appear
    appears appeared allegedly reportedly apparently suggest suggests maybe unclear
    believe believes think thinks hope hopes feel feels"""
)
OPINION_WORDS = _words(
    """should must ought good bad great terrible wonderful awful best worst wrong right
    important disgraceful shameful beautiful ridiculous absurd outrageous fantastic
    horrible tremendous disaster stupid smart"""
)
PROCEDURAL_WORDS = _words(
    """meeting meet met interview contacted comment reached respond conference
    statement press briefing visit visited"""
)

# Verbs whose prepositional object is the content ("called for a ban",
# "spoke about the economy", "voted against the bill").
PREPOSITIONAL_CUES: dict[str, frozenset[str]] = {
    lemma: frozenset(preps.split())
    for lemma, preps in {
        "refer": "to",
        "describe": "as",
        "characterize": "as",
        "tell": "about",
        "distance": "from",
        "balk": "at",
        "call": "for on",
        "talk": "about",
        "speak": "about of",
        "ask": "about for",
        "point": "to",
        "focus": "on",
        "warn": "of about against",
        "vote": "for against",
        "agree": "with",
        "side": "with",
        "rail": "against",
        "comment": "on",
        "joke": "about",
        "worry": "about",
        "complain": "about",
        "apologize": "for",
        "apologise": "for",
        "boast": "of about",
        "weigh": "on",
        "lash": "at",
        "write": "about",
        "believe": "in",
        "care": "about",
        "push": "for",
        "argue": "for against",
        "campaign": "for against",
        "advocate": "for",
        "press": "for",
        "hint": "at",
        "allude": "to",
        "reflect": "on",
        "insist": "on",
        "testify": "about",
        "brag": "about",
        "fret": "about",
        "rant": "about",
        "muse": "about",
        "elaborate": "on",
        "disagree": "with",
        "object": "to",
        "express": "",
        "criticize": "for",
        "blame": "for",
        "accuse": "of",
        "praise": "for",
        "thank": "for",
        "attack": "for",
        "credit": "with",
        "open": "about",
        "tweet": "about",
        "post": "about",
        "remark": "on",
        "reminisce": "about",
        "wonder": "about",
    }.items()
    if preps
}

# Nouns that report a stance of their possessor ("Trump's support for the wall").
# "embrace of", "critique of", "campaign against" were added later: train +9
# right / -4 wrong cues (possessed, uncovered nouns of these shapes are gold
# cues 4 in 7, 3 in 7 and 4 in 6 times on PolNeAR train).
NOMINAL_CUES: dict[str, frozenset[str]] = {
    noun: frozenset(preps.split())
    for noun, preps in {
        "support": "of",
        "opposition": "to",
        "attack": "on",
        "criticism": "of",
        "endorsement": "of",
        "call": "for",
        "calls": "for",
        "praise": "for of",
        "defense": "of",
        "defence": "of",
        "rejection": "of",
        "view": "of",
        "views": "of",
        "concern": "about over",
        "concerns": "about over",
        "claim": "of about",
        "claims": "of about",
        "warning": "of about",
        "warnings": "of about",
        "comments": "about on",
        "remarks": "about on",
        "statement": "on about",
        "promise": "of",
        "pledge": "of",
        "demand": "for",
        "demands": "for",
        "accusation": "of",
        "accusations": "of",
        "allegations": "of",
        "questions": "about",
        "embrace": "of",
        "critique": "of",
        "campaign": "against",
    }.items()
}

# Nouns naming an attitude, the object of a light verb that voices it ("expressed
# concern about X", "voiced support for X"): verb, noun and preposition are one cue.
# ("showed no sign of", "offered his opinion on", "shared his zeal for", "show an
# understanding of", "expressed a desire to": sign ... wish were added later, +11 matched gold cues on train.)
ATTITUDE_NOUNS = _words(
    "concern concerns worry worries fear fears doubt doubts interest support opposition displeasure "
    "frustration anger outrage dismay disappointment enthusiasm skepticism scepticism optimism "
    "condolences congratulations sympathy gratitude appreciation admiration regret regrets "
    "thoughts belief confidence objection objections reservations misgivings disdain contempt "
    "need hope hopes sign signs inclination opinion opinions zeal respect understanding desire wish"
)
ATTITUDE_PREPS = _words("about over for with in on of to toward towards against at")
# The light verbs that voice such an attitude (other verbs report something about
# it: "announced his support for" keeps the bare verb as cue on PolNeAR train).
VOICING_VERBS = _words("express voice share offer post show tweet")
# Light verbs whose object names the act itself ("took a swing at", "made the case
# for", "issued a statement on", "unveiled a proposal to"): PolNeAR's cue runs
# through the noun, and through its preposition when that preposition's object
# is the content.  Verbs measured one by one on PolNeAR train; "offer", "show",
# "share", "post", "write", "deliver" split about evenly and stay bare.
LIGHT_VERBS = _words("make take issue release publish launch unveil sound provide present avoid email send")

# Adjectives of stance after a copula ("is skeptical of", "was eager to"):
# the copula's subject holds the stance and the adjective's complement is its
# content.  Adjectives right less than half the time on PolNeAR train with a
# subject and a complement ("likely", "sure", "willing", "able", "confident")
# are left out.  "aware", "unaware", "concerned", "worried", "unhappy",
# "pleased", "convinced", "divided", "unified" were added later: 24 right
# cues in 29 on train (source F1 80.4 -> 80.5, content 71.2 -> 71.3).
ADJECTIVE_CUES = _words(
    """eager critical quick skeptical sceptical hopeful reluctant optimistic pessimistic
    inclined supportive wary adamant upbeat outspoken enamored devoted frustrated
    impressed upset angry aware unaware concerned worried unhappy pleased convinced
    divided unified"""
)

# Nouns whose clause is their possessor's statement or stance ("his claim that
# X", "her promise to Y").  "desire" was added later: train +2 right / -1 wrong.
# "decision", "plan", "refusal", "proposal", "attempt" with a possessor and a
# to-infinitive are gold cues only 0.15-0.29 of the time on train and stay out.
CLAUSE_NOUNS = _words(
    """claim assertion suggestion insistence argument contention belief promise pledge vow
    warning hope view desire"""
)

# Numbers written as words ("7,600 troops" is a quantity; so is "three weeks ago").
WORD_NUMBERS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "dozen": 12,
    "hundred": 100,
}

# Nouns that name a statement or stance without a possessor ("criticism of the
# deal", "calls for a ban", "doubts about his health"): noun + preposition is the
# cue, the preposition's object the content, the source unnamed.  Kept pairs are
# inside a gold cue at least about half the time on PolNeAR train when no other
# cue covers them (each listed pair 0.45-1.0; "support among" 0.40 and "attack
# against" 0.40 were left out).  "questions about" (0.40 by that count) is kept:
# as a cue it is right 25 times in 43 on train (cue F1 73.8 -> 73.9).
# "accusation of" and "footage of" were added later: train +5 right / -3 wrong.
TOPIC_NOUNS: dict[str, frozenset[str]] = {
    noun: frozenset(preps.split())
    for noun, preps in {
        "endorsement": "of",
        "criticism": "of for on over",
        "reference": "to",
        "doubt": "about",
        "opposition": "to",
        "mention": "of",
        "call": "for",
        "defense": "of",
        "comment": "about",
        "talk": "about",
        "chant": "of",
        "opinion": "of",
        "backing": "of",
        "message": "about",
        "decision": "on",
        "word": "for about",
        "joke": "about",
        "praise": "for",
        "debate": "about",
        "conversation": "about",
        "hope": "for",
        "critic": "of",
        "anxiety": "about",
        "consensus": "on",
        "question": "about",
        "accusation": "of",
        "footage": "of",
    }.items()
}

# Nouns whose "that" clause is a statement or stance of someone unnamed ("the
# suggestion that X", "complaints that Y"): right about two times in three on
# PolNeAR train when no other cue covers them ("claim", "argument", "allegation"
# and "rumor" were right two times in five and are left out).
THAT_CLAUSE_NOUNS = _words(
    """suggestion complaint statement doubt hope confidence assertion assumption admission
    speculation agreement concern belief"""
)
