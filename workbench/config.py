"""Typed readers for environment variables.

Every setting the workbench reads comes through one of these helpers, so a bad
value stops start-up with one line that names the variable (see manage.py,
wsgi.py and celery.py, which print ``ConfigError`` without a traceback).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit


class ConfigError(Exception):
    """A configuration value is missing or malformed; the message names the variable."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def env_str(name: str, default: str | None = None) -> str | None:
    value = _raw(name)
    return default if value is None else value


def env_required(name: str, hint: str = "") -> str:
    value = _raw(name)
    if value is None:
        raise ConfigError(f"{name} must be set{': ' + hint if hint else ''}")
    return value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigError(f"{name}={value!r} is not a boolean (use true or false)")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{name}={value!r} is not a whole number") from None
    if minimum is not None and number < minimum:
        raise ConfigError(f"{name}={number} must be at least {minimum}")
    return number


def env_float(name: str, default: float) -> float:
    value = _raw(name)
    if value is None:
        return default
    try:
        return float(value)
    except ValueError:
        raise ConfigError(f"{name}={value!r} is not a number") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_url(name: str, *, schemes: tuple[str, ...]) -> str | None:
    """Return the URL in ``name`` after checking its scheme and shape, or None when unset."""
    value = _raw(name)
    if value is None:
        return None
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - property access validates the port number
    except ValueError as error:
        raise ConfigError(f"{name} is not a valid URL ({error})") from None
    if parts.scheme not in schemes:
        raise ConfigError(
            f"{name} must start with one of {', '.join(s + '://' for s in schemes)} (got {parts.scheme or 'no scheme'}://)"
        )
    if not parts.path.strip("/") and parts.scheme.startswith("postgres"):
        raise ConfigError(f"{name} must name a database, e.g. postgresql://user@host:5432/workbench")
    return value


def database_url(database: Mapping[str, Any], *, name: str | None = None) -> str:
    """A URL for a Django database settings dict (for child processes that read DATABASE_URL)."""
    from urllib.parse import quote

    user = quote(str(database.get("USER") or ""))
    password = quote(str(database.get("PASSWORD") or ""))
    host = str(database.get("HOST") or "")
    port = str(database.get("PORT") or "")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    db_name = name or str(database["NAME"])
    if host.startswith("/"):
        return f"postgresql://{credentials}/{db_name}?host={quote(host)}"
    return f"postgresql://{credentials}{host}{':' + port if port else ''}/{db_name}"
