"""Predictions PolNeAR does not annotate, dropped for precision: questions put
to "you", a publication's editor's notes and passives under a modal."""

from __future__ import annotations

from claims.extraction import Extractor


def _cues(extractor: Extractor, text: str) -> list[str]:
    return [a.cue.text for s in extractor.extract(text).sentences for a in s.attributions if a.cue is not None]


def test_a_stance_asked_of_you_is_no_attribution(extractor: Extractor) -> None:
    assert _cues(extractor, "Do you support Donald Trump?") == []


def test_a_stance_asked_of_someone_else_is_kept(extractor: Extractor) -> None:
    assert _cues(extractor, "Do they support Donald Trump?") == ["support"]


def test_an_editors_note_reports_nothing(extractor: Extractor) -> None:
    text = (
        "Editor’s note: Donald Trump is a serial liar and bully who has repeatedly "
        "pledged to ban all Muslims from entering the U.S."
    )
    assert _cues(extractor, text) == []


def test_the_same_sentence_without_the_note_keeps_its_cue(extractor: Extractor) -> None:
    text = "Donald Trump is a bully who has repeatedly pledged to ban all Muslims from entering the U.S."
    assert _cues(extractor, text) != []


def test_a_passive_under_a_modal_reports_nothing_yet(extractor: Extractor) -> None:
    assert _cues(extractor, "The results will be announced on Saturday afternoon.") == []


def test_a_realised_passive_is_kept(extractor: Extractor) -> None:
    assert _cues(extractor, "The results were announced on Saturday by the party.") == ["announced"]


def test_a_poll_showing_what_voters_said_is_one_finding(extractor: Extractor) -> None:
    text = "A Bloomberg poll in June showed that 72 percent of voters said the foundation should close."
    assert _cues(extractor, text) == ["showed"]


def test_a_saying_blamed_for_is_part_of_the_blame(extractor: Extractor) -> None:
    assert _cues(extractor, "They criticized Obama for saying that the war was over.") == ["criticized"]
