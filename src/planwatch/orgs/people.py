"""People of an organisation: who holds which role there, added and removed by its admins.

A new person gets an account with a random password nobody knows and the password-reset
letter, so nobody sends passwords around by e-mail. (The password must be usable: Django's reset
form skips accounts without one.)
"""

from __future__ import annotations

import secrets

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from planwatch.orgs.models import Membership, Organization, Role


class AddPersonForm(forms.Form):
    username = forms.CharField(
        label=_("Username"), max_length=150, validators=[UnicodeUsernameValidator()]
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Needed for a new person: the invitation goes there."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args, org: Organization, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.org = org

    def clean(self):
        cleaned = super().clean()
        username, role = cleaned.get("username"), cleaned.get("role")
        if not username or not role:
            return cleaned
        self.user = get_user_model().objects.filter(username=username).first()
        if self.user is None and not cleaned.get("email"):
            self.add_error("email", _("There is no such user yet; give an e-mail to invite them."))
        elif (
            self.user
            and Membership.objects.filter(user=self.user, org=self.org, role=role).exists()
        ):
            self.add_error("role", _("This person already has this role here."))
        return cleaned

    def save(self, request: HttpRequest) -> Membership | None:
        """The new role, or None with the form's error when another admin added the same role
        (or took the username) between the check in `clean` and this write."""
        try:
            with transaction.atomic():
                user = self.user
                if user is None:
                    user = get_user_model().objects.create_user(
                        self.cleaned_data["username"],
                        self.cleaned_data["email"],
                        secrets.token_urlsafe(32),
                    )
                membership = Membership.objects.create(
                    user=user, org=self.org, role=self.cleaned_data["role"]
                )
        except IntegrityError:
            self.add_error(None, _("Someone else has just added this person or this username."))
            return None
        if self.user is None:
            invite(request, user.email)
        return membership


def invite(request: HttpRequest, email: str) -> None:
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(request=request, use_https=request.is_secure())
