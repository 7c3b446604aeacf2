"""Unit tests for the engine's pieces: dates, quantities, coreference, relay
chains, quote kinds, cue detection and check-worthiness ordering."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from claims.extraction import Extractor
from claims.extraction.checkworthiness import checkworthiness
from claims.extraction.cues import after_markup
from claims.extraction.dates import find_dates
from claims.extraction.engine import quote_kind, quoted_regions
from claims.extraction.sentences import chunk_bounds

PUBLISHED = dt.date(2008, 9, 9)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("said on September 9.", "2008-09-09"),
        ("said on Sept. 9, 2007.", "2007-09-09"),
        ("In late August, agencies reported", "2008-08"),
        ("Reports also said last month that", "2008-08"),
        ("He said yesterday", "2008-09-08"),
        ("she said on Monday", "2008-09-08"),
        ("as reported in December", "2007-12"),  # a month after publication is last year's
        ("he said last year", "2007"),
        ("he said last week", "2008-09"),  # 1-7 September
        ("she said two days ago", "2008-09-07"),
        ("as reported three weeks ago", "2008-08"),
    ],
)
def test_dates_resolve_against_the_publication_date(text: str, expected: str) -> None:
    assert [d.value for d in find_dates(text, PUBLISHED)][:1] == [expected]


def test_a_week_across_two_months_is_only_a_year() -> None:
    assert [d.value for d in find_dates("he said last week", dt.date(2008, 9, 3))] == ["2008-08"]  # 25-31 Aug
    assert [d.value for d in find_dates("he said last week", dt.date(2008, 10, 8))] == ["2008"]  # 29 Sep - 5 Oct
    assert [d.value for d in find_dates("he said last week", dt.date(2009, 1, 7))] == []  # 29 Dec - 4 Jan


def test_relative_dates_need_a_publication_date() -> None:
    assert find_dates("He said last month that", None) == []
    assert [d.value for d in find_dates("on 9 September 2008", None)] == ["2008-09-09"]


def test_the_modal_may_is_not_a_month() -> None:
    assert find_dates("Officials may visit the region", PUBLISHED) == []


def test_quantities_carry_units_multipliers_and_per_markers(extractor: Extractor) -> None:
    text = "The fund paid $2.5 million, 40 percent of it to 3 towns, 120 soldiers per town."
    sentence = extractor.extract(text).sentences[0]
    found = {(q.value, q.unit) for q in sentence.quantities}
    assert (2_500_000.0, "USD") in found
    assert (40.0, "percent") in found
    assert (120.0, "soldiers") in found
    soldiers = next(q for q in sentence.quantities if q.unit == "soldiers")
    assert soldiers.per is not None and soldiers.per.text == "per town"


def test_dates_are_not_quantities(extractor: Extractor) -> None:
    sentence = extractor.extract("The treaty was signed on September 9, 2008.").sentences[0]
    assert sentence.quantities == ()


def test_pronouns_and_surnames_resolve_to_the_full_name(extractor: Extractor) -> None:
    text = (
        "Maria Keller, the finance minister, said that taxes would fall. "
        "She added that wages would rise. "
        "Keller told reporters the budget was balanced."
    )
    names = [s.attributions[0].speaker.name for s in extractor.extract(text).sentences]
    assert names == ["Maria Keller"] * 3
    roles = [s.attributions[0].speaker.role for s in extractor.extract(text).sentences]
    assert roles == ["finance minister"] * 3


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        (
            "At the town hall in Denver, a young farmer who had been a student in Ohio asked the senator what he thought of the plan.",
            "a young farmer who had been a student in Ohio",
        ),
        (
            "Tom Reed, whose education at the University of Tampa was paid for by the Army because he was in the Reserve Officers’ Training Corps (ROTC) program, said he liked it.",
            "Tom Reed, whose education at the University of Tampa was paid for by the Army because he was in the Reserve Officers’ Training Corps (ROTC) program",
        ),
    ],
)
def test_a_name_phrase_the_parser_made_a_clause_is_still_the_speaker(
    extractor: Extractor, text: str, mention: str
) -> None:
    attribution = extractor.extract(text).sentences[0].attributions[0]
    assert attribution.speaker.mention is not None and attribution.speaker.mention.text == mention


def test_a_speaker_after_the_quotation_made_subject_of_a_later_verb(extractor: Extractor) -> None:
    text = "“We should oppose that,” said Jim Hale, a member of the rules panel, told reporters last month."
    attribution = extractor.extract(text).sentences[0].attributions[0]
    assert attribution.speaker.mention is not None and attribution.speaker.mention.text.startswith("Jim Hale")
    assert attribution.cue.text == "said"
    assert "oppose" in " ".join(c.text for c in attribution.content)


def test_a_typewriter_quotation_inside_the_subject_phrase_keeps_the_subject(extractor: Extractor) -> None:
    text = "Mr. Ward, citing ''the sheer luck of it,'' said the candidate could win in the fall."
    attribution = extractor.extract(text).sentences[0].attributions[0]
    assert attribution.speaker.name == "Ward" or attribution.speaker.name == "Mr. Ward"


def test_a_title_before_the_name_is_the_role(extractor: Extractor) -> None:
    sentence = extractor.extract("President Dmitry Medvedev said the war was over.").sentences[0]
    speaker = sentence.attributions[0].speaker
    assert (speaker.name, speaker.kind, speaker.role) == ("Dmitry Medvedev", "person", "President")


def test_according_to_a_news_agency_after_a_speech_verb_is_a_relay(extractor: Extractor) -> None:
    text = "The minister said that talks would resume, according to Reuters."
    attribution = extractor.extract(text).sentences[0].attributions[0]
    assert attribution.speaker.mention is not None and attribution.speaker.mention.text == "The minister"
    assert [(h.name, h.kind, h.cue) for h in attribution.via] == [("Reuters", "news_agency", "according to")]
    assert "Reuters" not in " ".join(c.text for c in attribution.content)


def test_according_to_alone_makes_its_object_the_speaker(extractor: Extractor) -> None:
    attribution = extractor.extract("According to the police, the suspect fled north.").sentences[0].attributions[0]
    assert attribution.cue is not None and attribution.cue.text == "According to"
    assert attribution.speaker.kind == "government"
    assert attribution.via == ()
    assert attribution.content[0].text == "the suspect fled north"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("“We will not retreat,” the general said.", "direct"),
        ("The general said the army would hold “every inch” of the valley.", "partial"),
        ("The general said the army would hold the valley.", "indirect"),
    ],
)
def test_quote_kinds(extractor: Extractor, text: str, kind: str) -> None:
    assert extractor.extract(text).sentences[0].attributions[0].quote == kind


def test_quote_kind_of_no_content_is_none() -> None:
    assert quote_kind("anything", []) == "none"


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Lavrov pointed out that the agreements envisage assistance.", "pointed out"),
        ("The ministry claimed that the base was closed.", "claimed"),
        ("Cooperation is also envisaged, he continued.", "continued"),
        ("She told journalists that the border would open.", "told"),
        ("The senator believes that the bill will pass.", "believes"),
        # Source-less attributions PolNeAR marks: agentless passives, "Asked ...", "reportedly".
        ("The mayor was asked about the closure of the plant on Monday.", "was asked"),
        ("The governor is seen as the favorite in the race.", "is seen"),
        ("Asked whether the plant would close, the mayor shrugged.", "Asked"),
        ("The company reportedly cut two hundred jobs in March.", "reportedly"),
    ],
)
def test_cues_are_detected(extractor: Extractor, text: str, cue: str) -> None:
    attributions = extractor.extract(text).sentences[0].attributions
    assert [a.cue.text for a in attributions if a.cue] == [cue]


def test_a_sentence_nobody_is_cited_for_has_no_attribution(extractor: Extractor) -> None:
    assert extractor.extract("There is a port in this district of the region.").sentences[0].attributions == ()


def test_continuing_verbs_are_not_speech(extractor: Extractor) -> None:
    text = "The base was never closed, with the military continuing to use it."
    assert extractor.extract(text).sentences[0].attributions == ()


def test_checkworthiness_ranks_specific_numeric_claims_above_opinion_and_procedure() -> None:
    def score(text: str, **features: bool) -> float:
        defaults = {"has_quantity": False, "has_entity": False, "has_date": False, "is_attributed": False}
        return checkworthiness(text, **{**defaults, **features})

    numeric = score(
        "Russia will keep a total of 7,600 troops in Abkhazia and South Ossetia, the minister said on September 9.",
        has_quantity=True,
        has_entity=True,
        has_date=True,
        is_attributed=True,
    )
    factual = score("Moscow had established diplomatic relations with Tskhinvali and Sokhumi.", has_entity=True)
    hedged = score("The talks may perhaps resume at some point, it seems.")
    opinion = score("I think this is a terrible and shameful decision.")
    procedural = score("The ministry declined to comment.")
    assert numeric > factual > hedged
    assert factual > opinion
    assert factual > procedural
    assert all(0.0 <= s <= 1.0 for s in (numeric, factual, hedged, opinion, procedural))


def test_chunks_cover_long_text_exactly() -> None:
    text = ("word " * 50 + "\n") * 400
    bounds = chunk_bounds(text, 5_000)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(bounds))
    assert all(end - start <= 5_000 for start, end in bounds)


def test_abbreviations_and_initials_do_not_end_sentences(extractor: Extractor) -> None:
    text = "Gen. John F. Smith met U.S. officials in Sept. 2008 at the base.\nMr. Brown said it went well."
    sentences = extractor.extract(text).sentences
    assert [s.text for s in sentences] == [
        "Gen. John F. Smith met U.S. officials in Sept. 2008 at the base.",
        "Mr. Brown said it went well.",
    ]


def test_a_closing_quote_stays_with_its_sentence(extractor: Extractor) -> None:
    text = "He said: “We are ready.” Then he left."
    sentences = [s.text for s in extractor.extract(text).sentences]
    assert sentences[0].endswith("ready.”")


def test_a_quotation_of_several_sentences_is_one_statement(extractor: Extractor) -> None:
    text = "“The border will open. Trade will resume in May,” the minister said. Prices fell."
    first, second, third = extractor.extract(text).sentences
    (continuation,) = first.attributions
    (attributed,) = second.attributions
    assert continuation.cue is None and continuation.quote == "direct"
    assert continuation.speaker.mention == attributed.speaker.mention
    assert (continuation.content, continuation.continues) == ((), 1)
    assert [c.text for c in attributed.content] == ["The border will open.", "Trade will resume in May"]
    assert third.attributions == ()


def test_a_quotation_closed_by_a_later_cue_outranks_the_previous_speaker(extractor: Extractor) -> None:
    text = (
        "Senator Jane Roe said the vote was close. “I do not think anyone would say no. "
        "They all know the numbers,” Mr. Portman said."
    )
    sentences = extractor.extract(text).sentences
    assert [a.speaker.mention.text for a in sentences[1].attributions if a.speaker.mention] == ["Mr. Portman"]


def test_a_relative_clause_is_part_of_the_mention_as_written(extractor: Extractor) -> None:
    text = "“The numbers do not add up,” said Elmendorf, who supports Clinton but is not working for her."
    (attribution, *_) = extractor.extract(text).sentences[0].attributions
    assert attribution.speaker.name == "Elmendorf"
    assert attribution.speaker.mention.text == "Elmendorf, who supports Clinton but is not working for her"


@pytest.mark.parametrize(
    ("text", "cues"),
    [("The senator wants to support the bill.", ["wants to"]), ("Voters who would back the plan are few.", [])],
)
def test_a_stance_not_yet_taken_is_not_an_attribution(extractor: Extractor, text: str, cues: list[str]) -> None:
    assert [a.cue.text for a in extractor.extract(text).sentences[0].attributions if a.cue] == cues


def test_two_apostrophes_quote_like_double_quotes(extractor: Extractor) -> None:
    text = "''The numbers are bad,'' said Ms. Epstein. ''Nobody will fix them this year.''"
    first, second = extractor.extract(text).sentences
    (attributed,) = first.attributions
    (continuation,) = second.attributions
    assert attributed.speaker.mention.text == "Ms. Epstein"
    assert continuation.cue is None and continuation.speaker.mention == attributed.speaker.mention
    assert continuation.continues == 0
    assert [c.text for c in attributed.content] == ["The numbers are bad", "Nobody will fix them this year."]


def test_a_belief_inside_what_someone_said_is_not_a_second_source(extractor: Extractor) -> None:
    text = "Weaver told CNN on Tuesday that he believes the battle will continue until July."
    (attribution,) = extractor.extract(text).sentences[0].attributions
    assert (attribution.speaker.mention.text, attribution.cue.text) == ("Weaver", "told")


@pytest.mark.parametrize(
    ("text", "mention", "content"),
    [
        (
            "In both cases, Eric Trump said, the donations paid for the tournament.",
            "Eric Trump",
            ["In both cases", "the donations paid for the tournament"],
        ),
        ("“Technicals,” Bob said.", "Bob", ["Technicals"]),
        ("“It was a mistake,” I think, Mr. Daniloff said by telephone.", "Mr. Daniloff", ["It was a mistake"]),
    ],
)
def test_speaker_and_content_around_a_speech_verb(
    extractor: Extractor, text: str, mention: str, content: list[str]
) -> None:
    (attribution,) = extractor.extract(text).sentences[0].attributions
    assert attribution.speaker.mention.text == mention
    assert [c.text for c in attribution.content] == content


def test_a_report_of_what_someone_said_is_a_relay(extractor: Extractor) -> None:
    text = "Sergey Lavrov said the meeting had been useful, the ministry reported."
    attribution, relay = extractor.extract(text).sentences[0].attributions
    assert (attribution.speaker.name, attribution.cue.text) == ("Sergey Lavrov", "said")
    assert [(hop.mention.text, hop.cue) for hop in attribution.via] == [("the ministry", "reported")]
    # The ministry's report is an attribution too: what it reported is Lavrov's statement.
    assert (relay.speaker.mention.text, relay.cue.text) == ("the ministry", "reported")
    assert relay.content[0].text.startswith("Sergey Lavrov said")


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("A new poll shows Clinton with a double-digit lead.", "shows", "Clinton with a double-digit lead"),
        ("It is what the New York Times called a “rough week” for Trump.", "called", "a “rough week”"),
    ],
)
def test_object_and_predicate_contents(extractor: Extractor, text: str, cue: str, content: str) -> None:
    (attribution,) = extractor.extract(text).sentences[0].attributions
    assert attribution.cue.text == cue
    assert [c.text for c in attribution.content] == [content]


def test_a_person_reporting_someone_else_is_the_source(extractor: Extractor) -> None:
    text = "He promised to defeat Randolph, Frankel said."
    (attribution,) = extractor.extract(text).sentences[0].attributions
    assert (attribution.speaker.mention.text, attribution.cue.text) == ("Frankel", "said")


def test_a_report_split_from_its_quotation_takes_the_quotation(extractor: Extractor) -> None:
    text = "“Is that all there is?” “We need a new President -- FAST!” Trump said. The crowd cheered."
    sentences = extractor.extract(text).sentences
    *quoted, report, crowd = sentences
    (attribution,) = report.attributions
    assert (attribution.speaker.mention.text, attribution.cue.text) == ("Trump", "said")
    assert [c.text for c in attribution.content] == ["Is that all there is?", "We need a new President -- FAST!"]
    for sentence in quoted:
        assert [(a.cue, a.continues) for a in sentence.attributions] == [(None, report.index)]
    assert crowd.attributions == ()


def test_a_report_split_from_a_typewriter_quotation_takes_it(extractor: Extractor) -> None:
    text = (
        "The response was fast and fierce. ''Whoever opens the borders and supports uncontrolled immigration "
        "has no place pretending here!'' wrote a man calling himself Paul Paul. Another user disagreed."
    )
    report = next(s for s in extractor.extract(text).sentences if s.text.startswith("wrote"))
    (attribution,) = [a for a in report.attributions if a.cue is not None and a.cue.text == "wrote"]
    assert attribution.speaker.mention.text == "a man calling himself Paul Paul"
    assert [c.text for c in attribution.content] == [
        "Whoever opens the borders and supports uncontrolled immigration has no place pretending here!"
    ]


def test_a_report_of_the_quotation_before_it_replaces_its_reading_with_an_object(extractor: Extractor) -> None:
    text = "He looked up. ''Why should I not get help from them?'' he asked me. The room went quiet."
    report = next(s for s in extractor.extract(text).sentences if s.text.startswith("he asked"))
    (attribution,) = report.attributions
    assert (attribution.speaker.mention.text, attribution.cue.text) == ("he", "asked")
    assert [c.text for c in attribution.content] == ["Why should I not get help from them?"]


def test_a_report_after_the_tail_of_a_quotation_takes_the_whole_quotation(extractor: Extractor) -> None:
    text = (
        "Critics were loud online. \"It's not politically correct to say anything against migrants. "
        "We don't have freedom of opinion anymore. #Cologne,\" tweeted a German user from Hanover going by "
        "the handle Pulvermann. Proponents disagree."
    )
    report = next(s for s in extractor.extract(text).sentences if s.text.startswith("#Cologne"))
    (attribution,) = report.attributions
    assert (attribution.speaker.mention.text, attribution.cue.text) == (
        "a German user from Hanover going by the handle Pulvermann",
        "tweeted",
    )
    assert [c.text for c in attribution.content] == [
        "It's not politically correct to say anything against migrants.",
        "We don't have freedom of opinion anymore.",
        "#Cologne,",
    ]


def test_as_a_newspaper_reported(extractor: Extractor) -> None:
    text = "As POLITICO has reported, the cases included aggravating circumstances."
    (attribution,) = extractor.extract(text).sentences[0].attributions
    assert (attribution.speaker.mention.text, attribution.cue.text) == ("POLITICO", "has reported")
    assert [c.text for c in attribution.content] == ["the cases included aggravating circumstances"]


def test_a_scare_quote_continues_nobody(extractor: Extractor) -> None:
    text = "Mr. Trump said the border was open. He landed in Phoenix for a “policy address” on Monday."
    assert extractor.extract(text).sentences[1].attributions == ()


def test_any_verb_framing_a_quotation_is_its_cue(extractor: Extractor) -> None:
    text = "“They are all here for the free stuff,” Bennett shot back with a laugh."
    (attribution,) = extractor.extract(text).sentences[0].attributions
    assert (attribution.speaker.mention.text, attribution.cue.text) == ("Bennett", "shot back")
    assert [c.text for c in attribution.content] == ["They are all here for the free stuff"]


def test_a_quotation_resumed_after_the_cue_is_content_too(extractor: Extractor) -> None:
    text = "“To all the black girls all over the world,” Bond said, “Own your magic and rock your truth.”"
    (attribution,) = extractor.extract(text).sentences[0].attributions
    assert [c.text for c in attribution.content] == [
        "To all the black girls all over the world",
        "Own your magic and rock your truth",
    ]


def test_a_transcript_label_speaks_its_paragraph(extractor: Extractor) -> None:
    text = "TRUMP: We will win.\nFALLIN: Well, the nation needs unity. They want safe homes.\nThe interview ended."
    sentences = extractor.extract(text).sentences
    label = next(s for s in sentences if s.text.startswith("FALLIN"))
    (attribution,) = label.attributions
    assert (attribution.speaker.name, attribution.cue.text) == ("FALLIN", ":")
    turn = [s for s in sentences if s.index > label.index and s.start < text.index("\nThe interview")]
    assert turn and all(
        [(a.speaker.name, a.continues) for a in s.attributions] == [("FALLIN", label.index)] for s in turn
    )
    assert sentences[-1].attributions == ()


def test_a_hedge_has_a_cue_and_content_but_no_source(extractor: Extractor) -> None:
    (attribution,) = extractor.extract("The budget appears to have shrunk this year.").sentences[0].attributions
    assert attribution.cue is not None and attribution.cue.text == "appears"
    assert attribution.speaker.mention is None


@pytest.mark.parametrize(
    "text",
    [
        "Read the rest of the story at The New York Post.",
        "The county hired a consulting firm called Gavekal to review the plan.",
        "Many residents have trouble finding work after the plant closed.",
    ],
)
def test_a_sourceless_verb_that_reports_nothing_is_no_attribution(extractor: Extractor, text: str) -> None:
    assert extractor.extract(text).sentences[0].attributions == ()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("A recent CNN survey found broad support for background checks.", True),
        ("The senator found himself in trouble with donors.", False),
        ("Ms. Arnold helped found the group in 2014.", False),
        ("Mr. Sanders found a receptive audience in New Hampshire.", False),
    ],
)
def test_find_is_a_cue_only_for_a_finding(extractor: Extractor, text: str, found: bool) -> None:
    cues = [a.cue.text for a in extractor.extract(text).sentences[0].attributions if a.cue]
    assert ("found" in cues) is found


def test_as_time_continues_is_not_a_report(extractor: Extractor) -> None:
    text = "Mr. Trump is losing ground with women as the campaign continues, the poll shows."
    cues = [a.cue.text for a in extractor.extract(text).sentences[0].attributions if a.cue]
    assert "continues" not in cues


def test_embedded_tweet_markup_is_not_a_report(extractor: Extractor) -> None:
    text = 'The mayor thanked the firefighters:  <tweet pic="" author="mayor" timestamp="1449075600">Thank you all</tweet>.'
    cues = [a.cue.text for s in extractor.extract(text).sentences for a in s.attributions if a.cue]
    assert "tweet" not in cues


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The mayor said in a statement that the audit was routine.", "said in"),
        ("“It was routine,” the mayor wrote on Facebook.", "wrote on"),
        ("“It was routine,” the mayor said with a grin.", "said with"),
        ("The mayor said on Tuesday that the audit was routine.", "said"),
        ("The mayor said at a meeting with donors that the audit was routine.", "said"),
    ],
)
def test_a_channel_gives_the_cue_its_preposition_only(extractor: Extractor, text: str, cue: str) -> None:
    # PolNeAR's cue is "said" or "said in a statement" about as often: "said in" overlaps both by half.
    # The time and the place are never part of the cue.
    (attribution, *_) = extractor.extract(text).sentences[0].attributions
    assert attribution.cue is not None and attribution.cue.text == cue


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("The mayor declined to comment on the audit.", "declined to", "to comment on the audit"),
        ("The senator refused to endorse the governor.", "refused to", "to endorse the governor"),
    ],
)
def test_a_catenative_cue_takes_its_to(extractor: Extractor, text: str, cue: str, content: str) -> None:
    # PolNeAR marks "declined" and "declined to comment on" alike: "declined to" overlaps both by half.
    (attribution, *_) = extractor.extract(text).sentences[0].attributions
    assert attribution.cue is not None and attribution.cue.text == cue
    assert [c.text for c in attribution.content] == [content]


def test_a_hedged_report_keeps_its_subject(extractor: Extractor) -> None:
    (attribution, *_) = (
        extractor.extract("The senator seemed to confirm that the bill is dead.").sentences[0].attributions
    )
    assert attribution.speaker.mention is not None and attribution.speaker.mention.text == "The senator"


def test_a_relative_clause_that_reports_speech_is_not_part_of_the_mention(extractor: Extractor) -> None:
    text = "Ortiz, who said the audit was routine, said she expected no changes."
    mentions = [a.speaker.mention.text for a in extractor.extract(text).sentences[0].attributions if a.speaker.mention]
    assert "Ortiz" in mentions


def test_a_participle_takes_its_head_verbs_speaker(extractor: Extractor) -> None:
    text = "The governor praised the plan for schools and roads, saying it would help towns."
    attributions = extractor.extract(text).sentences[0].attributions
    saying = next(a for a in attributions if a.cue is not None and a.cue.text == "saying")
    assert saying.speaker.mention is not None and saying.speaker.mention.text == "The governor"


@pytest.mark.parametrize("text", ["Q: Will you run again next year?", "Breaking: The council votes on the budget."])
def test_interview_letters_and_rubrics_name_no_speaker(extractor: Extractor, text: str) -> None:
    assert extractor.extract(text).sentences[0].attributions == ()


def test_a_report_inside_a_quotation_is_not_a_bare_report(extractor: Extractor) -> None:
    text = "“The plan failed,” Ms. Epstein said. “That was a bad day, I tell you.”"
    second = extractor.extract(text).sentences[1]
    assert all(a.speaker.mention is None or a.speaker.mention.text != "I" for a in second.attributions)


def test_the_cue_keeps_the_one_word_before_its_verb(extractor: Extractor) -> None:
    text = (
        "Georgia has long claimed that the base was never closed. The minister has not said whether troops will stay."
    )
    first, second = extractor.extract(text).sentences
    assert first.attributions[0].cue.text == "long claimed"
    assert second.attributions[0].cue.text == "has not said"


def test_according_to_after_a_stance_verb_sources_the_whole_clause(extractor: Extractor) -> None:
    text = "Most farmers view the new tariff favorably, according to a county survey."
    attributions = extractor.extract(text).sentences[0].attributions
    according = next(a for a in attributions if a.cue is not None and a.cue.text == "according to")
    assert according.speaker.mention is not None and according.speaker.mention.text == "a county survey"
    assert "Most farmers view" in according.content[0].text


def test_a_slash_does_not_cut_a_joint_pollster_name(extractor: Extractor) -> None:
    text = "The mayor leads by nine points, according to a Gazette/Channel 5 poll."
    attribution = extractor.extract(text).sentences[0].attributions[0]
    assert attribution.speaker.mention is not None
    assert attribution.speaker.mention.text == "a Gazette/Channel 5 poll"


def test_a_fronted_according_to_phrase_ends_at_its_comma(extractor: Extractor) -> None:
    text = "According to the audit summary, Ellis and another aide asked the clerk to delete the files."
    attribution = extractor.extract(text).sentences[0].attributions[0]
    assert attribution.speaker.mention is not None and attribution.speaker.mention.text == "the audit summary"


def test_a_quotation_signed_with_a_dash_is_attributed_to_the_name(extractor: Extractor) -> None:
    text = (
        "Readers wrote in after the vote.\n\n"
        "“The mayor ignores the east side. He never visits our schools.” ― Maria Lopez\n"
        "“The budget was fair to every district.”\n\n"
        "- Tom Becker.\n\n"
        "The council meets again on Monday."
    )
    signed = [a for s in extractor.extract(text).sentences for a in s.attributions if a.content and a.cue]
    assert [(a.cue.text, a.speaker.mention.text, a.content[0].text) for a in signed if a.speaker.mention] == [
        ("―", "Maria Lopez", "“The mayor ignores the east side. He never visits our schools.”"),
        ("-", "Tom Becker", "“The budget was fair to every district.”"),
    ]


def test_a_dash_inside_a_sentence_signs_nothing(extractor: Extractor) -> None:
    text = "The senator - Ellen Ward - said the plan was “a good start for the state.”"
    cues = [a.cue.text for a in extractor.extract(text).sentences[0].attributions if a.cue]
    assert "-" not in cues


def test_a_headline_name_and_colon_outrank_the_cues_after_it(extractor: Extractor) -> None:
    attributions = extractor.extract("Maria Ruiz: I support the new bridge.").sentences[0].attributions
    colon = next(a for a in attributions if a.cue is not None and a.cue.text == ":")
    assert colon.speaker.mention is not None and colon.speaker.mention.text == "Maria Ruiz"
    assert colon.content[0].text == "I support the new bridge"


def test_a_rubric_before_a_colon_does_not_outrank_the_cues_after_it(extractor: Extractor) -> None:
    attributions = extractor.extract("Editor's Note: We believe the mayor was wrong.").sentences[0].attributions
    assert all(a.cue is None or a.cue.text != ":" for a in attributions)


def test_a_quoted_transcript_keeps_its_speaker_labels(extractor: Extractor) -> None:
    text = (
        'The exchange went as follows:\n\n"HOST: Will the senator attend the debate tomorrow?\n\n"BAKER: She will not.'
    )
    sentences = extractor.extract(text).sentences
    labelled = [
        (a.speaker.mention.text, a.cue.text) for s in sentences for a in s.attributions if a.cue and a.speaker.mention
    ]
    assert ("HOST", ":") in labelled and ("BAKER", ":") in labelled


def test_a_poll_inside_the_clause_is_the_source_of_its_finding(extractor: Extractor) -> None:
    text = "Jones led Smith by twelve points in a new county poll released on Friday."
    (attribution,) = extractor.extract(text).sentences[0].attributions
    assert attribution.speaker.mention.text == "a new county poll released on Friday"
    assert attribution.cue.text == "in"
    assert [c.text for c in attribution.content] == ["Jones led Smith by twelve points"]


def test_standing_in_the_polls_at_large_is_not_a_finding(extractor: Extractor) -> None:
    text = "Jones has been rising steadily in the polls since the spring."
    assert extractor.extract(text).sentences[0].attributions == ()


def test_a_poll_finding_keeps_the_reports_it_contains(extractor: Extractor) -> None:
    text = "The county survey found that most farmers said they would vote for the levy."
    attributions = extractor.extract(text).sentences[0].attributions
    assert [(a.speaker.mention.text, a.cue.text) for a in attributions] == [
        ("The county survey", "found"),
        ("most farmers", "said"),
    ]


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("Most farmers support lowering the water tax.", "support", "lowering the water tax"),
        ("The council would like to widen the bridge next year.", "would like", "to widen the bridge next year"),
    ],
)
def test_a_gerund_object_and_a_wish_are_stances(extractor: Extractor, text: str, cue: str, content: str) -> None:
    (attribution,) = extractor.extract(text).sentences[0].attributions
    assert attribution.cue.text == cue
    assert [c.text for c in attribution.content] == [content]


def test_calling_for_someone_to_act_takes_the_whole_clause(extractor: Extractor) -> None:
    text = "The union called for the board to delay the vote."
    (attribution,) = extractor.extract(text).sentences[0].attributions
    assert (attribution.speaker.mention.text, attribution.cue.text) == ("The union", "called for")
    assert [c.text for c in attribution.content] == ["the board to delay the vote"]


def test_in_someones_view_makes_them_the_source(extractor: Extractor) -> None:
    text = "The new bridge, in the mayor's view, would cost far too much."
    (attribution,) = extractor.extract(text).sentences[0].attributions
    assert (attribution.speaker.mention.text, attribution.cue.text) == ("the mayor's", "view")
    assert [c.text for c in attribution.content] == ["The new bridge", "would cost far too much"]


def test_a_quotation_resumed_after_a_fronted_clause_is_the_same_statement(extractor: Extractor) -> None:
    text = "“The plan failed,” the mayor said, “and when the council met, nobody would listen.”"
    (attribution,) = extractor.extract(text).sentences[0].attributions
    assert [c.text for c in attribution.content] == [
        "The plan failed",
        "and when the council met, nobody would listen",
    ]


def test_a_second_quoted_statement_is_not_resumed(extractor: Extractor) -> None:
    text = "“The plan failed,” she said, but then “We will try again,” said Ortiz, a council member."
    for attribution in extractor.extract(text).sentences[0].attributions:
        assert not any("Ortiz" in c.text for c in attribution.content)


def test_an_aside_inside_the_content_does_not_end_it(extractor: Extractor) -> None:
    text = "The mayor suggested that the senator, who is now the party's nominee, would lose the state."
    (attribution,) = extractor.extract(text).sentences[0].attributions
    assert [c.text for c in attribution.content] == [
        "the senator, who is now the party's nominee, would lose the state"
    ]


def test_a_closing_apposition_is_not_part_of_the_content(extractor: Extractor) -> None:
    text = "The senator has railed against the trade pact, the deal the administration finished last year."
    (attribution,) = extractor.extract(text).sentences[0].attributions
    assert [c.text for c in attribution.content] == ["the trade pact"]


def test_a_light_verb_voicing_an_attitude_keeps_the_noun_in_its_cue(extractor: Extractor) -> None:
    text = "The union voiced concerns about the new schedule."
    (attribution,) = extractor.extract(text).sentences[0].attributions
    assert attribution.cue is not None and attribution.cue.text == "voiced concerns about"
    assert [c.text for c in attribution.content] == ["the new schedule"]


def test_an_issued_statement_is_part_of_the_participles_cue(extractor: Extractor) -> None:
    text = "The campaign released a statement saying the rally was postponed."
    (attribution,) = extractor.extract(text).sentences[0].attributions
    assert attribution.cue is not None and attribution.cue.text == "released a statement saying"
    assert [c.text for c in attribution.content] == ["the rally was postponed"]


def test_a_verb_inside_a_longer_cue_is_not_a_cue_again(extractor: Extractor) -> None:
    text = "The mayor issued a statement describing the meeting as a positive step."
    attributions = extractor.extract(text).sentences[0].attributions
    assert [a.cue.text for a in attributions if a.cue is not None] == ["issued a statement describing"]


def test_a_quoted_title_inside_the_subject_does_not_hide_the_speaker(extractor: Extractor) -> None:
    text = "Dana Ruiz, a host of “The Late Hour,” said the network would cancel the show."
    (attribution,) = extractor.extract(text).sentences[0].attributions
    assert attribution.speaker.name == "Dana Ruiz"
    assert attribution.speaker.mention is not None and attribution.speaker.mention.text.startswith("Dana Ruiz")


def test_called_for_with_an_infinitive_clause_is_a_cue(extractor: Extractor) -> None:
    text = "The senator called for him to resign."
    (attribution,) = extractor.extract(text).sentences[0].attributions
    assert (attribution.speaker.mention.text, attribution.cue.text) == ("The senator", "called for")
    assert [c.text for c in attribution.content] == ["him to resign"]


@pytest.mark.parametrize(
    ("text", "answer"),
    [("Asked whether he would run again, the governor said no.", "no"), ("Most voters said yes.", "yes")],
)
def test_an_answer_word_is_what_say_says(extractor: Extractor, text: str, answer: str) -> None:
    said = next(a for a in extractor.extract(text).sentences[0].attributions if a.cue and a.cue.text == "said")
    assert [c.text for c in said.content] == [answer]


def test_a_contrasting_report_inside_another_is_kept(extractor: Extractor) -> None:
    text = "Most voters said the economy was weak, while a third said it was improving."
    attributions = extractor.extract(text).sentences[0].attributions
    mentions = [a.speaker.mention.text for a in attributions if a.speaker.mention]
    assert mentions == ["Most voters", "a third"]
    assert [c.text for c in attributions[1].content] == ["it was improving"]


def test_a_typewriter_quotation_right_after_any_verb_is_its_content(extractor: Extractor) -> None:
    text = "The crowd waited. Mr. Ruiz yelled, ''Out, out, out!''"
    (attribution,) = extractor.extract(text).sentences[1].attributions
    assert (attribution.speaker.mention.text, attribution.cue.text) == ("Mr. Ruiz", "yelled")
    assert [c.text for c in attribution.content] == ["Out, out, out!"]


def test_a_verbless_fragment_does_not_end_a_speakers_quotation(extractor: Extractor) -> None:
    text = "“I really don’t understand how nobody else ran,” said Air Force 1st Lt. Tom Reed. “I was hoping for more.”"
    sentences = extractor.extract(text).sentences
    speaker = sentences[0].attributions[0].speaker
    (continuation,) = sentences[-1].attributions
    assert continuation.cue is None and continuation.speaker.mention == speaker.mention


def test_a_cited_outlet_between_paragraphs_ends_the_quotation(extractor: Extractor) -> None:
    text = "The mayor said the plan is in “serious trouble.” [Reuters.]\n\n“The council has been grappling with it.”"
    assert extractor.extract(text).sentences[-1].attributions == ()


def test_a_statement_announced_with_a_colon_owns_the_next_paragraph(extractor: Extractor) -> None:
    text = "Governor Ana Ruiz released the following statement:\n\n“Our thoughts are with the families. We will act.”"
    intro, *rest = extractor.extract(text).sentences
    (attribution,) = intro.attributions
    assert attribution.cue.text == "released the following statement"
    assert [c.text for c in attribution.content] == ["Our thoughts are with the families.", "We will act."]
    assert all(a.continues == 0 for sentence in rest for a in sentence.attributions)


def test_an_introduced_paragraph_keeps_its_own_reports(extractor: Extractor) -> None:
    text = "Smith writes:\n\nThe report mentions neither the mayor nor the council. It is a failure."
    first, second, third = extractor.extract(text).sentences
    assert first.attributions[0].speaker.mention.text == "Smith"
    assert any(a.speaker.mention.text == "Smith" for a in second.attributions)
    assert any(a.speaker.mention.text == "Smith" for a in third.attributions)


def test_a_long_sentence_announcing_a_statement_still_introduces_it(extractor: Extractor) -> None:
    text = (
        "After the storm hit the coast on Monday night, the Republican governor of the state Ana Ruiz "
        "issued the following statement:\n\n“Our thoughts are with the families. We will rebuild.”"
    )
    (attribution,) = extractor.extract(text).sentences[0].attributions
    assert attribution.cue.text == "issued the following statement"
    assert len(attribution.content) == 2


@pytest.mark.parametrize(
    "text",
    [
        "Asked whether he would run again, the governor said no.",
        "Asked about the new bridge, the mayor smiled.",
        "The senator said nothing when asked whether she would vote for the bill.",
    ],
)
def test_the_question_of_an_asked_opener_has_no_source(extractor: Extractor, text: str) -> None:
    attributions = extractor.extract(text).sentences[0].attributions
    asked = next(a for a in attributions if a.cue and "sked" in a.cue.text)
    assert asked.speaker.mention is None


def test_a_second_report_hung_on_the_first_content_has_the_first_speaker(extractor: Extractor) -> None:
    text = "The coach said his team played badly and added that the referee was fair."
    attributions = extractor.extract(text).sentences[0].attributions
    added = next(a for a in attributions if a.cue and a.cue.text == "added")
    assert added.speaker.mention is not None and added.speaker.mention.text == "The coach"


def test_a_participle_after_a_quoted_comma_has_the_main_speaker(extractor: Extractor) -> None:
    text = "The mayor said the budget talks would be “hard,” adding, “We will get there.”"
    attributions = extractor.extract(text).sentences[0].attributions
    adding = next(a for a in attributions if a.cue and a.cue.text == "adding")
    assert adding.speaker.mention is not None and adding.speaker.mention.text == "The mayor"


def test_the_verb_before_a_reports_to_is_part_of_its_cue(extractor: Extractor) -> None:
    text = "The governor struggled to answer a simple question about the levee."
    attributions = extractor.extract(text).sentences[0].attributions
    answer = next(a for a in attributions if a.cue and a.cue.text.endswith("answer"))
    assert answer.cue.text == "struggled to answer"


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The senator began his speech by saying the plan would fail.", "by saying"),
        ("The governor spent more time attacking the council than defending her plan.", "spent more time attacking"),
        ("Protesters have begun urging the mayor to resign.", "have begun urging"),
        ("The union sent a letter this week urging the board to reconsider.", "sent a letter this week urging"),
        ("The mayor used the interview to demand a new budget vote.", "used the interview to demand"),
        ("Voters were more likely to say the economy was improving.", "were more likely to say"),
        ("The senator authored a paper outlining the plan.", "paper outlining"),
        ("The senator took the unusual step of criticizing the president.", "took the unusual step of criticizing"),
        # Set off by a comma, the participle is the cue alone.
        ("The senator hit back on Friday, saying the plan would fail.", "saying"),
    ],
)
def test_a_report_hung_on_another_word_has_it_in_its_cue(extractor: Extractor, text: str, cue: str) -> None:
    attributions = extractor.extract(text).sentences[0].attributions
    assert cue in [a.cue.text for a in attributions if a.cue is not None]


def test_a_governor_that_is_a_cue_keeps_its_own_attribution(extractor: Extractor) -> None:
    text = "The mayor declined to say whether she would run again."
    attributions = extractor.extract(text).sentences[0].attributions
    assert "declined to" in [a.cue.text for a in attributions if a.cue is not None]
    assert "declined to say" not in [a.cue.text for a in attributions if a.cue is not None]


def test_a_quotation_over_several_paragraphs_after_a_colon_is_introduced_whole(extractor: Extractor) -> None:
    text = (
        "Ms. Ruiz stated:\n\n"
        '"The council ignored its “Clean Roads” pledge. It failed the city.\n\n'
        '"The new plan will fix the roads. It costs less than the old one."\n\n'
        "The vote is on Monday."
    )
    intro, *rest = extractor.extract(text).sentences
    (attribution,) = intro.attributions
    assert attribution.speaker.mention.text == "Ms. Ruiz"
    assert "It costs less than the old one." in [c.text for c in attribution.content]
    assert not any(a.speaker.mention == attribution.speaker.mention for a in rest[-1].attributions)


def test_a_verb_opening_a_sentence_inside_an_open_quotation_is_quoted(extractor: Extractor) -> None:
    text = "Mr. Lee said: “Anybody have a knife? Want to try it on me? It will not work.”"
    sentences = extractor.extract(text).sentences
    assert all(a.cue is None or a.cue.text != "Want" for s in sentences for a in s.attributions)


def test_a_transcript_turn_runs_on_past_its_speakers_own_reports(extractor: Extractor) -> None:
    text = (
        "The interview went on.\n\nBENENSON: Sanders does not decide when we debate. "
        "Let us see if he keeps the tone he said he would set. We will talk then."
    )
    _intro, *turn = extractor.extract(text).sentences
    for sentence in turn:
        assert any(
            a.speaker.mention is not None and a.speaker.mention.text == "BENENSON" for a in sentence.attributions
        )


@pytest.mark.parametrize("text", ["Correction: An earlier version of this article misstated the date of the vote."])
def test_a_correction_notice_names_no_speaker(extractor: Extractor, text: str) -> None:
    assert extractor.extract(text).sentences[0].attributions == ()


def test_a_transcript_as_follows_is_the_source_of_the_paragraphs_it_introduces(extractor: Extractor) -> None:
    text = (
        "The governor spoke in Cleveland.\n\nTranscript as follows:\n\n"
        '"Tonight we arrived in Cleveland. People started to cheer.\n\n'
        '"We are now up 400,000 jobs. Our pensions are secure."\n\nFollow the campaign on Twitter.'
    )
    _first, intro, *rest = extractor.extract(text).sentences
    (attribution,) = intro.attributions
    assert (attribution.speaker.mention.text, attribution.cue.text) == ("Transcript", "as follows:")
    assert "Our pensions are secure." in [c.text for c in attribution.content]
    assert rest[-1].attributions == ()


def test_a_transcript_with_speaker_labels_is_not_its_source(extractor: Extractor) -> None:
    text = "Partial transcript as follows:\n\nJAKE TAPPER: Donald Trump released a video on Friday. Take a listen."
    sentences = extractor.extract(text).sentences
    assert not any(
        a.speaker.mention and "transcript" in a.speaker.mention.text for s in sentences for a in s.attributions
    )


def test_a_long_report_split_from_its_question_takes_the_quotation(extractor: Extractor) -> None:
    text = (
        "The sketch opened in a diner. “Who can remember how many states I lost? Is it two? Three?” "
        "Clinton asks as a waiter walks in front of her with a tray of coffee cups for the whole table."
    )
    sentences = extractor.extract(text).sentences
    report = next(s for s in sentences if s.text.startswith("Clinton asks"))
    (attribution,) = [a for a in report.attributions if a.cue is not None and a.cue.text == "asks"]
    assert attribution.speaker.mention.text == "Clinton"
    assert "Three?" in " ".join(c.text for c in attribution.content)


def test_a_digest_item_quotes_the_name_after_its_dash(extractor: Extractor) -> None:
    text = (
        "Media shares blame in Iowa poll overhype - HuffPollster: “Pollsters are taking a lot of heat "
        "from the public. But some of those critics in the media share the blame.” [HuffPost.]"
    )
    first, *_rest = extractor.extract(text).sentences
    (attribution,) = first.attributions
    assert (attribution.speaker.mention.text, attribution.cue.text) == ("HuffPollster", ":")
    assert "some of those critics" in " ".join(c.text for c in attribution.content)


def test_a_curly_quotation_inside_a_straight_one_does_not_close_it() -> None:
    text = '"The department is not about “Equal Justice” anymore. It is politics.'
    regions, still_open = quoted_regions(text, 0, len(text), False)
    assert regions == [(0, len(text))] and still_open


def test_a_quoted_transcript_label_speaks_even_when_its_words_hold_a_cue(extractor: Extractor) -> None:
    text = 'The exchange went as follows:\n\n"PENCE: Well, look, Clinton apparently thinks this is an episode of “Shark Tank.”'
    sentences = extractor.extract(text).sentences
    labelled = [a.speaker.mention.text for s in sentences for a in s.attributions if a.cue and a.speaker.mention]
    assert "PENCE" in labelled


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        (
            "Signs of a shift were there all along -More from Blumenthal and Cohen: “Data collected by our firm helps.”",
            "Blumenthal and Cohen",
        ),
        ("TURNOUT IS UP - Michael P. McDonald:\u00a0“At long last the contests have started.”", "Michael P. McDonald"),
        ("From the report: “In general, samples with more elaborate weighting were more accurate.”", "the report"),
    ],
)
def test_digest_items_name_their_source_after_more_from_or_from(extractor: Extractor, text: str, mention: str) -> None:
    attributions = extractor.extract(text).sentences[0].attributions
    assert [a.speaker.mention.text for a in attributions if a.cue is not None and a.cue.text == ":"] == [mention]


def test_went_on_to_say_with_a_colon_introduces_the_next_paragraph(extractor: Extractor) -> None:
    text = (
        'Tenney spoke to the crowd.\n\nShe went on to say:\n\n"None of them will support Trump. They are afraid of me."'
    )
    sentences = extractor.extract(text).sentences
    intro = next(s for s in sentences if s.text.startswith("She went on"))
    (attribution,) = intro.attributions
    assert (attribution.speaker.mention.text, attribution.cue.text) == ("She", "went on to say")
    assert "They are afraid of me." in [c.text for c in attribution.content]


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        (
            "Several Republican leaders, including Sen. John McCain and Sen. Pat Toomey, said the plan would fail.",
            "Several Republican leaders, including Sen. John McCain and Sen. Pat Toomey",
        ),
        ("Aides to Mr. Sanders said the rally would go ahead.", "Aides to Mr. Sanders"),
    ],
)
def test_a_mention_keeps_who_is_included_and_whom_an_aide_serves(extractor: Extractor, text: str, mention: str) -> None:
    attribution = extractor.extract(text).sentences[0].attributions[0]
    assert attribution.speaker.mention is not None and attribution.speaker.mention.text == mention


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        (
            "A Warren adviser, who spoke on the condition of anonymity to speak candidly, said the senator would endorse her.",
            "A Warren adviser",
        ),
        (
            "Powell’s office, when contacted by Reuters, said the former diplomat could not recall the dinner.",
            "Powell’s office",
        ),
    ],
)
def test_a_mention_ends_before_why_the_source_is_unnamed_or_when_it_answered(
    extractor: Extractor, text: str, mention: str
) -> None:
    attribution = extractor.extract(text).sentences[0].attributions[0]
    assert attribution.speaker.mention is not None and attribution.speaker.mention.text == mention


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("Jeb Bush in a Medium post wrote that the plan would fail.", "Jeb Bush"),
        ("Trump on Tuesday said the wall would be built.", "Trump"),
    ],
)
def test_a_mention_ends_before_the_occasion_of_the_report(extractor: Extractor, text: str, mention: str) -> None:
    attribution = extractor.extract(text).sentences[0].attributions[0]
    assert attribution.speaker.mention is not None and attribution.speaker.mention.text == mention


def test_a_space_between_the_quotation_and_the_verb_still_puts_the_speaker_after_it(extractor: Extractor) -> None:
    text = "“The report proves the committee faced delays,”\xa0added Gowdy."
    attribution = extractor.extract(text).sentences[0].attributions[0]
    assert attribution.speaker.mention is not None and attribution.speaker.mention.text == "Gowdy"


@pytest.mark.parametrize(
    "text",
    [
        "LONDON (Reuters) - Donald Trump said he was unlikely to have a good relationship with David Cameron.",
        "WASHINGTON (AP) — Donald Trump said he was unlikely to have a good relationship with David Cameron.",
    ],
)
def test_a_dateline_is_not_the_speaker(extractor: Extractor, text: str) -> None:
    attribution = extractor.extract(text).sentences[0].attributions[0]
    assert attribution.speaker.mention is not None and attribution.speaker.mention.text == "Donald Trump"


def test_a_complement_after_an_object_is_the_object_s_report(extractor: Extractor) -> None:
    text = "The decisive victory led party chairman Reince Priebus to declare that Trump was the nominee."
    attribution = extractor.extract(text).sentences[0].attributions[0]
    assert (
        attribution.speaker.mention is not None and attribution.speaker.mention.text == "party chairman Reince Priebus"
    )


def test_a_demonstrative_subject_is_no_speaker_but_the_report_stays(extractor: Extractor) -> None:
    (attribution,) = extractor.extract("That suggests the plan will fail.").sentences[0].attributions
    assert attribution.speaker.mention is None
    assert attribution.cue is not None and attribution.cue.text == "suggests"


def test_a_continued_partial_quotation_keeps_the_speaker_but_not_a_copied_pronoun(extractor: Extractor) -> None:
    text = "“The plan will fail,” he said. The board “will never survive a vote like this one in the spring.”"
    first, second = extractor.extract(text).sentences
    (continuation,) = second.attributions
    assert continuation.rule == "continuation_quote"
    assert continuation.speaker.name == first.attributions[0].speaker.name
    assert continuation.speaker.mention is None


def test_a_headline_source_is_the_name_that_opens_it(extractor: Extractor) -> None:
    text = "Sarah Silverman heckles Sanders supporters: You are being ridiculous tonight."
    (attribution,) = extractor.extract(text).sentences[0].attributions
    assert attribution.speaker.mention is not None and attribution.speaker.mention.text == "Sarah Silverman"


def test_embedded_tweet_markup_is_not_part_of_the_mention() -> None:
    text = 'x <tweet tweet-date="March 10, 2016">Sanders aide Jeff Weaver said'
    start, end = text.index("tweet-date"), text.index(" said")
    assert text[after_markup(text, start, end) : end] == "Sanders aide Jeff Weaver"
    assert after_markup("Ms. Lee said", 0, 7) == 0


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("Many voters complained about the long lines.", "complained about", "the long lines"),
        (
            "Clinton was criticized for her use of a private server.",
            "was criticized for",
            "her use of a private server",
        ),
    ],
)
def test_a_listed_verb_s_prepositional_object_is_its_content(
    extractor: Extractor, text: str, cue: str, content: str
) -> None:
    (attribution,) = extractor.extract(text).sentences[0].attributions
    assert attribution.cue is not None and attribution.cue.text == cue
    assert [c.text for c in attribution.content] == [content]


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The governor will defend the budget.", "will defend"),
        ("Voters would back the plan.", "would back"),
        ("Republicans tried to portray the deal as a surrender.", "tried to portray"),
    ],
)
def test_a_stance_with_a_modal_or_an_attempt_is_still_reported(extractor: Extractor, text: str, cue: str) -> None:
    (attribution,) = extractor.extract(text).sentences[0].attributions
    assert attribution.cue is not None and attribution.cue.text == cue


@pytest.mark.parametrize(
    ("text", "cue", "source", "content"),
    [
        ("He was criticized by libertarians.", "was criticized", "libertarians", "He"),
        ("The bill, opposed by House Republicans, never became law.", "opposed", "House Republicans", "The bill"),
    ],
)
def test_a_passive_stance_with_an_agent_is_about_its_subject(
    extractor: Extractor, text: str, cue: str, source: str, content: str
) -> None:
    (attribution,) = extractor.extract(text).sentences[0].attributions
    assert attribution.cue is not None and attribution.cue.text == cue
    assert attribution.speaker.mention is not None and attribution.speaker.mention.text == source
    assert [c.text for c in attribution.content] == [content]


def test_a_seeming_with_an_adjective_is_the_writer_s_hedge(extractor: Extractor) -> None:
    (attribution,) = extractor.extract("Trump's supporters seemed equally unperturbed.").sentences[0].attributions
    assert attribution.cue is not None and attribution.cue.text == "seemed"
    assert attribution.speaker.mention is None
    assert [c.text for c in attribution.content] == ["Trump's supporters", "equally unperturbed"]


def test_a_quotation_after_a_participle_s_audience_is_its_content(extractor: Extractor) -> None:
    text = "Clinton seemed ready to riff on the incident, telling the crowd, “Some people get a little carried away.”"
    attributions = extractor.extract(text).sentences[0].attributions
    telling = next(a for a in attributions if a.cue is not None and a.cue.text == "telling")
    assert telling.speaker.mention is not None and telling.speaker.mention.text == "Clinton"
    assert [c.text for c in telling.content] == ["Some people get a little carried away."]


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("Ryan also made a reference to the debt.", "also made a reference to", "the debt"),
        ("The campaign unveiled a proposal to cut taxes.", "unveiled a proposal", "to cut taxes"),
        ("Most Republicans showed no sign of backing down.", "showed no sign of", "backing down"),
        ("He expressed a desire to meet Trump.", "expressed a desire", "to meet Trump"),
        ("The board issued a statement.", "issued", "a statement"),  # nothing would be left of the content
    ],
)
def test_a_light_verb_s_cue_runs_through_the_noun_that_names_the_act(
    extractor: Extractor, text: str, cue: str, content: str
) -> None:
    (attribution,) = extractor.extract(text).sentences[0].attributions
    assert attribution.cue is not None and attribution.cue.text == cue
    assert [c.text for c in attribution.content] == [content]


def test_a_stance_verb_keeps_its_whole_verb_group(extractor: Extractor) -> None:
    (attribution,) = extractor.extract("The senator has been called a hypocrite.").sentences[0].attributions
    assert attribution.cue is not None and attribution.cue.text == "has been called"
