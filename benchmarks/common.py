"""Scaffolding the million-row benchmarks share: their own database and COPY loading."""

from __future__ import annotations

from typing import Any

# Every table a benchmark load replaces, children first.
LOADED_TABLES = ["claims_evidence", "claims_verdict", "claims_relayhop", "claims_attribution", "claims_claim",
                 "sources_article", "sources_sourcealias", "sources_source"]


def use_bench_database(name: str) -> None:
    """Set Django up against database ``name`` on the configured server, creating it if needed."""
    import django
    import psycopg
    from django.conf import settings

    django.setup()
    default = settings.DATABASES["default"]
    params: dict[str, Any] = {k: default.get(K) or None for k, K in (("host", "HOST"), ("port", "PORT"), ("user", "USER"), ("password", "PASSWORD"))}
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
