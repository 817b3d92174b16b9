"""People of an organisation: who holds which role there, added and removed by its
coordinators and admins (for everything below it too).

A new person gets an account without a password and an invitation (invitations.py): nobody
sends passwords around by e-mail. Coordinators give every role but admin; admins give all.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from planwatch.orgs import invitations
from planwatch.orgs.models import Membership, Organization, Role


def grantable_roles(can_admin: bool) -> list[tuple[str, str]]:
    return [(v, label) for v, label in Role.choices if can_admin or v != Role.ADMIN]


class AddPersonForm(forms.Form):
    username = forms.CharField(
        label=_("Username"), max_length=150, validators=[UnicodeUsernameValidator()]
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Needed for a new person: the invitation goes there."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    org = forms.ModelChoiceField(Organization.objects.none(), label=_("Organisation"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args, org: Organization, can_admin: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = Organization.objects.below(org)
        self.fields["org"].initial = org.pk
        self.fields["role"].choices = grantable_roles(can_admin)

    def clean(self):
        cleaned = super().clean()
        username, role, org = cleaned.get("username"), cleaned.get("role"), cleaned.get("org")
        if not username or not role or not org:
            return cleaned
        self.user = get_user_model().objects.filter(username=username).first()
        if self.user is None and not cleaned.get("email"):
            self.add_error("email", _("There is no such user yet; give an e-mail to invite them."))
        elif self.user and Membership.objects.filter(user=self.user, org=org, role=role).exists():
            self.add_error("role", _("This person already has this role here."))
        return cleaned

    def save(self, request: HttpRequest) -> Membership | None:
        """The new role, or None with the form's error when another coordinator added the same
        role (or took the username) between the check in `clean` and this write."""
        data = self.cleaned_data
        try:
            with transaction.atomic():
                user = self.user
                if user is None:
                    user = get_user_model().objects.create_user(
                        data["username"],
                        data["email"],
                        None,  # no password until the invitation is accepted
                        first_name=data["first_name"],
                        last_name=data["last_name"],
                    )
                membership = Membership.objects.create(
                    user=user, org=data["org"], role=data["role"]
                )
                if self.user is None:
                    invitations.invite(request, user, data["org"], data["role"])
        except IntegrityError:
            self.add_error(None, _("Someone else has just added this person or this username."))
            return None
        return membership
