"""Correcting and confirming attributions; corrections survive re-extraction; merging sources."""

from __future__ import annotations

import pytest
from django.apps import apps

from claims.ingest import article_reextract
from claims.models import Attribution, RelayHop, ReviewState
from claims.services import (
    ConflictError,
    NewSource,
    attribution_add,
    attribution_confirm,
    attribution_correct,
)
from sources.models import Source
from sources.services import source_merge

AttributionEvent = apps.get_model("claims", "AttributionEvent")


def _attribution(sentence, number: int) -> Attribution:
    return Attribution.objects.select_related("speaker").get(claim=sentence(number), position=0)


def test_a_correction_keeps_the_engines_original_and_is_audited(sentence, reviewer):
    machine = _attribution(sentence, 7)  # "Lavrov pointed out ..., according to Interfax."
    assert machine.speaker.name == "Sergey Lavrov"

    corrected = attribution_correct(
        attribution=machine,
        actor=reviewer,
        expected_version=machine.version,
        speaker=NewSource(name="Interfax", kind="news_agency"),
        role="news agency",
        cue_text="according to",
        quote_kind="indirect",
        via=[],
    )

    assert corrected.speaker.name == "Interfax"
    assert (corrected.review_state, corrected.reviewed_by, corrected.version) == (
        "corrected",
        reviewer,
        machine.version + 1,
    )
    assert corrected.reviewed_at is not None
    assert not RelayHop.objects.filter(attribution=corrected).exists()
    snapshot = corrected.machine_snapshot
    assert snapshot["speaker_name"] == "Sergey Lavrov"
    assert snapshot["speaker_id"] == machine.speaker_id
    assert snapshot["speaker_kind"] == "person"
    assert snapshot["via"] == ["Interfax"]
    assert snapshot["cue_text"] == "pointed out"
    assert snapshot["extractor_version"] == machine.extractor_version
    event = AttributionEvent.objects.filter(pgh_obj_id=machine.pk).order_by("-pgh_id").first()
    assert event.pgh_context.metadata["action"] == "claims.attribution.corrected"
    assert event.pgh_context.metadata["user"] == reviewer.pk


def test_a_second_correction_keeps_the_first_machine_snapshot(sentence, reviewer):
    machine = _attribution(sentence, 2)
    once = attribution_correct(attribution=machine, actor=reviewer, expected_version=machine.version, role="minister")
    twice = attribution_correct(
        attribution=once, actor=reviewer, expected_version=once.version, role="defence minister"
    )
    assert twice.machine_snapshot["role"] == "Russian defense minister"
    assert twice.role == "defence minister"


def test_a_correction_based_on_a_stale_version_is_a_conflict(sentence, reviewer, editor):
    machine = _attribution(sentence, 2)
    attribution_correct(attribution=machine, actor=editor, expected_version=machine.version, role="minister")

    with pytest.raises(ConflictError) as caught:
        attribution_correct(attribution=machine, actor=reviewer, expected_version=machine.version, role="general")

    assert caught.value.current.role == "minister"
    assert Attribution.objects.get(pk=machine.pk).role == "minister"


def test_confirming_records_that_the_engine_was_right(sentence, reviewer):
    machine = _attribution(sentence, 1)
    confirmed = attribution_confirm(attribution=machine, actor=reviewer, expected_version=machine.version)
    assert confirmed.review_state == ReviewState.CONFIRMED
    assert confirmed.speaker_id == machine.speaker_id
    assert confirmed.machine_snapshot["speaker_name"] == "Anatoly Serdyukov"


def test_an_unattributed_claim_can_be_given_a_speaker_with_a_relay_chain(sentence, reviewer):
    claim = sentence(14)  # "As far as Ochamchire is concerned, there is a port ..."
    assert not claim.attributions.exists()
    lavrov = Source.objects.get(name="Sergey Lavrov")

    added = attribution_add(
        claim=claim,
        actor=reviewer,
        speaker=NewSource(name="Civil Georgia", kind="outlet"),
        via=[lavrov],
        quote_kind="none",
    )

    assert added.review_state == "corrected"
    assert added.machine_snapshot["absent"] is True
    assert [hop.source.name for hop in added.relay_hops.all()] == ["Sergey Lavrov"]


def test_a_correction_survives_re_extraction(seed_article, sentence, reviewer):
    machine = _attribution(sentence, 7)
    attribution_correct(
        attribution=machine,
        actor=reviewer,
        expected_version=machine.version,
        speaker=NewSource(name="Interfax", kind="news_agency"),
        via=[],
    )
    untouched_before = _attribution(sentence, 5)

    article_reextract(article=seed_article)

    survived = Attribution.objects.get(pk=machine.pk)
    assert survived.speaker.name == "Interfax"
    assert survived.review_state == "corrected"
    assert survived.machine_snapshot["speaker_name"] == "Sergey Lavrov"
    assert Attribution.objects.filter(claim=sentence(7)).count() == 1
    # A machine attribution is replaced by the engine's new one (same claim, same speaker).
    assert _attribution(sentence, 5).speaker_id == untouched_before.speaker_id


def test_people_without_a_review_role_cannot_correct(sentence, outsider):
    from django.core.exceptions import PermissionDenied

    machine = _attribution(sentence, 1)
    with pytest.raises(PermissionDenied):
        attribution_correct(attribution=machine, actor=outsider, expected_version=None, role="x")


def test_merging_two_sources_moves_their_attributions(sentence, editor):
    machine = _attribution(sentence, 7)
    duplicate = Source.objects.create(name="S. Lavrov", kind="person")
    Attribution.objects.filter(pk=machine.pk).update(speaker=duplicate)

    target = source_merge(source=duplicate, into=Source.objects.get(name="Sergey Lavrov"), actor=editor)

    assert Attribution.objects.get(pk=machine.pk).speaker == target


def test_an_unchanged_relay_chain_is_left_alone(sentence, reviewer):
    machine = _attribution(sentence, 7)
    hop = RelayHop.objects.get(attribution=machine)

    attribution_correct(
        attribution=machine,
        actor=reviewer,
        expected_version=machine.version,
        role="foreign minister",
        via=[Source.objects.get(name="Interfax")],
    )

    assert list(RelayHop.objects.filter(attribution=machine)) == [hop]
    assert RelayHop.objects.get(pk=hop.pk).cue_text == "according to"
