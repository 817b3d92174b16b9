"""manage.py api_token USER [--rotate | --revoke]: print a user's API token (creating one)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from planwatch.api.tokens import revoke_token, rotate_token, token_of


class Command(BaseCommand):
    help = "Print USER's API token, creating it if needed; --rotate issues a new one."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--rotate", action="store_true", help="replace the token")
        group.add_argument("--revoke", action="store_true", help="delete the token")

    def handle(self, *args, username: str, rotate: bool, revoke: bool, **options) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        if revoke:
            revoke_token(user)
            self.stdout.write(f"token of {username} revoked")
            return
        token = None if rotate else token_of(user)
        self.stdout.write((token or rotate_token(user)).key)
