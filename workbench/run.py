"""``make run``: start the whole workbench on one machine and stop it on Ctrl-C.

Starts (or reuses) the embedded PostgreSQL and Redis unless DATABASE_URL /
CELERY_BROKER_URL are set, migrates, creates the demo users, queues the demo
article's import, then runs the web server, a Celery worker and Celery beat as
child processes.  Ctrl-C (or SIGTERM) stops the children first, then the
embedded servers this process started.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import FrameType

BASE_DIR = Path(__file__).resolve().parent.parent


def _prepare_environment() -> dict[str, str]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
    os.environ.setdefault("DEBUG", "true")
    import django
    from django.conf import settings

    from workbench.config import ConfigError, database_url

    try:
        django.setup()
    except ConfigError as error:
        sys.exit(f"configuration error: {error}")
    database = settings.DATABASES["default"]
    env = dict(os.environ)
    # Children connect to the servers this process started (or found); they never start their own.
    env.setdefault("DATABASE_URL", database_url(database))
    env.setdefault("CELERY_BROKER_URL", settings.CELERY_BROKER_URL)
    env.setdefault("SECRET_KEY", settings.SECRET_KEY)
    return env


def _report_demo_import() -> None:
    """Tell the user when the worker has imported the demo article (or why it failed)."""
    from django.db import close_old_connections

    from sources.models import ImportJob

    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        close_old_connections()
        job = ImportJob.objects.filter(payload__demo=True).order_by("-created_at").first()
        if job is not None and job.is_finished:
            if job.error:
                print(f"\ndemo import job #{job.pk} failed: {job.error}\n", flush=True)
            else:
                claims = job.article.claims.count() if job.article else 0
                print(
                    f"\ndemo article imported by the worker: {claims} claims (import job #{job.pk} {job.status})\n",
                    flush=True,
                )
            return
        time.sleep(1)


def main() -> None:
    env = _prepare_environment()
    python = sys.executable
    manage = [python, str(BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input"], env=env, check=True)
    subprocess.run([*manage, "demo_setup"], env=env, check=True)
    address = env.get("RUN_ADDRESS", "127.0.0.1:8000")
    data_dir = env.get("WORKBENCH_DATA_DIR", str(BASE_DIR / "var"))
    children = [
        subprocess.Popen(
            [python, "-m", "celery", "-A", "workbench", "worker", "--loglevel", "INFO", "--concurrency", "1"], env=env
        ),
        subprocess.Popen(
            [
                python,
                "-m",
                "celery",
                "-A",
                "workbench",
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(Path(data_dir) / "celerybeat-schedule"),
            ],
            env=env,
        ),
        subprocess.Popen([*manage, "runserver", address, "--noreload"], env=env),
    ]
    print(f"\nThe workbench is starting on http://{address}/ (Ctrl-C stops everything)\n", flush=True)
    threading.Thread(target=_report_demo_import, daemon=True).start()

    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping and all(child.poll() is None for child in children):
            time.sleep(0.5)
    finally:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for child in children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
        print("\nworkbench stopped", flush=True)


if __name__ == "__main__":
    main()
