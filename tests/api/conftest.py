from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from integrations.services import api_token_create
from tests.factories import AttributionFactory, ClaimFactory, SourceFactory, UserFactory

ROLES = ("anonymous", "reviewer", "editor", "admin", "read_token")


@pytest.fixture(autouse=True)
def _fresh_throttle_counters() -> None:
    cache.clear()


@pytest.fixture
def admin_user(db: None) -> Any:
    return UserFactory(username="dana", is_staff=True, is_superuser=True)


def session_client(user: Any) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def token_client(plaintext: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    return client


@pytest.fixture
def clients(db: None, editor: Any, reviewer: Any, admin_user: Any) -> dict[str, APIClient]:
    """One API client per role of the policy table; the read-only token belongs to an editor."""
    read_token = api_token_create(user=editor, name="dashboard", scope="read").plaintext
    return {
        "anonymous": APIClient(),
        "reviewer": session_client(reviewer),
        "editor": session_client(editor),
        "admin": session_client(admin_user),
        "read_token": token_client(read_token),
    }


@pytest.fixture
def attribution(db: None) -> Any:
    """A claim with one machine attribution to a person."""
    speaker = SourceFactory(name="Sergey Lavrov", kind="person")
    claim = ClaimFactory()
    return AttributionFactory(claim=claim, speaker=speaker, role="Russian foreign minister")


@pytest.fixture
def claim(attribution: Any) -> Any:
    return attribution.claim
