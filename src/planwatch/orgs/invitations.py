"""Invitations: how a new person joins without anybody sending passwords around.

The coordinator (or admin) adds a person with a role; the person gets a letter in Ukrainian
saying who invites them, to which organisation and in which role, with a one-time link that
expires (`PLANWATCH_INVITATION_DAYS`, 7 by default). The link sets the password and logs in.
Resend makes a new link (the old one dies); revoke kills it and takes back the role it gave.
Password reset stays Django's own, for people who already have a password.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from planwatch.orgs.labels import chain_labels
from planwatch.orgs.models import Invitation, InvitationState, Membership, Organization


def _days() -> int:
    return int(getattr(settings, "PLANWATCH_INVITATION_DAYS", 7))


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def invite(request: HttpRequest, user, org: Organization, role: str) -> Invitation:
    """Record an invitation for a new account and send its letter."""
    invitation = Invitation(user=user, org=org, role=role, invited_by=request.user)
    send(request, invitation)
    return invitation


def send(request: HttpRequest, invitation: Invitation) -> None:
    """A fresh key (the previous link stops working), a new expiry, and the letter."""
    key = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():  # a letter that fails to go leaves the old link as it was
        invitation.key_hash = _hash(key)
        invitation.sent_at = now
        invitation.expires_at = now + dt.timedelta(days=_days())
        invitation.revoked_at = None
        invitation.save()
        link = request.build_absolute_uri(reverse("orgs:accept_invitation", args=[key]))
        subject, body = letter(invitation, link, inviter=request.user)
        send_mail(subject, body, None, [invitation.user.email])


def letter(invitation: Invitation, link: str, inviter) -> tuple[str, str]:
    org_label = chain_labels([invitation.org])[invitation.org.pk]
    who = (inviter.get_full_name() or inviter.username) if inviter else "planwatch"
    expires = date_format(timezone.localtime(invitation.expires_at), "DATE_FORMAT")
    subject = _("You are invited to planwatch: %(org)s") % {"org": invitation.org.name}
    body = _(
        "You are invited to planwatch, where %(org)s keeps its child-welfare action plans "
        "and the reports on their measures.\n\n"
        "Role: %(role)s\n"
        "Organisation: %(chain)s\n"
        "Invited by: %(who)s\n"
        "Your login: %(username)s\n\n"
        "To join, open this link and choose your password. The link works once, until "
        "%(expires)s:\n%(link)s\n\n"
        "If you did not expect this letter, ignore it: without the link nobody can use "
        "the account."
    ) % {
        "org": invitation.org.name,
        "role": invitation.get_role_display(),
        "chain": org_label,
        "who": who,
        "username": invitation.user.username,
        "expires": expires,
        "link": link,
    }
    return subject, body


def find_open(key: str) -> Invitation | None:
    """The invitation this link belongs to, if it may still be used."""
    invitation = (
        Invitation.objects.select_related("user", "org").filter(key_hash=_hash(key)).first()
    )
    if invitation is None or invitation.state() != InvitationState.PENDING:
        return None
    return invitation


def accept(invitation: Invitation, password: str) -> None:
    with transaction.atomic():
        user = invitation.user
        user.set_password(password)
        user.save(update_fields=["password"])
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])


def revoke(invitation: Invitation) -> None:
    """The link dies; the role it gave goes too, unless the person has joined meanwhile."""
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        if invitation.accepted_at is None:
            Membership.objects.filter(
                user=invitation.user, org=invitation.org, role=invitation.role
            ).delete()


def latest_by_user(users) -> dict[int, Invitation]:
    """The newest invitation of each user, for the people page (one query)."""
    latest: dict[int, Invitation] = {}
    for inv in Invitation.objects.filter(user__in=users).order_by("created_at", "id"):
        latest[inv.user_id] = inv
    return latest
