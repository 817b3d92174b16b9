"""Password reset letters: at most 3 an hour per e-mail address and 20 an hour per client
address (the same atomic counters as the login limit); over the limit the page says so in
Ukrainian and no letter goes out."""

from __future__ import annotations

import datetime as dt
import threading

import time_machine
from django.core import mail
from django.db import connection
from django.test import Client, TransactionTestCase, override_settings
from django.utils import timezone

from tests.support.base import BaseTestCase
from tests.support.factory import make_user


class PasswordResetThrottleTestCase(BaseTestCase):
    def ask(self, email: str, ip: str = "10.0.0.1"):
        return self.client.post("/accounts/password_reset/", {"email": email}, REMOTE_ADDR=ip)

    def setUp(self) -> None:
        make_user("mailbox", email="mailbox@example.org")

    def test_twenty_requests_for_one_address_send_three_letters(self):
        statuses = [self.ask("mailbox@example.org").status_code for _ in range(20)]
        self.assertEqual(len(mail.outbox), 3)
        self.assertEqual(statuses, [302] * 3 + [429] * 17)

    def test_the_refusal_says_why_in_ukrainian(self):
        for _ in range(3):
            self.ask("mailbox@example.org")
        response = self.ask("mailbox@example.org")
        self.assertContains(response, "вже надіслано нещодавно", status_code=429)
        self.assertContains(response, "60 хвилин", status_code=429)
        self.assertEqual(response["Retry-After"], "3600")

    def test_the_address_is_counted_whatever_its_case_and_wherever_the_request_comes_from(self):
        for i, email in enumerate(
            ("MailBox@example.org", "mailbox@EXAMPLE.org ", "mailbox@example.org")
        ):
            self.ask(email, ip=f"10.0.0.{i + 1}")
        self.assertEqual(self.ask("mailbox@example.org", ip="10.0.0.9").status_code, 429)
        self.assertEqual(len(mail.outbox), 3)

    def test_one_client_address_gets_twenty_requests_an_hour(self):
        statuses = [self.ask(f"nobody{i}@example.org").status_code for i in range(20)]
        self.assertEqual(statuses, [302] * 20)
        self.assertEqual(self.ask("mailbox@example.org").status_code, 429)
        self.assertEqual(len(mail.outbox), 0)
        self.assertEqual(self.ask("mailbox@example.org", ip="10.0.0.2").status_code, 302)
        self.assertEqual(len(mail.outbox), 1)

    def test_an_unknown_address_is_refused_the_same_way(self):
        """The limit does not tell who has an account."""
        for _ in range(3):
            self.ask("stranger@example.org")
        self.assertEqual(self.ask("stranger@example.org").status_code, 429)

    def test_the_limit_ends_with_the_hour(self):
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            for _ in range(4):
                self.ask("mailbox@example.org")
        with time_machine.travel(start + dt.timedelta(minutes=61), tick=False):
            self.assertEqual(self.ask("mailbox@example.org").status_code, 302)
        self.assertEqual(len(mail.outbox), 4)

    def test_an_invalid_form_is_not_counted(self):
        for _ in range(5):
            self.assertEqual(self.ask("not an address").status_code, 200)
        self.assertEqual(self.ask("mailbox@example.org").status_code, 302)


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
class ConcurrentPasswordResetTestCase(TransactionTestCase):
    def test_twelve_requests_at_once_send_three_letters(self):
        make_user("mailbox", email="mailbox@example.org")
        n, barrier, statuses, errors = 12, threading.Barrier(12), [], []

        def ask() -> None:
            try:
                client = Client()
                barrier.wait(timeout=30)
                data = {"email": "mailbox@example.org"}
                statuses.append(client.post("/accounts/password_reset/", data).status_code)
            except Exception as exc:  # noqa: BLE001 — reported below
                errors.append(repr(exc))
            finally:
                connection.close()

        threads = [threading.Thread(target=ask) for _ in range(n)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertEqual(errors, [])
        self.assertEqual(sorted(statuses), [302] * 3 + [429] * (n - 3))
        self.assertEqual(len(mail.outbox), 3)
