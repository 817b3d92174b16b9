"""/healthz under production settings, asked the way a load balancer asks: plain HTTP to a
real gunicorn, often by the server's own address as Host. It must say 200 "ok" (not 301 to
HTTPS, not 400 for a Host outside ALLOWED_HOSTS); every other page still goes to HTTPS."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

import requests

from tests.security.stack import ROOT, free_port, wait_until_up

SITE = "planwatch.example.ua"


def test_healthz_answers_plain_http_by_any_host_and_the_rest_redirects_to_https():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    with tempfile.TemporaryDirectory(prefix="planwatch-healthz-") as tmp:
        env.update(
            DEBUG="0",
            SECRET_KEY="a-test-key-" + "x" * 50,
            ALLOWED_HOSTS=SITE,
            DATABASE_URL=f"sqlite:///{tmp}/db.sqlite3",
            PLANWATCH_VAR_DIR=f"{tmp}/var",
            PYTHONPATH=str(ROOT / "src"),
        )
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "planwatch.wsgi:application"]
            + ["-b", f"127.0.0.1:{port}", "-w", "1"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base)

            def get(path: str, host: str, **headers) -> requests.Response:
                return requests.get(
                    base + path, headers={"Host": host, **headers}, allow_redirects=False
                )

            for host in (SITE, f"127.0.0.1:{port}", "10.0.0.5:8000"):
                health = get("/healthz", host)
                assert (health.status_code, health.text) == (200, "ok"), host
            assert requests.head(f"{base}/healthz", headers={"Host": "10.0.0.5"}).status_code == 200
            proxied = get("/healthz", SITE, **{"X-Forwarded-Proto": "https"})
            assert proxied.status_code == 200
            login = get("/accounts/login/", SITE)
            assert (login.status_code, login.headers["Location"]) == (
                301,
                f"https://{SITE}/accounts/login/",
            )
            assert get("/accounts/login/", "10.0.0.5:8000").status_code == 400
        finally:
            server.terminate()
            server.wait(20)
