"""The embedded PostgreSQL keeps its data between runs and stops with its last user."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import psutil

BASE_DIR = Path(__file__).resolve().parents[2]

_USE_DATABASE = """
import sys
from pathlib import Path
import psycopg
from workbench.embedded import ensure_postgres
url = ensure_postgres(Path(sys.argv[1]))
with psycopg.connect(url, autocommit=True) as connection:
    connection.execute(sys.argv[2])
    print(connection.execute("SELECT count(*) FROM notes").fetchone()[0])
"""


def _run(data_dir: Path, sql: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", _USE_DATABASE, str(data_dir), sql],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.strip()


def _servers_for(data_dir: Path) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["name", "cmdline"]):
        if process.info["name"] == "postgres" and str(data_dir) in " ".join(process.info["cmdline"] or []):
            found.append(process)
    return found


def test_embedded_postgres_keeps_data_between_runs_and_stops_when_its_last_user_exits(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    data_dir.mkdir()

    assert _run(data_dir, "CREATE TABLE notes (body text); INSERT INTO notes VALUES ('first run')") == "1"
    assert _servers_for(data_dir) == []

    assert _run(data_dir, "INSERT INTO notes VALUES ('second run')") == "2"
    assert _servers_for(data_dir) == []
