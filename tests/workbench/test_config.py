from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from workbench.config import ConfigError, env_bool, env_int, env_url

BASE_DIR = Path(__file__).resolve().parents[2]


def _variables_read_by_settings() -> set[str]:
    source = (BASE_DIR / "workbench" / "settings.py").read_text()
    return set(re.findall(r'env_\w+\(\s*"([A-Z][A-Z0-9_]+)"', source))


def _run_check(**env_overrides: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, **env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "maybe"),
        ("DATABASE_URL", "postgresql://workbench@db:notaport/workbench"),
        ("DATABASE_URL", "sqlite:///db.sqlite3"),
        ("CELERY_BROKER_URL", "ftp://broker"),
        ("IMPORT_MAX_BYTES", "ten megabytes"),
    ],
)
def test_bad_configuration_stops_startup_with_one_line_naming_the_variable(variable: str, value: str) -> None:
    result = _run_check(**{variable: value, "SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("configuration error: ")
    assert variable in lines[0]


def test_production_style_configuration_requires_a_secret_key() -> None:
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["DATABASE_URL"] = "postgresql://postgres@127.0.0.1:5432/postgres"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("0", False), ("Yes", True), ("off", False)])
def test_boolean_variables_accept_the_usual_spellings(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool
) -> None:
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG", not expected) is expected


def test_numbers_below_their_minimum_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOME_LIMIT", "0")
    with pytest.raises(ConfigError, match="SOME_LIMIT=0 must be at least 1"):
        env_int("SOME_LIMIT", 5, minimum=1)


def test_a_database_url_must_name_a_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://db:5432")
    with pytest.raises(ConfigError, match="DATABASE_URL must name a database"):
        env_url("DATABASE_URL", schemes=("postgresql",))


def test_every_setting_variable_is_documented_in_env_example_and_readme() -> None:
    example = (BASE_DIR / ".env.example").read_text()
    readme = (BASE_DIR / "README.md").read_text()
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", example, flags=re.MULTILINE))
    variables = _variables_read_by_settings()
    assert variables - documented == set()
    assert {name for name in variables if f"`{name}`" not in readme} == set()


def test_docker_compose_sets_only_variables_the_settings_read() -> None:
    compose = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())
    variables = _variables_read_by_settings()
    for service in ("web", "worker", "beat"):
        environment = compose["services"][service].get("environment", {})
        names = set(environment) if isinstance(environment, dict) else {item.split("=")[0] for item in environment}
        assert names, f"{service} sets no environment"
        assert names - variables == set(), f"{service} sets variables the settings never read"
    assert "DATABASE_URL" in compose["services"]["web"]["environment"]


def test_type_checking_reads_the_settings_without_starting_embedded_servers(tmp_path: Path) -> None:
    # mypy's Django plugin imports the settings and exits without atexit handlers:
    # embedded servers it started would be left running.
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    env.update(WORKBENCH_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="workbench.settings")
    code = "import mypy, django.conf as c; print(c.settings.DATABASES['default']['NAME'], c.settings.CELERY_BROKER_URL)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["workbench", "redis://localhost:6379/0"]
    assert not (tmp_path / "pgdata").exists() and not (tmp_path / "redis").exists()
