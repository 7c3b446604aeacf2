"""Scaffolding the million-row benchmarks share: their own database and COPY loading."""

from __future__ import annotations

from typing import Any

# Every table a benchmark load replaces, children first.
LOADED_TABLES = [
    "claims_evidence",
    "claims_verdict",
    "claims_relayhop",
    "claims_attribution",
    "claims_claim",
    "sources_article",
    "sources_sourcealias",
    "sources_source",
]

# The columns each loader writes, per table (one list to follow the models' migrations).
COLUMNS: dict[str, list[str]] = {
    "sources_source": ["id", "name", "kind", "description", "merged_into_id", "created_at", "updated_at", "version"],
    "sources_sourcealias": ["id", "source_id", "alias", "normalized", "created_at"],
    "sources_article": [
        "id",
        "title",
        "url",
        "author",
        "publisher_id",
        "published",
        "language",
        "text",
        "content_hash",
        "extractor_version",
        "created_at",
        "created_by_id",
        "assignee_id",
    ],
    "claims_claim": [
        "id",
        "article_id",
        "position",
        "start",
        '"end"',
        "text",
        "status",
        "checkworthiness",
        "quantities",
        "entities",
        "assignee_id",
        "created_at",
        "updated_at",
        "status_changed_at",
        "version",
    ],
    "claims_attribution": [
        "id",
        "claim_id",
        "position",
        "speaker_id",
        "mention_text",
        "mention_start",
        "mention_end",
        "role",
        "cue_text",
        "cue_start",
        "cue_end",
        "quote_kind",
        "content_spans",
        "statement_date",
        "statement_date_precision",
        "confidence",
        "extractor_version",
        "review_state",
        "reviewed_by_id",
        "reviewed_at",
        "machine_snapshot",
        "created_at",
        "updated_at",
        "version",
    ],
    "claims_relayhop": [
        "id",
        "attribution_id",
        "position",
        "source_id",
        "cue_text",
        "mention_text",
        "mention_start",
        "mention_end",
    ],
    "claims_verdict": ["id", "claim_id", "supersedes_id", "action", "value", "reviewer_id", "note", "created_at"],
}

# Generated data: source kinds with their weights, and cue words.
KINDS = [
    ("person", 60),
    ("government", 10),
    ("institution", 5),
    ("news_agency", 10),
    ("outlet", 5),
    ("group", 5),
    ("anonymous", 5),
]
CUES = ["said", "told", "according to", "reported", "added", "claimed", "stated", "announced"]


def use_bench_database(name: str) -> None:
    """Set Django up against database ``name`` on the configured server, creating it if needed."""
    import django
    import psycopg
    from django.conf import settings

    django.setup()
    default = settings.DATABASES["default"]
    params: dict[str, Any] = {
        k: default.get(K) or None
        for k, K in (("host", "HOST"), ("port", "PORT"), ("user", "USER"), ("password", "PASSWORD"))
    }
    conninfo = psycopg.conninfo.make_conninfo(dbname="postgres", **{k: v for k, v in params.items() if v})
    with psycopg.connect(conninfo, autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f"CREATE DATABASE {name}")
    # No connection has been opened yet: every later query goes to the bench database.
    default["NAME"] = name


def empty_for_load(cursor: Any) -> None:
    """Empty the loaded tables and switch this session's triggers off.

    Audit and append-only triggers (and FK checks) would triple the load time; the
    generated data is consistent by construction.
    """
    cursor.execute("TRUNCATE " + ", ".join(LOADED_TABLES) + " RESTART IDENTITY CASCADE")
    cursor.execute("SET session_replication_role = replica")


def copy_rows(cursor: Any, table: str, columns: list[str], rows: Any) -> int:
    """COPY ``rows`` into ``table``; returns how many were written."""
    count = 0
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def copy_table(cursor: Any, table: str, rows: Any) -> int:
    """COPY ``rows`` (tuples in ``COLUMNS[table]`` order) into ``table``; returns how many were written."""
    return copy_rows(cursor, table, COLUMNS[table], rows)
