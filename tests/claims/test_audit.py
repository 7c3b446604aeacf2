"""The audit trail is written and protected by the database, whatever path a change takes."""

from __future__ import annotations

import pghistory
import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction

from claims.models import Claim, Evidence, Verdict
from claims.services import EvidenceInput, verdict_record
from sources.models import Source

ClaimEvent = apps.get_model("claims", "ClaimEvent")
VerdictEvent = apps.get_model("claims", "VerdictEvent")
SourceEvent = apps.get_model("sources", "SourceEvent")


def _events(claim: Claim) -> list:
    return list(ClaimEvent.objects.filter(pgh_obj_id=claim.pk).order_by("pgh_id"))


def test_save_is_recorded_with_before_and_after_and_the_user(sentence, reviewer):
    claim = sentence(3)
    claim.checkworthiness = 0.99
    with pghistory.context(user=reviewer.pk, action="test.save"):
        claim.save()

    before, after = _events(claim)[-2:]
    assert (before.checkworthiness, after.checkworthiness) == (0.4, 0.99)
    assert after.pgh_label == "update"
    assert after.pgh_context.metadata == {"user": reviewer.pk, "action": "test.save"}


def test_queryset_update_is_recorded_for_every_row(seed_article):
    count = len(ClaimEvent.objects.all())
    Claim.objects.filter(article=seed_article).update(checkworthiness=0.1)

    assert ClaimEvent.objects.count() == count + 16
    assert ClaimEvent.objects.filter(pgh_label="update", checkworthiness=0.1).count() == 16


def test_raw_sql_is_recorded(sentence):
    claim = sentence(5)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE claims_claim SET status = 'disputed' WHERE id = %s", [claim.pk])

    last = _events(claim)[-1]
    assert (last.pgh_label, last.status) == ("update", "disputed")


def test_source_changes_are_recorded(seed_article):
    source = Source.objects.get(name="Sergey Lavrov")
    Source.objects.filter(pk=source.pk).update(description="Foreign minister of Russia")
    assert SourceEvent.objects.filter(pgh_obj_id=source.pk, description="Foreign minister of Russia").exists()


@pytest.fixture
def verdict(sentence, reviewer):
    return verdict_record(
        claim=sentence(1),
        reviewer=reviewer,
        value="corroborated",
        evidence=[EvidenceInput(kind="claim", stance="supports", related_claim=sentence(2))],
    )


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM claims_verdict",
        "UPDATE claims_verdict SET value = 'contradicted'",
        "DELETE FROM claims_evidence",
        "UPDATE claims_evidence SET stance = 'contradicts'",
        "DELETE FROM claims_claimevent",
        "DELETE FROM claims_verdictevent",
        "UPDATE claims_verdictevent SET value = 'contradicted'",
        "DELETE FROM sources_sourceevent",
    ],
)
def test_verdicts_evidence_and_audit_rows_cannot_be_changed_or_deleted_even_with_raw_sql(verdict, statement):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert Verdict.objects.filter(pk=verdict.pk, value="corroborated").exists()


def test_deleting_a_verdict_through_the_orm_is_refused(verdict):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Evidence.objects.filter(verdict=verdict).delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Verdict.objects.filter(pk=verdict.pk).update(note="rewritten")
    assert VerdictEvent.objects.filter(pgh_obj_id=verdict.pk).count() == 1


def test_every_audit_event_table_is_protected(db):
    """An event table added later (a new @audited() model) needs its trigger too."""
    event_tables = sorted(
        model._meta.db_table
        for model in apps.get_models()
        if model._meta.app_label in {"claims", "sources"} and any(f.name == "pgh_id" for f in model._meta.fields)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = 'workbench_append_only'"
        )
        protected = {row[0] for row in cursor.fetchall()}
    assert event_tables, "no event tables found"
    assert set(event_tables) <= protected, set(event_tables) - protected
    assert {"claims_verdict", "claims_evidence"} <= protected
