"""first_run: the first administrator of a real deployment, without the Django admin."""

from __future__ import annotations

import io
import re
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import TestCase

from planwatch.orgs.models import Organization


def first_run(*args) -> str:
    out = io.StringIO()
    call_command("first_run", *args, stdout=out)
    return out.getvalue()


class FirstRunTests(TestCase):
    def test_the_administrator_sets_a_password_through_a_one_time_link(self):
        output = first_run("--username", "boss", "--email", "boss@example.org", "--no-register")
        user = get_user_model().objects.get(username="boss")
        self.assertTrue(user.is_superuser and user.is_staff)
        self.assertFalse(user.has_usable_password())
        path = re.search(r"http://[^/]+(/accounts/reset/\S+)", output).group(1)
        form_url = self.client.get(path)["Location"]
        new = {"new_password1": "Kalush-2026-plan", "new_password2": "Kalush-2026-plan"}
        self.assertEqual(self.client.post(form_url, new).status_code, 302)
        self.assertTrue(self.client.login(username="boss", password="Kalush-2026-plan"))
        self.client.logout()
        again = self.client.get(path, follow=True)
        self.assertNotContains(again, 'name="new_password1"')  # the link worked once

    def test_it_loads_the_register(self):
        with mock.patch("planwatch.accounts.management.commands.first_run.call_command") as load:
            first_run("--username", "boss", "--email", "boss@example.org")
        load.assert_called_once()
        self.assertEqual(load.call_args.args[0], "load_katottg")

    def test_asked_questions_and_a_typed_password(self):
        answers = iter(["boss", "boss@example.org"])
        with (
            mock.patch("builtins.input", lambda _prompt: next(answers)),
            mock.patch("getpass.getpass", return_value="Kalush-2026-plan"),
        ):
            output = first_run("--ask-password", "--no-register")
        self.assertNotIn("/accounts/reset/", output)
        self.assertTrue(self.client.login(username="boss", password="Kalush-2026-plan"))

    def test_a_second_administrator_is_refused(self):
        first_run("--username", "boss", "--email", "boss@example.org", "--no-register")
        with self.assertRaisesMessage(CommandError, "already has an administrator"):
            first_run("--username", "boss2", "--email", "b2@example.org", "--no-register")

    def test_a_bad_email_is_named(self):
        with self.assertRaisesMessage(CommandError, "“boss-at-home” is not an e-mail"):
            first_run("--username", "boss", "--email", "boss-at-home", "--no-register")
        self.assertFalse(get_user_model().objects.exists())
        self.assertFalse(Organization.objects.exists())
