"""Per-user API tokens: one each, rotated by replacing it (the old one stops working at once).

The accounts page `/accounts/token/` and `manage.py api_token USER` share these two functions.
"""

from __future__ import annotations

from django.db import transaction
from rest_framework.authtoken.models import Token


def token_of(user) -> Token | None:
    return Token.objects.filter(user=user).first()


def rotate_token(user) -> Token:
    """Delete the user's token if any and issue a new one, in one transaction."""
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        return Token.objects.create(user=user)


def revoke_token(user) -> None:
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
