"""The first minutes of a real deployment: the first administrator and the official register.

Everything else (communities' coordinators, their departments and people) is then done in the
application by invitation; nobody needs the Django admin for it.
"""

from __future__ import annotations

import getpass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


class Command(BaseCommand):
    help = (
        "Create the first administrator of a new deployment (asks, or --username/--email; "
        "prints a one-time link to set the password) and load the КАТОТТГ register."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--username")
        parser.add_argument("--email")
        parser.add_argument(
            "--ask-password",
            action="store_true",
            help="type the password here instead of getting a one-time link",
        )
        parser.add_argument(
            "--no-register", action="store_true", help="do not load the КАТОТТГ register"
        )

    def handle(self, *args, **options) -> None:
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            raise CommandError(
                "this deployment already has an administrator; add people in the application "
                "(Організації → Люди та ролі) or with `manage.py createsuperuser`"
            )
        username = options["username"] or self._ask("Username: ")
        email = options["email"] or self._ask("E-mail: ")
        self._check(User, username, email)
        password = (
            self._ask_password(User(username=username, email=email))
            if options["ask_password"]
            else None
        )
        with transaction.atomic():
            user = User.objects.create_superuser(username, email, password)
        self.stdout.write(f"Administrator “{username}” created.")
        if password is None:
            self.stdout.write(f"Set the password (once, valid {self._days()} days): {link(user)}")
        if not options["no_register"]:
            call_command("load_katottg", stdout=self.stdout)

    def _ask(self, prompt: str) -> str:
        try:
            return input(prompt).strip()
        except EOFError as exc:
            raise CommandError(
                f"no input for “{prompt.strip(': ')}”: give it as an option"
            ) from exc

    def _check(self, User, username: str, email: str) -> None:
        if not username:
            raise CommandError("a username is needed (--username)")
        if User.objects.filter(username=username).exists():
            raise CommandError(f"the username “{username}” is taken")
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"“{email}” is not an e-mail address (--email)") from exc

    def _ask_password(self, user) -> str:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("the two passwords differ")
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        return password

    def _days(self) -> int:
        return settings.PASSWORD_RESET_TIMEOUT // 86400


def link(user) -> str:
    """Django's password-reset link: one-time (the token dies with the first password set)."""
    base = getattr(settings, "PLANWATCH_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return base + path
