from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from sources.models import ImportJob


@pytest.mark.django_db
def test_demo_setup_creates_the_demo_accounts_and_queues_the_demo_article_once() -> None:
    call_command("demo_setup")
    call_command("demo_setup")

    users = get_user_model().objects.filter(username__in=["editor", "reviewer"])
    assert {u.username: sorted(u.groups.values_list("name", flat=True)) for u in users} == {
        "editor": ["editor", "reviewer"],
        "reviewer": ["reviewer"],
    }
    assert ImportJob.objects.filter(payload__demo=True).count() == 1


@pytest.mark.django_db
def test_the_health_endpoint_answers_without_login(client) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
