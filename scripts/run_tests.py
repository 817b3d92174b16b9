#!/usr/bin/env python3
"""The whole suite, as `make test` and CI run it: SQLite first, then PostgreSQL when reachable.

Never skips silently: it ends with the suites that did not run and why. In CI (CI=true) a
missing PostgreSQL or browser is a failure, not a skip.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("PLANWATCH_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def postgres_reachable(url: str) -> str | None:
    """None when a connection works, else the reason."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    try:
        with psycopg.connect(url.replace("postgres://", "postgresql://"), connect_timeout=3):
            return None
    except Exception as exc:  # any failure to connect is a reason to report, not a crash
        return f"no PostgreSQL at {url} ({str(exc).splitlines()[0]})"


def workers() -> list[str]:
    """One test process per core (pytest-xdist); a test file or class stays in one process, so
    its shared set-up runs once. PLANWATCH_TEST_WORKERS=0 runs everything in this process."""
    count = int(os.environ.get("PLANWATCH_TEST_WORKERS", os.cpu_count() or 1))
    return ["-n", str(count), "--dist", "loadscope"] if count > 1 else []


def run_pytest(label: str, env: dict, args: list[str], report: Path) -> tuple[int, dict]:
    print(f"\n=== {label} ===", flush=True)
    cmd = [sys.executable, "-m", "pytest", "-q", *workers(), f"--junit-xml={report}", *args]
    code = subprocess.call(cmd, cwd=ROOT, env=env)
    return code, counts(report)


def counts(report: Path) -> dict:
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    if not report.exists():
        return totals
    root = ET.parse(report).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    for suite in suites:
        for key in totals:
            totals[key] += int(suite.get(key, 0))
    return totals


def main() -> int:
    not_run: list[str] = []
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    if not Path("/usr/bin/chromium").exists():
        reason = "browser tests: /usr/bin/chromium is missing (apt-get install chromium)"
        if CI:
            print(f"FAIL: {reason}")
            return 1
        not_run.append(reason)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        # The two-server deployment test needs PostgreSQL: it runs in the PostgreSQL pass only.
        two_servers = "--ignore=tests/security/test_two_servers.py"
        results.append(
            run_pytest("SQLite: the whole suite", env, [two_servers], Path(tmp, "sqlite.xml"))
        )
        reason = postgres_reachable(PG_URL)
        if reason is None:
            pg_env = {**env, "DATABASE_URL": PG_URL}
            args = ["-m", "not browser", "--ignore=tests/importer", "--ignore=tests/fuzz"]
            results.append(
                run_pytest("PostgreSQL: database tests", pg_env, args, Path(tmp, "pg.xml"))
            )
        elif CI:
            print(f"FAIL: PostgreSQL suite cannot run in CI: {reason}")
            return 1
        else:
            not_run.append(f"PostgreSQL suite (and the two-server deployment test): {reason}")
    passed = sum(c["tests"] - c["failures"] - c["errors"] - c["skipped"] for _, c in results)
    failed = sum(c["failures"] + c["errors"] for _, c in results)
    skipped = sum(c["skipped"] for _, c in results)
    print()
    for reason in not_run:
        print(f"NOT RUN: {reason}")
    code = 0 if all(code == 0 for code, _ in results) else 1
    if failed == 0 and code != 0:
        failed = 1  # pytest failed outside a test (collection, usage): never report green
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return code


if __name__ == "__main__":
    sys.exit(main())
