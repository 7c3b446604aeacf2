"""OpenAPI generation: the common error responses are documented on every operation."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

ALWAYS = ("400", "401", "403", "404", "406", "429", "500")
ON_WRITE = ("409", "412", "413", "415", "428")

_DESCRIPTIONS = {
    "400": "Invalid input (field errors in `fields`)",
    "401": "Not authenticated: send a session cookie or `Authorization: Bearer <token>`",
    "403": "Your role or token scope does not allow this",
    "404": "Not found",
    "406": "The Accept header names no format this endpoint produces",
    "409": "Conflict with the current state (e.g. another reviewer recorded a verdict first)",
    "412": "If-Match does not match the current ETag: re-read and retry",
    "413": "Request body too large",
    "415": "Unsupported Content-Type",
    "428": "If-Match header required for this update",
    "429": "Too many requests: see Retry-After",
    "500": "Internal error (JSON, logged)",
}


class ErrorSerializer(serializers.Serializer[Any]):
    status = serializers.IntegerField(help_text="HTTP status code")
    code = serializers.CharField(help_text="machine-readable error code, e.g. `precondition_failed`")
    detail = serializers.CharField(help_text="a sentence a person can act on")
    errors = serializers.DictField(  # type: ignore[assignment]
        required=False, child=serializers.JSONField(), help_text="validation errors by field (400 only)"
    )


class WorkbenchAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        codes = ALWAYS + (ON_WRITE if self.method not in ("GET", "HEAD", "OPTIONS") else ())
        for code in codes:
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code, direction=direction)  # type: ignore[no-untyped-call]
                response["description"] = _DESCRIPTIONS[code]
                responses[code] = response
        return responses


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "integrations.authentication.TokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "wbt_<prefix>_<secret>",
            "description": "A per-client API token (read or write scope). Never put it in the URL.",
        }
