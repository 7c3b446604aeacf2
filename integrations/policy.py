"""THE API policy table: for every route and method, the least role that may call it.

Routes are URL names under /api/ (router names such as ``claim-list``); methods
are HTTP verbs (HEAD and OPTIONS follow GET).  A route or method missing from
the table is refused: new endpoints must be added here, and
``tests/api/test_permissions.py`` walks the URL resolver to check every route ×
method × role against this table.

On top of the role, a token's scope applies: a read-scoped token may only use
safe methods.  ``SESSION_ONLY`` routes (token management) refuse token
authentication altogether, so a leaked token cannot mint more tokens.
"""

from __future__ import annotations

from collections.abc import Iterable

from workbench.roles import ADMIN, EDITOR, REVIEWER

ANYONE = "anyone"  # also anonymous callers
ROLE_ORDER = (ANYONE, REVIEWER, EDITOR, ADMIN)

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
WRITE_SCOPE = "write"

R, E, A = REVIEWER, EDITOR, ADMIN

POLICY: dict[str, dict[str, str]] = {
    # Documentation.
    "schema": {"GET": ANYONE},
    "docs": {"GET": ANYONE},
    "redoc": {"GET": ANYONE},
    # Articles: read; assignment is an editor's job.
    "article-list": {"GET": R},
    "article-detail": {"GET": R},
    "article-assign": {"POST": E},
    # Claims: read and filter; assignment (editor) is the only direct update, guarded by ETags.
    "claim-list": {"GET": R},
    "claim-detail": {"GET": R, "PATCH": E},
    "claim-related": {"GET": R},
    "claim-claimreview": {"GET": R},
    "claim-verdicts": {"GET": R, "POST": R},
    "claimreview-list": {"GET": R},
    # Attributions: read, correct, confirm (reviewers).
    "attribution-list": {"GET": R},
    "attribution-detail": {"GET": R, "PATCH": R},
    "attribution-confirm": {"POST": R},
    # Verdicts and evidence: create, read, supersede (retract); sign-off is an editor's.  Never deleted.
    "verdict-list": {"GET": R},
    "verdict-detail": {"GET": R},
    "verdict-retract": {"POST": R},
    "verdict-sign-off": {"POST": E},
    # Sources: read and create (reviewers, who meet new sources while correcting); edits and merges are editors'.
    "source-list": {"GET": R, "POST": R},
    "source-detail": {"GET": R, "PATCH": E},
    "source-merge": {"POST": E},
    # The caller's own API tokens (session only).
    "token-list": {"GET": R, "POST": R},
    "token-detail": {"GET": R},
    "token-revoke": {"POST": R},
    # Webhook subscriptions and their delivery log: administrators.
    "webhook-list": {"GET": A, "POST": A},
    "webhook-detail": {"GET": A, "PATCH": A, "DELETE": A},
    "webhook-deliveries": {"GET": A},
    "webhook-ping": {"POST": A},
    # Import jobs (sources/api.py): reviewers start imports and read their progress.
    "import-list": {"GET": R, "POST": R},
    "import-bulk": {"POST": R},
    "import-detail": {"GET": R},
    # Feeds (sources/api.py): reviewers see which feeds bring articles in (as on the Feeds page); editors manage them.
    "feed-list": {"GET": R, "POST": E},
    "feed-detail": {"GET": R, "PATCH": E, "DELETE": E},
    "feed-poll": {"POST": E},
    # Report figures (reports/api.py): editors.
    "report-unverified": {"GET": E},
    "report-backlog": {"GET": E},
    "report-sources": {"GET": E},
    "report-reviewers": {"GET": E},
    "report-extractor": {"GET": E},
    "report-claims": {"GET": E},
}

SESSION_ONLY = frozenset({"token-list", "token-detail", "token-revoke"})


def required_role(route: str, method: str) -> str | None:
    """The least role for ``method`` on ``route``, or None when the table does not allow it at all."""
    rules = POLICY.get(route)
    if rules is None:
        return None
    method = method.upper()
    if method in ("HEAD", "OPTIONS"):
        method = "GET"
    return rules.get(method)


def role_satisfies(roles: Iterable[str], required: str) -> bool:
    if required == ANYONE:
        return True
    return required in set(roles)


def is_allowed(*, route: str, method: str, roles: Iterable[str], token_scope: str | None, authenticated: bool) -> bool:
    """The whole decision, as a pure function the permission class and the tests share."""
    required = required_role(route, method)
    if required is None:
        return False
    if required == ANYONE:
        return True
    if not authenticated:
        return False
    if token_scope is not None:
        if route in SESSION_ONLY:
            return False
        if token_scope != WRITE_SCOPE and method.upper() not in SAFE_METHODS:
            return False
    return role_satisfies(roles, required)


def allowed_methods(route: str) -> list[str]:
    return sorted(POLICY.get(route, {}))
