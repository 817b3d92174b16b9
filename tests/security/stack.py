"""The real stack as `make run` starts it, on a database of its own, for tests under load.

`make run` is the web server (runserver) and both job workers (`run_import_jobs --loop`,
`run_report_jobs --loop`) on one database, loaded by `load_demo`. `running_stack()` starts
the same three processes on a fresh database — a temporary SQLite file, or, when the tests
run on PostgreSQL (DATABASE_URL), a database of its own beside the test one — and stops them
and removes the database afterwards. Environment variables say where every file goes, so the
stack never touches the checkout's db.sqlite3 or var/.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "planwatch-demo"
WORKERS = ("run_import_jobs", "run_report_jobs")


@dataclass
class Stack:
    base: str
    env: dict

    def manage(self, *args: str) -> str:
        return manage(self.env, *args)


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed: {done.stderr[-2000:]}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def stack_database(tmp: str, suffix: str = "_stack") -> Iterator[str]:
    """A DATABASE_URL for the stack: the backend the tests run on, an empty database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp}/stack.sqlite3"
        return
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'planwatch'}{suffix}"
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))

    def run(sql: str) -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql)

    run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    run(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def running_stack() -> Iterator[Stack]:
    with tempfile.TemporaryDirectory(prefix="planwatch-stack-") as tmp, stack_database(tmp) as db:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "PYTEST_"))
        }
        env.update(
            DATABASE_URL=db,
            DEBUG="1",  # as `make run`
            PLANWATCH_VAR_DIR=f"{tmp}/var",
            PYTHONPATH=str(ROOT / "src"),
        )
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo")
        port = free_port()
        logs = open(f"{tmp}/stack.log", "w")  # noqa: SIM115 — closed below
        procs = [
            subprocess.Popen(
                [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                cwd=ROOT,
                env=env,
                stdout=logs,
                stderr=subprocess.STDOUT,
            )
        ]
        for worker in WORKERS:
            procs.append(
                subprocess.Popen(
                    [sys.executable, "manage.py", worker, "--loop"],
                    cwd=ROOT,
                    env=env,
                    stdout=logs,
                    stderr=subprocess.STDOUT,
                )
            )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base)
            time.sleep(2)  # the workers are polling by now
            yield Stack(base, env)
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                proc.wait(20)
            logs.close()


def wait_until_up(base: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/healthz", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError("the web server did not start")


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    return found.group(1) if found else ""


def log_in(base: str, username: str) -> tuple[requests.Session, list[int]]:
    """A browser's login: the form, the POST, the page it lands on. Every status seen."""
    session = requests.Session()
    form = session.get(f"{base}/accounts/login/", timeout=60)
    posted = session.post(
        f"{base}/accounts/login/",
        data={
            "username": username,
            "password": DEMO_PASSWORD,
            "csrfmiddlewaretoken": csrf_of(form.text),
        },
        headers={"Referer": f"{base}/accounts/login/"},
        allow_redirects=False,
        timeout=60,
    )
    codes = [form.status_code, posted.status_code]
    if posted.status_code == 302:
        landing = session.get(base + posted.headers["Location"], timeout=60)
        codes.append(landing.status_code)
    return session, codes


def p95(seconds: list[float]) -> float:
    ordered = sorted(seconds)
    return ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered))) - 1)]
