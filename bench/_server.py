"""What the server benches share: the production settings over loopback, a PostgreSQL database of
their own, gunicorn started and stopped, wrk runs parsed."""

from __future__ import annotations

import base64
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/shiliu_bench")
PORT = int(os.environ.get("BENCH_PORT", "8105"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
SECRET_KEY = secrets.token_urlsafe(50)  # this run's only


def server_env() -> dict[str, str]:
    """Production settings (SHILIU_ENV=production), answering plain HTTP on loopback only."""
    return {
        "SHILIU_ENV": "production",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": DATABASE_URL,
        "SHILIU_LOOPBACK_HTTP": "1",
        "SHILIU_DB_POOL": "1",
        "SHILIU_FIELD_KEYS": base64.urlsafe_b64encode(b"bench-field-key-not-a-secret-001").decode(),
        "SHILIU_BLIND_INDEX_KEY": "bench-blind-index-key",
        # The limits would stop a load test within seconds; everything else is as deployed.
        "SHILIU_API_RATE_KEYED": "100000000/hour",
        "SHILIU_API_RATE_KEYED_INTAKE": "100000000/hour",
        "SHILIU_API_RATE_ANONYMOUS": "100000000/hour",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_LOG_LEVEL": "warning",
        "SHILIU_BIND": f"127.0.0.1:{PORT}",
        "SHILIU_SITE_URL": f"http://127.0.0.1:{PORT}",
    }


def use_server_settings() -> None:
    """Make this process see the server's settings (before django.setup())."""
    os.environ.update(server_env())
    sys.path.insert(0, str(REPO / "src"))
    sys.path.insert(0, str(REPO))


def ensure_database() -> None:
    """Create the bench's own database when it is missing (never `test`: others use it)."""
    from urllib.parse import urlsplit

    import psycopg
    from psycopg import sql

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


@contextmanager
def gunicorn(**extra_env: str) -> Iterator[str]:
    """gunicorn with the repository's gunicorn.conf.py; yields its base URL."""
    env = {**os.environ, **server_env(), **extra_env}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), str(REPO / "src")])
    process = subprocess.Popen(  # noqa: S603 - our own server with fixed arguments
        [str(BIN / "gunicorn"), "-c", str(REPO / "gunicorn.conf.py")], cwd=REPO, env=env,
        start_new_session=True)
    base = f"http://127.0.0.1:{PORT}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as answer:  # noqa: S310
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.3)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@contextmanager
def beside(*command: str) -> Iterator[None]:
    """`manage.py <command>` with the server's settings, running beside gunicorn (as `make serve`
    runs the task worker and the scheduler)."""
    env = {**os.environ, **server_env()}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), str(REPO / "src")])
    process = subprocess.Popen(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(REPO / "manage.py"), *command], cwd=REPO, env=env, start_new_session=True)
    try:
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def task_workers() -> Iterator[None]:
    """The two task workers `make serve` runs: the notifications' queue and the rest."""
    with (beside("db_worker", "--interval", "0.2", "--verbosity", "0"),
          beside("db_worker", "--queue-name", "notifications", "--interval", "0.2", "--verbosity", "0")):
        yield


@dataclass(frozen=True)
class Run:
    requests: int
    ok: int
    other: int
    errors: int
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float

    @property
    def rate(self) -> float:
        return self.ok / self.seconds


def vacuum() -> None:
    """VACUUM ANALYZE the bench database between runs, as autovacuum would on a deployed server:
    this machine's PostgreSQL runs with autovacuum off (its CI configuration), so without it the
    dead rows of earlier runs (the task queue's above all) would slow each later run."""
    import psycopg

    with psycopg.connect(DATABASE_URL, autocommit=True) as connection:
        connection.execute("VACUUM (ANALYZE)")


def wrk(url: str, body: str, *, seconds: int = SECONDS, connections: int = CONNECTIONS,
        api_key: str = "", content_type: str = "application/json") -> Run:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    with tempfile.NamedTemporaryFile("w", suffix=".body", delete=False, encoding="utf-8") as handle:
        handle.write(body)
    env = {**os.environ, "BENCH_BODY": handle.name, "BENCH_API_KEY": api_key, "BENCH_CONTENT_TYPE": content_type}
    try:
        result = subprocess.run(  # noqa: S603 - wrk with our fixed arguments
            # wrk from Debian's package, found on PATH
            ["wrk", "-t2",  # noqa: S607 f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
             "-s", str(Path(__file__).with_name("post.lua")), url],
            env=env, capture_output=True, text=True, check=True)
    finally:
        os.unlink(handle.name)
    line = next(row for row in result.stdout.splitlines() if row.startswith("BENCH "))
    data = json.loads(line[len("BENCH "):])
    return Run(data["requests"], data["ok"], data["other"], data["errors"], data["duration_us"] / 1e6,
               data["p50_us"] / 1000, data["p90_us"] / 1000, data["p99_us"] / 1000)
