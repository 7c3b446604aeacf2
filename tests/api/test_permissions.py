"""Every API route × method × role, checked against the policy table (integrations/policy.py).

Routes come from the URL resolver, so a new endpoint is tested (and refused until
it is added to the table) without anyone remembering to list it here.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from claims.models import Verdict, VerdictAction, VerdictValue
from integrations import policy
from integrations.models import WebhookSubscription
from integrations.services import api_token_create
from sources.models import Feed, ImportJob
from tests.api.conftest import ROLES
from tests.api.routes import api_routes
from tests.factories import SourceFactory
from workbench.roles import user_roles

ROUTES = api_routes()
CASES = [(route, method) for route in ROUTES for method in route.methods]


def _roles_of(role: str, users: dict[str, Any]) -> tuple[set[str], str | None, bool]:
    if role == "anonymous":
        return set(), None, False
    if role == "read_token":
        return user_roles(users["editor"]), "read", True
    return user_roles(users[role]), None, True


def test_every_api_route_is_in_the_policy_table_and_every_entry_is_a_route():
    names = {route.name for route in ROUTES}
    assert names - set(policy.POLICY) == set(), "routes missing from integrations/policy.py"
    assert set(policy.POLICY) - names == set(), "policy entries without a route"
    for route in ROUTES:
        assert set(route.methods) <= set(policy.POLICY[route.name]) | {"PUT"}, route
        # Methods the table allows must exist (PUT is never offered: updates are PATCH with If-Match).
        assert set(policy.POLICY[route.name]) <= set(route.methods), route


def test_the_table_covers_every_role_decision_for_a_few_known_rules():
    assert (
        policy.is_allowed(
            route="verdict-sign-off", method="POST", roles={"reviewer"}, token_scope=None, authenticated=True
        )
        is False
    )
    assert policy.is_allowed(
        route="verdict-sign-off", method="POST", roles={"reviewer", "editor"}, token_scope=None, authenticated=True
    )
    assert policy.is_allowed(
        route="claim-list", method="GET", roles={"reviewer"}, token_scope="read", authenticated=True
    )
    assert not policy.is_allowed(
        route="claim-verdicts", method="POST", roles={"reviewer"}, token_scope="read", authenticated=True
    )
    assert not policy.is_allowed(
        route="token-list", method="GET", roles={"reviewer"}, token_scope="write", authenticated=True
    )
    assert not policy.is_allowed(
        route="no-such-route", method="GET", roles={"admin"}, token_scope=None, authenticated=True
    )


@pytest.fixture
def world(db, clients, editor, reviewer, admin_user, claim, attribution) -> dict[str, Any]:
    """One object of every kind a detail route can name."""
    verdict = Verdict.objects.create(
        claim=claim, reviewer=reviewer, action=VerdictAction.RECORDED, value=VerdictValue.UNVERIFIABLE
    )
    job = ImportJob.objects.create(kind="text", payload={"text": "x"}, created_by=reviewer)
    feed = Feed.objects.create(url="https://feeds.example.org/rss")
    hook = WebhookSubscription.objects.create(
        name="cms", url="https://cms.example.org/h", event_types=["verdict.recorded"], secret="s" * 20
    )
    token = api_token_create(user=reviewer, name="bob's tool").token
    return {
        "users": {"editor": editor, "reviewer": reviewer, "admin": admin_user},
        "pk": {
            "article": claim.article_id,
            "claim": claim.pk,
            "attribution": attribution.pk,
            "verdict": verdict.pk,
            "source": SourceFactory(name="Interfax", kind="news_agency").pk,
            "token": token.pk,
            "webhook": hook.pk,
            "import": job.pk,
            "feed": feed.pk,
        },
    }


@override_settings(API_WRITE_THROTTLE_RATE="10000/minute")
@pytest.mark.parametrize(("route", "method"), CASES, ids=[f"{m} {r.name}" for r, m in CASES])
def test_route_method_role_matches_the_policy_table(route, method, clients, world):
    pk = world["pk"][route.name.split("-")[0]] if route.has_pk else None
    path = route.path(pk)
    mismatches = []
    # Admin last: an allowed request may change state (e.g. delete); refusals happen before any lookup.
    for role in ("anonymous", "read_token", "reviewer", "editor", "admin"):
        roles, scope, authenticated = _roles_of(role, world["users"])
        expected = policy.is_allowed(
            route=route.name, method=method, roles=roles, token_scope=scope, authenticated=authenticated
        )
        response = (
            getattr(clients[role], method.lower())(path, {}, format="json")
            if method != "GET"
            else clients[role].get(path)
        )
        if response.content and not route.name.startswith(("docs", "redoc")):
            assert response["Content-Type"].startswith(("application/json", "application/vnd.oai.openapi")), (
                role,
                response,
            )
        refused = response.status_code in (401, 403)
        if expected == refused or (not expected and role == "anonymous" and response.status_code != 401):
            mismatches.append((role, expected, response.status_code, response.content[:200]))
    assert not mismatches, f"{method} {path}: {mismatches}"


def test_roles_under_test_are_the_policy_roles():
    assert set(ROLES) == {"anonymous", "reviewer", "editor", "admin", "read_token"}
