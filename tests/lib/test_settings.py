import os
import subprocess
import sys
from pathlib import Path

from django.test import SimpleTestCase

REPO = Path(__file__).resolve().parents[2]


def manage(*args, **env) -> subprocess.CompletedProcess:
    # A production-like environment: the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for
    # Playwright, which `check --deploy` rightly rejects.
    dropped = ("SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    environ = {k: v for k, v in os.environ.items() if k not in dropped}
    environ.update(env)
    return subprocess.run(
        [sys.executable, str(REPO / "manage.py"), *args],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


class ProductionSettingsTestCase(SimpleTestCase):
    def test_check_deploy_is_clean_with_production_settings(self):
        result = manage(
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            DEBUG="0",
            SECRET_KEY="x" * 40 + "-a-long-random-production-secret-key-9f8e7d",
            ALLOWED_HOSTS="planwatch.example.org",
        )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_a_missing_secret_key_fails_loudly_when_debug_is_off(self):
        result = manage("check", DEBUG="0", ALLOWED_HOSTS="planwatch.example.org")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY", result.stderr)

    def test_migrations_are_complete(self):
        result = manage("makemigrations", "--check", "--dry-run")
        self.assertEqual(result.returncode, 0, result.stdout)
