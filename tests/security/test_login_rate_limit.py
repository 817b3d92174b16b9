"""Login rate limit: per username + address, per address, shared by the admin login."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.test import override_settings
from django.utils import timezone

from planwatch.lib.models import AttemptCounter
from planwatch.lib.security import login_counts
from tests.support.base import BaseTestCase
from tests.support.factory import PASSWORD


@override_settings(PLANWATCH_LOGIN_FAILURES=3, PLANWATCH_LOGIN_IP_FAILURES=6)
class LoginRateLimitTestCase(BaseTestCase):
    def attempt(self, username: str, password: str, ip: str = "10.0.0.1", url="/accounts/login/"):
        data = {"username": username, "password": password}
        return self.client.post(url, data, REMOTE_ADDR=ip)

    def test_three_failures_lock_the_username_from_that_address(self):
        for _ in range(3):
            self.assertEqual(self.attempt("coordinator", "wrong").status_code, 200)
        response = self.attempt("coordinator", PASSWORD)
        self.assertEqual(response.status_code, 429)
        self.assertIn("Retry-After", response)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_the_right_password_before_the_limit_logs_in_and_clears_the_count(self):
        self.attempt("coordinator", "wrong")
        self.attempt("coordinator", "wrong")
        self.assertEqual(self.attempt("coordinator", PASSWORD).status_code, 302)
        self.client.logout()
        self.attempt("coordinator", "wrong")
        self.attempt("coordinator", "wrong")
        self.assertEqual(self.attempt("coordinator", PASSWORD).status_code, 302)

    def test_the_owner_is_not_locked_out_from_another_address(self):
        for _ in range(3):
            self.attempt("coordinator", "wrong", ip="10.6.6.6")
        self.assertEqual(self.attempt("coordinator", PASSWORD, ip="10.0.0.2").status_code, 302)

    def test_one_address_spraying_many_usernames_is_stopped(self):
        for i in range(6):
            self.attempt(f"user{i}", "wrong", ip="10.9.9.9")
        self.assertEqual(self.attempt("coordinator", PASSWORD, ip="10.9.9.9").status_code, 429)

    def test_usernames_are_counted_case_insensitively(self):
        for name in ("Coordinator", "COORDINATOR", "coordinator "):
            self.attempt(name, "wrong")
        self.assertEqual(self.attempt("coordinator", PASSWORD).status_code, 429)

    def test_the_admin_login_shares_the_counters(self):
        for _ in range(3):
            self.attempt("coordinator", "wrong", url="/admin/login/")
        self.assertEqual(self.attempt("coordinator", PASSWORD).status_code, 429)
        self.assertEqual(
            self.attempt("coordinator", PASSWORD, url="/admin/login/").status_code, 429
        )

    def test_the_lock_expires_with_the_window(self):
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            for _ in range(3):
                self.attempt("coordinator", "wrong")
        with time_machine.travel(start + dt.timedelta(minutes=14), tick=False):
            self.assertEqual(self.attempt("coordinator", PASSWORD).status_code, 429)
        with time_machine.travel(start + dt.timedelta(minutes=15, seconds=1), tick=False):
            self.assertEqual(self.attempt("coordinator", PASSWORD).status_code, 302)

    def test_the_refusal_says_why_in_ukrainian(self):
        for _ in range(3):
            self.attempt("coordinator", "wrong")
        response = self.attempt("coordinator", PASSWORD)
        self.assertContains(response, "Забагато невдалих спроб входу", status_code=429)
        self.assertContains(response, "15 хвилин", status_code=429)

    def test_gets_are_never_limited(self):
        for _ in range(3):
            self.attempt("coordinator", "wrong")
        self.assertEqual(
            self.client.get("/accounts/login/", REMOTE_ADDR="10.0.0.1").status_code, 200
        )

    def test_the_counters_are_rows_every_server_process_shares(self):
        for _ in range(3):
            self.attempt("coordinator", "wrong")
        self.attempt("coordinator", "wrong")  # refused, and counted
        self.assertEqual(login_counts("coordinator", "10.0.0.1"), (4, 4))
        # username+address, address, and the username's finished failures
        self.assertEqual(AttemptCounter.objects.count(), 3)

    def test_a_success_gives_the_address_its_attempt_back(self):
        self.attempt("coordinator", "wrong")
        self.assertEqual(self.attempt("coordinator", PASSWORD).status_code, 302)
        self.assertEqual(login_counts("coordinator", "10.0.0.1"), (0, 1))

    def test_a_post_without_a_password_is_not_counted(self):
        for _ in range(4):
            self.assertEqual(self.attempt("coordinator", "").status_code, 200)
        self.assertEqual(login_counts("coordinator", "10.0.0.1"), (0, 0))
