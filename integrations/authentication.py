"""API authentication: per-client bearer tokens (header only) beside the UI's session with CSRF."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from integrations.services import api_token_authenticate

# Credentials in a URL end up in access logs, proxies and browser history: refuse them outright.
REFUSED_QUERY_PARAMETERS = ("token", "access_token", "api_key", "apikey", "key", "bearer")


class TokenAuthentication(BaseAuthentication):
    """``Authorization: Bearer wbt_…``.  A token in the query string is an error, never a credential."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        refused = [name for name in REFUSED_QUERY_PARAMETERS if name in request.query_params]
        if refused:
            raise exceptions.AuthenticationFailed(
                f"credentials are not accepted in the URL ({refused[0]}=…); send Authorization: Bearer <token>"
            )
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("malformed Authorization header: use 'Bearer <token>'")
        try:
            plaintext = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("malformed token") from None
        token = api_token_authenticate(plaintext=plaintext)
        if token is None:
            raise exceptions.AuthenticationFailed("invalid, expired or revoked token")
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="api"'
