"""Review rules, tested through claims.services: status, evidence, history, conflicts, corrections."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connections

from claims.models import Claim, ClaimStatus, Evidence, EvidenceKind, Stance, Verdict, VerdictAction, VerdictValue
from claims.selectors import claim_history, review_queues, verdict_chain
from claims.services import (
    ConflictError,
    EvidenceInput,
    ReviewInputError,
    article_assign,
    claim_assign,
    claim_status_for,
    verdict_head,
    verdict_record,
    verdict_retract,
    verdict_sign_off,
)


def supports(claim: Claim) -> EvidenceInput:
    return EvidenceInput(kind=EvidenceKind.CLAIM, stance=Stance.SUPPORTS, related_claim=claim)


def note(text: str, stance: str = Stance.CONTRADICTS) -> EvidenceInput:
    return EvidenceInput(kind=EvidenceKind.NOTE, stance=stance, note=text)


# --------------------------------------------------------------------------- the status rule


@pytest.mark.parametrize(
    ("action", "value", "require_signoff", "by_editor", "status"),
    [
        (None, None, False, False, "unverified"),
        ("recorded", "corroborated", False, False, "corroborated"),
        ("recorded", "corroborated", True, False, "pending_signoff"),
        ("recorded", "contradicted", True, False, "pending_signoff"),
        ("recorded", "corroborated", True, True, "corroborated"),
        ("recorded", "unverifiable", True, False, "unverifiable"),
        ("recorded", "not_factual", True, False, "not_factual"),
        ("recorded", "disputed", True, False, "disputed"),
        ("signed_off", "contradicted", True, True, "contradicted"),
        ("retracted", None, True, False, "unverified"),
        ("retracted", None, False, True, "unverified"),
    ],
)
def test_a_claims_status_is_derived_from_the_head_of_its_verdict_chain(
    action, value, require_signoff, by_editor, status
):
    head = None if action is None else Verdict(action=action, value=value)
    assert claim_status_for(head=head, require_signoff=require_signoff, by_editor=by_editor) == status


def test_recording_a_verdict_sets_the_stored_status_and_its_time(sentence, reviewer):
    one, two = sentence(1), sentence(2)

    verdict_record(
        claim=one, reviewer=reviewer, value=VerdictValue.CORROBORATED, note="2 × 3,800", evidence=[supports(two)]
    )

    one.refresh_from_db()
    assert one.status == ClaimStatus.CORROBORATED
    assert one.status_changed_at is not None
    assert one.version == 2
    evidence = Evidence.objects.get(verdict__claim=one)
    assert (evidence.kind, evidence.stance, evidence.related_claim) == ("claim", "supports", two)


# --------------------------------------------------------------------------- evidence rules


@pytest.mark.parametrize(
    ("value", "evidence", "message"),
    [
        ("corroborated", [], "supporting evidence"),
        ("contradicted", [], "contradicting evidence"),
        ("corroborated", ["contradicts"], "supporting evidence"),
        ("disputed", ["supports"], "both ways"),
    ],
)
def test_a_verdict_without_the_evidence_it_needs_is_rejected(sentence, reviewer, value, evidence, message):
    claim = sentence(1)
    items = [note("a source", stance) for stance in evidence]

    with pytest.raises(ReviewInputError) as caught:
        verdict_record(claim=claim, reviewer=reviewer, value=value, evidence=items)

    assert message in " ".join(caught.value.message_dict["evidence"])
    assert not Verdict.objects.exists()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.UNVERIFIED


@pytest.mark.parametrize("value", ["unverifiable", "not_factual"])
def test_unverifiable_and_not_factual_need_no_evidence(sentence, reviewer, value):
    verdict_record(claim=sentence(14), reviewer=reviewer, value=value, note="opinion")
    assert sentence(14).status == value


def test_evidence_of_each_kind_is_stored_with_its_stance(sentence, reviewer):
    claim = sentence(15)
    verdict = verdict_record(
        claim=claim,
        reviewer=reviewer,
        value=VerdictValue.DISPUTED,
        evidence=[
            EvidenceInput(kind="url", stance="supports", url="https://example.org/report", excerpt="a base in Java"),
            note("Moscow denied any plan", Stance.CONTRADICTS),
            supports(sentence(4)),
        ],
    )
    kinds = sorted(verdict.evidence.values_list("kind", "stance"))
    assert kinds == [("claim", "supports"), ("note", "contradicts"), ("url", "supports")]


def test_incomplete_evidence_is_rejected_naming_the_field(sentence, reviewer):
    with pytest.raises(ReviewInputError) as caught:
        verdict_record(
            claim=sentence(1),
            reviewer=reviewer,
            value="corroborated",
            evidence=[EvidenceInput(kind="url", stance="supports", url="")],
        )
    assert "url" in caught.value.message_dict


def test_a_claim_cannot_be_its_own_evidence(sentence, reviewer):
    with pytest.raises(ReviewInputError) as caught:
        verdict_record(claim=sentence(1), reviewer=reviewer, value="corroborated", evidence=[supports(sentence(1))])
    assert "related_claim" in caught.value.message_dict


def test_people_without_the_reviewer_role_cannot_record_verdicts(sentence, outsider):
    with pytest.raises(PermissionDenied):
        verdict_record(claim=sentence(14), reviewer=outsider, value="not_factual")


# --------------------------------------------------------------------------- history is never lost


def test_a_new_verdict_supersedes_the_previous_one_without_changing_it(sentence, reviewer, editor):
    claim = sentence(1)
    first = verdict_record(claim=claim, reviewer=reviewer, value="corroborated", evidence=[supports(sentence(2))])
    second = verdict_record(
        claim=claim,
        reviewer=editor,
        value="disputed",
        based_on=first,
        evidence=[supports(sentence(2)), note("the ministry said 8,000 the next day")],
    )

    first_again = Verdict.objects.get(pk=first.pk)
    assert (first_again.value, first_again.note, first_again.reviewer) == (first.value, first.note, reviewer)
    assert second.supersedes == first
    assert verdict_head(claim=claim) == second
    assert [v.pk for v in verdict_chain(claim=claim)] == [second.pk, first.pk]
    assert Claim.objects.get(pk=claim.pk).status == "disputed"


def test_retraction_is_an_event_that_returns_the_claim_to_unverified(sentence, reviewer):
    claim = sentence(1)
    first = verdict_record(claim=claim, reviewer=reviewer, value="corroborated", evidence=[supports(sentence(2))])

    retraction = verdict_retract(claim=claim, reviewer=reviewer, based_on=first, note="wrong claim")

    assert retraction.action == VerdictAction.RETRACTED and retraction.value is None
    assert Verdict.objects.filter(claim=claim).count() == 2
    assert Evidence.objects.filter(verdict=first).count() == 1
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.UNVERIFIED


def test_only_the_author_or_an_editor_can_retract(sentence, reviewer, editor, django_user_model):
    from tests.conftest import _user_with_roles

    other = _user_with_roles("dora", ["reviewer"])
    claim = sentence(14)
    first = verdict_record(claim=claim, reviewer=reviewer, value="not_factual")
    with pytest.raises(PermissionDenied):
        verdict_retract(claim=claim, reviewer=other, based_on=first)
    verdict_retract(claim=claim, reviewer=editor, based_on=first)


def test_with_editor_signoff_required_a_reviewers_verdict_awaits_an_editor(settings, sentence, reviewer, editor):
    settings.REQUIRE_EDITOR_SIGNOFF = True
    claim = sentence(1)
    recorded = verdict_record(claim=claim, reviewer=reviewer, value="corroborated", evidence=[supports(sentence(2))])
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.PENDING_SIGNOFF
    assert claim.pk in [c.pk for c in review_queues(user=editor).pending_signoff]

    with pytest.raises(PermissionDenied):
        verdict_sign_off(claim=claim, editor=reviewer, based_on=recorded)
    signed = verdict_sign_off(claim=claim, editor=editor, based_on=recorded, note="checked")

    assert (signed.action, signed.value, signed.supersedes) == ("signed_off", "corroborated", recorded)
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.CORROBORATED


# --------------------------------------------------------------------------- no lost updates


def test_a_verdict_based_on_a_stale_head_is_a_conflict_naming_the_other_verdict(sentence, reviewer, editor):
    claim = sentence(14)
    theirs = verdict_record(claim=claim, reviewer=editor, value="unverifiable")

    with pytest.raises(ConflictError) as caught:
        verdict_record(claim=claim, reviewer=reviewer, value="not_factual", based_on=None)

    assert caught.value.current == theirs
    assert "alice" in str(caught.value)
    assert Verdict.objects.filter(claim=claim).count() == 1


def test_a_stale_claim_version_is_a_conflict(sentence, reviewer):
    claim = sentence(14)
    with pytest.raises(ConflictError):
        verdict_record(claim=claim, reviewer=reviewer, value="not_factual", expected_version=claim.version + 1)


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_acting_at_once_never_overwrite_each_other(reviewer, editor):
    from tests.claims.conftest import seed_import

    article = seed_import()
    claim = Claim.objects.get(article=article, position=13)
    barrier = threading.Barrier(2)
    outcomes: dict[str, Any] = {}

    def act(user: Any, value: str) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[user.username] = verdict_record(claim=claim, reviewer=user, value=value, based_on=None)
        except Exception as error:  # the loser's exception is the point of the test
            outcomes[user.username] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=act, args=(reviewer, "not_factual")),
        threading.Thread(target=act, args=(editor, "unverifiable")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    winners = [o for o in outcomes.values() if isinstance(o, Verdict)]
    losers = [o for o in outcomes.values() if isinstance(o, ConflictError)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert losers[0].current.pk == winners[0].pk
    assert Verdict.objects.filter(claim=claim).count() == 1
    assert Claim.objects.get(pk=claim.pk).status == winners[0].value


# --------------------------------------------------------------------------- assignment and queues


def test_an_editor_assigns_claims_and_articles_and_they_reach_the_reviewers_queue(
    seed_article, sentence, reviewer, editor
):
    claim = claim_assign(claim=sentence(15), assignee=reviewer, actor=editor)
    assert claim.assignee == reviewer
    article_assign(article=seed_article, assignee=reviewer, actor=editor)

    queue = review_queues(user=reviewer).assigned
    assert len(queue) == 16
    assert review_queues(user=editor).assigned == []


def test_a_reviewer_can_take_work_but_not_assign_it_to_others(sentence, reviewer, editor):
    claim_assign(claim=sentence(3), assignee=reviewer, actor=reviewer)
    with pytest.raises(PermissionDenied):
        claim_assign(claim=sentence(3), assignee=editor, actor=reviewer)


def test_queues_order_unverified_claims_by_checkworthiness_and_show_contested_and_recent(sentence, reviewer):
    verdict_record(claim=sentence(15), reviewer=reviewer, value="contradicted", evidence=[note("no base was built")])
    queues = review_queues(user=reviewer)

    scores = [c.checkworthiness for c in queues.unverified]
    assert scores == sorted(scores, reverse=True)
    assert [c.position for c in queues.contested] == [14]
    assert queues.recent[0].position == 14
    assert queues.unverified_total == 15


def test_history_shows_who_did_what_from_the_audit_trail(sentence, reviewer):
    claim = sentence(1)
    verdict_record(claim=claim, reviewer=reviewer, value="corroborated", evidence=[supports(sentence(2))])

    history = claim_history(claim=claim)

    verdict_entry = next(e for e in history if e.label == "verdict")
    assert verdict_entry.who == "bob"
    assert verdict_entry.action == "claims.verdict.recorded"
    status_changes = [
        e for e in history if e.label == "claim" and ("status", "unverified", "corroborated") in e.changes
    ]
    assert [e.who for e in status_changes] == ["bob"]
