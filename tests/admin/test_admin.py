from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from claims.models import Claim, Evidence, Verdict
from sources.models import Article, ImportJob, Source, SourceAlias
from sources.services import source_resolve
from tests.factories import ArticleFactory, AttributionFactory, ClaimFactory, SourceFactory, UserFactory
from tests.reports.conftest import record

pytestmark = pytest.mark.django_db


def _models(app_label: str) -> list[Any]:
    return list(apps.get_app_config(app_label).get_models())


def _url(model: Any, view: str, *args: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def superuser(db: None) -> Any:
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def desk(editor: Any, reviewer: Any) -> dict[str, Any]:
    """A little of everything, with a verdict and evidence and their audit events."""
    source = source_resolve(name="Sergey Lavrov", kind="person")
    article = ArticleFactory(publisher=SourceFactory(name="The Daily", kind="outlet"))
    claim = ClaimFactory(article=article)
    AttributionFactory(claim=claim, speaker=source)
    verdict = record(claim, editor, "corroborated")
    return {"source": source, "article": article, "claim": claim, "verdict": verdict}


def test_every_sources_and_claims_model_and_its_audit_events_is_registered() -> None:
    registered = set(admin.site._registry)
    for model in _models("sources") + _models("claims"):
        assert model in registered, f"{model.__name__} is not in the admin"


@pytest.mark.parametrize("persona", ["superuser", "editor"])
def test_every_changelist_and_change_page_opens(persona: str, desk: dict[str, Any], client: Any, request: Any) -> None:
    client.force_login(request.getfixturevalue(persona))
    for model in _models("sources") + _models("claims"):
        response = client.get(_url(model, "changelist"))
        assert response.status_code == 200, model.__name__
        instance = model.objects.first()
        if instance is not None:
            assert client.get(_url(model, "change", instance.pk)).status_code == 200, model.__name__


def test_changelists_search_and_filter(desk: dict[str, Any], superuser: Any, client: Any) -> None:
    client.force_login(superuser)
    publisher = desk["article"].publisher
    checks = [
        (Claim, f"?status__exact=corroborated&publisher={publisher.pk}&source_kind=person", desk["claim"]),
        (Claim, "?source_kind=publisher", None),
        (Source, "?q=Lavrov&kind__exact=person&merged=no", desk["source"]),
        (Article, f"?publisher={publisher.pk}", desk["article"]),
        (Verdict, "?value__exact=corroborated", desk["verdict"]),
    ]
    for model, query, expected in checks:
        response = client.get(_url(model, "changelist") + query)
        assert response.status_code == 200
        shown = list(response.context["cl"].result_list)
        assert shown == ([expected] if expected else []), (model.__name__, query)


def test_claim_change_page_shows_the_audit_history(desk: dict[str, Any], superuser: Any, client: Any) -> None:
    client.force_login(superuser)
    html = client.get(_url(Claim, "change", desk["claim"].pk)).content.decode()
    assert "Audit history" in html
    assert "claims.verdict.recorded" in html


@pytest.mark.parametrize("model_name", ["verdict", "evidence", "verdictevent", "claimevent", "sourceevent"])
def test_verdicts_evidence_and_audit_rows_cannot_be_deleted_added_or_changed(
    model_name: str, desk: dict[str, Any], superuser: Any, client: Any
) -> None:
    model = next(m for m in _models("sources") + _models("claims") if m._meta.model_name == model_name)
    instance = model.objects.first()
    assert instance is not None
    client.force_login(superuser)

    assert client.get(_url(model, "delete", instance.pk)).status_code == 403
    assert client.post(_url(model, "delete", instance.pk), {"post": "yes"}).status_code == 403
    assert client.get(_url(model, "add")).status_code == 403
    changelist = client.get(_url(model, "changelist"))
    assert "delete_selected" not in changelist.content.decode()
    response = client.post(
        _url(model, "changelist"), {"action": "delete_selected", ACTION_CHECKBOX_NAME: [instance.pk], "post": "yes"}
    )
    assert response.status_code in (200, 302)
    assert model.objects.filter(pk=instance.pk).exists()
    # The change page is view-only: posting to it changes nothing.
    client.post(_url(model, "change", instance.pk), {})
    assert model.objects.filter(pk=instance.pk).exists()
    assert Verdict.objects.count() == 1 and Evidence.objects.count() == 1


def test_assigning_claims_to_a_reviewer_goes_through_an_intermediate_page(
    desk: dict[str, Any], editor: Any, reviewer: Any, client: Any
) -> None:
    other = ClaimFactory()
    client.force_login(editor)
    url = _url(Claim, "changelist")
    selected = {"action": "assign_to_reviewer", ACTION_CHECKBOX_NAME: [desk["claim"].pk, other.pk]}

    page = client.post(url, selected)
    assert page.status_code == 200
    assert "Assign claims" in page.content.decode()
    assert f'value="{reviewer.pk}"' in page.content.decode()

    done = client.post(url, {**selected, "apply": "1", "reviewer": reviewer.pk})
    assert done.status_code == 302
    assert set(Claim.objects.filter(assignee=reviewer).values_list("pk", flat=True)) == {desk["claim"].pk, other.pk}
    event = desk["claim"].events.order_by("-pgh_id").first()
    assert event.pgh_context.metadata["action"] == "claims.claim.assigned"


def test_a_non_reviewer_cannot_be_chosen_as_assignee(
    desk: dict[str, Any], editor: Any, outsider: Any, client: Any
) -> None:
    client.force_login(editor)
    selected = {
        "action": "assign_to_reviewer",
        ACTION_CHECKBOX_NAME: [desk["claim"].pk],
        "apply": "1",
        "reviewer": outsider.pk,
    }
    response = client.post(_url(Claim, "changelist"), selected)
    assert response.status_code == 200  # the form again, with the error
    assert Claim.objects.get(pk=desk["claim"].pk).assignee is None


def test_merging_selected_sources_into_the_chosen_one(desk: dict[str, Any], editor: Any, client: Any) -> None:
    lavrov = desk["source"]
    duplicate = source_resolve(name="S. Lavrov", kind="person")
    attribution = AttributionFactory(speaker=duplicate)
    client.force_login(editor)
    url = _url(Source, "changelist")
    selected = {"action": "merge_sources", ACTION_CHECKBOX_NAME: [lavrov.pk, duplicate.pk]}

    page = client.post(url, selected)
    assert page.status_code == 200 and "Merge sources" in page.content.decode()

    done = client.post(url, {**selected, "apply": "1", "target": lavrov.pk})
    assert done.status_code == 302
    duplicate.refresh_from_db()
    attribution.refresh_from_db()
    assert duplicate.merged_into_id == lavrov.pk
    assert attribution.speaker_id == lavrov.pk
    assert SourceAlias.objects.get(normalized="s lavrov").source_id == lavrov.pk


def test_rerunning_extraction_for_selected_articles_queues_one_job(
    desk: dict[str, Any], editor: Any, client: Any
) -> None:
    second = ArticleFactory()
    client.force_login(editor)

    response = client.post(
        _url(Article, "changelist"), {"action": "reextract", ACTION_CHECKBOX_NAME: [desk["article"].pk, second.pk]}
    )

    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.kind == "reextract"
    assert job.payload == {"article_ids": sorted([desk["article"].pk, second.pk])}
    assert job.created_by == editor
    assert job.status == "queued"


def test_import_jobs_are_read_only(desk: dict[str, Any], superuser: Any, client: Any) -> None:
    job = ImportJob.objects.create(kind="text", payload={"text": "x"})
    client.force_login(superuser)
    assert client.get(_url(ImportJob, "add")).status_code == 403
    client.post(_url(ImportJob, "change", job.pk), {"status": "failed", "error": "typed in"})
    job.refresh_from_db()
    assert job.status == "queued"


def test_reviewers_without_staff_rights_are_kept_out_of_the_admin(reviewer: Any, client: Any) -> None:
    client.force_login(reviewer)
    response = client.get(_url(Claim, "changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
