"""Security headers on every response, a CSP nonce that the page's own scripts carry."""

from __future__ import annotations

import re

from django.core.management import call_command
from django.test import SimpleTestCase, TestCase

from tests.support.base import BaseTestCase

EXPECTED = {
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class SecurityHeadersTestCase(BaseTestCase):
    def assert_headers(self, response) -> None:
        for name, value in EXPECTED.items():
            self.assertEqual(response[name], value, name)
        self.assertIn("camera=()", response["Permissions-Policy"])
        csp = response["Content-Security-Policy"]
        for directive in ("default-src 'self'", "object-src 'none'", "frame-ancestors 'none'"):
            self.assertIn(directive, csp)
        self.assertNotIn("unsafe-eval", csp)
        self.assertNotRegex(csp, r"script-src[^;]*unsafe-inline")

    def test_public_login_and_member_pages_carry_the_headers(self):
        for url in ("/public/", "/accounts/login/", "/healthz"):
            with self.subTest(url=url):
                self.assert_headers(self.client.get(url))
        self.login(self.coordinator)
        for url in ("/plans/", f"/plans/{self.plan.pk}/", "/monitoring/"):
            with self.subTest(url=url):
                self.assert_headers(self.client.get(url))

    def test_errors_carry_the_headers_too(self):
        self.assert_headers(self.client.get("/no-such-page/"))

    def test_every_inline_script_has_the_responses_nonce(self):
        self.login(self.coordinator)
        response = self.client.get("/plans/")
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        scripts = re.findall(r"<script([^>]*)>", response.content.decode())
        self.assertTrue(scripts)
        for attrs in scripts:
            self.assertIn(f'nonce="{nonce}"', attrs)

    def test_the_nonce_changes_with_every_request(self):
        a = self.client.get("/accounts/login/")["Content-Security-Policy"]
        b = self.client.get("/accounts/login/")["Content-Security-Policy"]
        self.assertNotEqual(a, b)

    def test_no_inline_event_handlers_in_templates(self):
        """Inline on…= handlers would need 'unsafe-inline'; scripts attach listeners instead."""
        from pathlib import Path

        import planwatch

        root = Path(planwatch.__file__).parent
        offenders = [
            str(p.relative_to(root))
            for p in root.rglob("*.html")
            if re.search(r"\son(click|change|submit|load|input)=", p.read_text())
        ]
        self.assertEqual(offenders, [])


class ViewHeadersWinTestCase(TestCase):
    def test_a_views_own_csp_is_kept(self):
        from django.http import HttpResponse

        from planwatch.lib.security import SecurityHeadersMiddleware

        def view(request):
            response = HttpResponse("x")
            response["Content-Security-Policy"] = "sandbox"
            return response

        from django.test import RequestFactory

        response = SecurityHeadersMiddleware(view)(RequestFactory().get("/"))
        self.assertEqual(response["Content-Security-Policy"], "sandbox")
        self.assertEqual(response["X-Frame-Options"], "DENY")


class MiddlewareOrderTestCase(SimpleTestCase):
    def test_the_middlewares_are_installed(self):
        from django.conf import settings

        self.assertIn("planwatch.lib.security.SecurityHeadersMiddleware", settings.MIDDLEWARE)
        self.assertIn("planwatch.lib.security.LoginRateLimitMiddleware", settings.MIDDLEWARE)
        auth = settings.MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware")
        limit = settings.MIDDLEWARE.index("planwatch.lib.security.LoginRateLimitMiddleware")
        self.assertLess(auth, limit)

    def test_check_runs_clean(self):
        call_command("check", verbosity=0)
