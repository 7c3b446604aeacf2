from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group

from tests.factories import UserFactory
from workbench.config import database_url

BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _user_with_roles(username: str, roles: list[str], **extra: Any) -> Any:
    user = UserFactory(username=username, **extra)
    # get_or_create: a transactional test's flush empties the groups the roles migration created.
    user.groups.set([Group.objects.get_or_create(name=name)[0] for name in roles])
    return user


@pytest.fixture
def editor(db: None) -> Any:
    return _user_with_roles("alice", ["editor", "reviewer"], is_staff=True)


@pytest.fixture
def reviewer(db: None) -> Any:
    return _user_with_roles("bob", ["reviewer"])


@pytest.fixture
def outsider(db: None) -> Any:
    return _user_with_roles("charlie", [])


def worker_environment() -> dict[str, str]:
    """Environment for a child process that must use the test database and the test broker."""
    url = database_url(settings.DATABASES["default"])
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        SECRET_KEY=settings.SECRET_KEY,
        CELERY_QUEUE=settings.CELERY_TASK_DEFAULT_QUEUE,
        PYTHONUNBUFFERED="1",
    )
    return env


class CeleryWorker:
    """A real `celery worker` process on the configured broker and the test database."""

    def __init__(self, log_path: Path) -> None:
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "workbench",
                    "worker",
                    "--loglevel",
                    "INFO",
                    "--concurrency",
                    "1",
                    "--pool",
                    "prefork",
                    "--queues",
                    settings.CELERY_TASK_DEFAULT_QUEUE,
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                ],
                cwd=BASE_DIR,
                env=worker_environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while b"ready." not in self.log_path.read_bytes():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("celery worker did not start:\n" + self.log_path.read_text()[-3000:])
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill(self) -> None:
        """SIGKILL the worker and its pool children, as a machine crash would."""
        assert self.process is not None
        subprocess.run(["pkill", "-KILL", "-P", str(self.process.pid)], check=False)
        self.process.kill()
        self.process.wait()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@pytest.fixture
def celery_worker(tmp_path: Path, transactional_db: None) -> Iterator[CeleryWorker]:
    from workbench.celery import app

    # Tasks left over from an earlier, interrupted run must not reach this test's worker.
    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge(settings.CELERY_TASK_DEFAULT_QUEUE)
    worker = CeleryWorker(tmp_path / "worker.log")
    worker.start()
    yield worker
    worker.stop()


def wait_for(predicate: Any, *, timeout: float = 60.0, interval: float = 0.2, message: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {message}")
        time.sleep(interval)
