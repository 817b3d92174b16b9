"""Concurrent wrong passwords for one user: the attempt is reserved before the password is
checked, so 40 requests at once get at most PLANWATCH_LOGIN_FAILURES (5) password checks and
the counter ends at 40. Real threads, each with its own database connection, on committed data
(TransactionTestCase), on SQLite and PostgreSQL alike."""

from __future__ import annotations

import threading
import time

from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.test import Client, TransactionTestCase, override_settings

from planwatch.lib.security import login_counts
from tests.support.factory import PASSWORD, make_user

ATTEMPTS = 40


class CountingBackend(ModelBackend):
    """Django's backend, counting the password checks it is asked for."""

    checks = 0
    lock = threading.Lock()

    def authenticate(self, request, username=None, password=None, **kwargs):
        with CountingBackend.lock:
            CountingBackend.checks += 1
        return super().authenticate(request, username=username, password=password, **kwargs)


class SlowBackend(CountingBackend):
    """A password check that takes as long as the real hasher on a busy machine, so the
    attempts overlap."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        time.sleep(0.3)
        return super().authenticate(request, username=username, password=password, **kwargs)


@override_settings(
    AUTHENTICATION_BACKENDS=["tests.security.test_login_concurrency.CountingBackend"],
    PLANWATCH_LOGIN_FAILURES=5,
    PLANWATCH_LOGIN_IP_FAILURES=50,
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],  # keeps the test fast
)
class ConcurrentLoginTestCase(TransactionTestCase):
    def setUp(self) -> None:
        make_user("target")
        CountingBackend.checks = 0

    def storm(self, password: str, n: int = ATTEMPTS, names=None) -> list[int]:
        """`n` logins released at once by a barrier; their status codes."""
        barrier, statuses, errors = threading.Barrier(n), [], []

        def attempt(username: str) -> None:
            try:
                client = Client()
                barrier.wait(timeout=30)
                response = client.post(
                    "/accounts/login/",
                    {"username": username, "password": password},
                    REMOTE_ADDR="10.1.2.3",
                )
                statuses.append(response.status_code)
            except Exception as exc:  # noqa: BLE001 — reported by the test below
                errors.append(repr(exc))
            finally:
                connection.close()

        names = names or ["target"] * n
        threads = [threading.Thread(target=attempt, args=(name,)) for name in names]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertEqual(errors, [])
        return statuses

    def test_forty_concurrent_wrong_passwords_get_five_checks(self):
        statuses = self.storm("wrong")
        self.assertEqual(CountingBackend.checks, 5)
        self.assertEqual(sorted(statuses), [200] * 5 + [429] * (ATTEMPTS - 5))
        self.assertEqual(login_counts("target", "10.1.2.3"), (ATTEMPTS, ATTEMPTS))

    @override_settings(PLANWATCH_LOGIN_IP_FAILURES=10)
    def test_one_address_spraying_forty_usernames_at_once_gets_ten_checks(self):
        names = [f"user{i}" for i in range(ATTEMPTS)]
        statuses = self.storm("wrong", names=names)
        self.assertEqual(CountingBackend.checks, 10)
        self.assertEqual(statuses.count(429), ATTEMPTS - 10)
        self.assertEqual(login_counts("user0", "10.1.2.3")[1], ATTEMPTS)

    @override_settings(
        AUTHENTICATION_BACKENDS=["tests.security.test_login_concurrency.SlowBackend"],
        PLANWATCH_LOGIN_WAIT=10,
    )
    def test_twelve_browsers_logging_one_user_in_at_once_all_get_in(self):
        """The first-day smoke: six browsers, each logging in; more attempts of one username
        in flight than its failure limit must not be refused while none has failed."""
        statuses = self.storm(PASSWORD, n=12)
        self.assertEqual(statuses, [302] * 12)
        self.assertEqual(CountingBackend.checks, 12)
        self.assertEqual(login_counts("target", "10.1.2.3"), (0, 0))

    @override_settings(
        AUTHENTICATION_BACKENDS=["tests.security.test_login_concurrency.SlowBackend"],
        PLANWATCH_LOGIN_WAIT=10,
    )
    def test_waiting_attempts_stop_at_the_limit_when_the_checks_in_flight_fail(self):
        statuses = self.storm("wrong", n=12)
        self.assertEqual(CountingBackend.checks, 5)
        self.assertEqual(sorted(statuses), [200] * 5 + [429] * 7)
