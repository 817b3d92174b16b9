"""The defaults a fresh clone runs with hold up: SQLite set up for a server beside two
workers, the login outside the request transaction, /healthz over plain HTTP in production,
file roots from the environment. Settings are read at start-up, so the checks that depend on
the environment run a fresh Python with it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest import mock

from django.db import connection
from django.test import RequestFactory, TransactionTestCase

from planwatch.lib.atomic import AtomicWritesMiddleware

ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str, **env: str) -> str:
    """`code` under a fresh Django with these environment variables; its stdout."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    base.pop("DATABASE_URL", None)
    prologue = (
        "import os, sys, json; sys.path.insert(0, 'src');"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'planwatch.settings';"
        "import django; django.setup()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", prologue + code],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


SQLITE_PROBE = """
import sqlite3
from django.db import connection, transaction
cur = connection.cursor()
pragmas = {p: cur.execute(f"PRAGMA {p}").fetchone()[0]
           for p in ("journal_mode", "synchronous", "busy_timeout")}
other = sqlite3.connect(connection.settings_dict["NAME"], timeout=0)
cur.execute("CREATE TABLE t (x int)")
with transaction.atomic():  # nothing run in it yet: IMMEDIATE has the write lock already
    try:
        other.execute("INSERT INTO t VALUES (1)"); other.commit(); blocked = False
    except sqlite3.OperationalError:
        blocked = True
print(json.dumps({**pragmas, "blocked": blocked}))
"""


class SqliteDefaultsTestCase(TransactionTestCase):
    def test_sqlite_takes_the_write_lock_up_front_waits_for_it_and_uses_wal(self):
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{tmp}/probe.sqlite3"
            seen = json.loads(run_python(SQLITE_PROBE, DATABASE_URL=url))
        # synchronous 1 is NORMAL; 20 s busy timeout; a transaction holds the lock from BEGIN
        self.assertEqual(
            seen, {"journal_mode": "wal", "synchronous": 1, "busy_timeout": 20000, "blocked": True}
        )


class LoginOutsideTheTransactionTestCase(TransactionTestCase):
    def depth_in_view(self, method: str, path: str) -> int:
        depths = []

        def view(request):
            depths.append(len(connection.savepoint_ids) + connection.in_atomic_block)
            return mock.Mock(status_code=200)

        request = getattr(RequestFactory(), method.lower())(path)
        AtomicWritesMiddleware(view)(request)
        return depths[0]

    def test_the_login_post_holds_no_transaction_while_it_hashes(self):
        self.assertEqual(self.depth_in_view("POST", "/accounts/login/"), 0)

    def test_other_posts_and_the_upload_save_still_run_in_one(self):
        self.assertEqual(self.depth_in_view("POST", "/orgs/1/rename/"), 1)
        self.assertEqual(self.depth_in_view("POST", "/accounts/password_change/"), 1)
        self.assertEqual(self.depth_in_view("GET", "/orgs/1/rename/"), 0)


PRODUCTION_PROBE = """
from django.test import Client
from django.conf import settings
c = Client()
health = c.get("/healthz")
login = c.get("/accounts/login/")
print(json.dumps({"health": [health.status_code, health.content.decode()],
                  "login": [login.status_code, login.get("Location", "")],
                  "roots": [str(settings.PLANWATCH_EVIDENCE_ROOT), str(settings.PLANWATCH_REPORTS_ROOT),
                            str(settings.MEDIA_ROOT)]}))
"""


class ProductionModeTestCase(TransactionTestCase):
    def test_healthz_answers_over_plain_http_and_the_rest_redirects_to_https(self):
        with tempfile.TemporaryDirectory() as tmp:
            seen = json.loads(
                run_python(
                    PRODUCTION_PROBE,
                    DEBUG="0",
                    SECRET_KEY="a-test-key-" + "x" * 50,
                    ALLOWED_HOSTS="testserver",
                    DATABASE_URL=f"sqlite:///{tmp}/p.sqlite3",
                    PLANWATCH_VAR_DIR=f"{tmp}/second-instance",
                )
            )
        self.assertEqual(seen["health"], [200, "ok"])
        self.assertEqual(seen["login"], [301, "https://testserver/accounts/login/"])
        self.assertEqual(
            seen["roots"],
            [f"{tmp}/second-instance/{d}" for d in ("evidence", "reports", "media")],
        )


class ReadsWriteNothingTestCase(TransactionTestCase):
    """A GET takes no write lock: no INSERT/UPDATE/DELETE, no transaction (on SQLite either
    would queue behind — or block — every write request)."""

    def test_the_everyday_pages_only_read(self):
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from planwatch.orgs.models import OrgKind, Role
        from tests.support.factory import PASSWORD, make_org, make_user

        community = make_org("Альфівська сільська рада", OrgKind.COMMUNITY)
        make_user("coordinator", community, Role.COORDINATOR)
        client = Client()
        self.assertEqual(client.get("/accounts/login/").status_code, 200)
        client.login(username="coordinator", password=PASSWORD)
        client.get("/plans/")  # a first visit may settle what it needs once
        with CaptureQueriesContext(connection) as queries:
            for url in ("/plans/", "/monitoring/", "/public/", "/healthz"):
                self.assertEqual(client.get(url).status_code, 200, url)
        sql = [q["sql"].lstrip().upper() for q in queries.captured_queries]
        writes = [
            s for s in sql if s.startswith(("INSERT", "UPDATE", "DELETE", "BEGIN", "SAVEPOINT"))
        ]
        self.assertEqual(writes, [])
        self.assertTrue(sql)
