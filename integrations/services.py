"""API tokens: issuing, revoking, authenticating."""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

import pghistory
from django.db import transaction
from django.utils import timezone

from integrations.models import ApiToken, TokenScope, token_digest

TOKEN_PREFIX = "wbt_"  # noqa: S105 - the public marker of our tokens, not a secret
# last_used_at is refreshed at most this often, so reads do not turn into writes.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    plaintext: str


def api_token_create(
    *, user: Any, name: str, scope: str = TokenScope.READ, expires_at: dt.datetime | None = None, actor: Any = None
) -> IssuedToken:
    """Issue a token for ``user``.  The plaintext is returned once and never stored."""
    if scope not in TokenScope.values:
        raise ValueError(f"unknown token scope {scope!r}")
    prefix = secrets.token_hex(6)
    plaintext = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    with (
        transaction.atomic(),
        pghistory.context(action="integrations.token.created", user=getattr(actor or user, "pk", None)),
    ):
        token = ApiToken.objects.create(
            user=user, name=name, prefix=prefix, key_hash=token_digest(plaintext), scope=scope, expires_at=expires_at
        )
    return IssuedToken(token=token, plaintext=plaintext)


def api_token_revoke(*, token: ApiToken, actor: Any = None) -> ApiToken:
    with transaction.atomic(), pghistory.context(action="integrations.token.revoked", user=getattr(actor, "pk", None)):
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db()
    return token


def api_token_authenticate(*, plaintext: str) -> ApiToken | None:
    """The usable token whose secret is ``plaintext`` (active user, not revoked, not expired), or None."""
    if not plaintext.startswith(TOKEN_PREFIX):
        return None
    prefix, _, secret = plaintext[len(TOKEN_PREFIX) :].partition("_")
    if not prefix or not secret:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.key_hash, token_digest(plaintext)):
        return None
    now = timezone.now()
    if not token.is_usable(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
