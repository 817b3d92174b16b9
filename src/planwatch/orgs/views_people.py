"""People and roles of an organisation and everything below it, managed by its coordinators
and admins; invitations (resend, revoke) and the page where an invitee sets a password.

Outside the manager's own subtree every page answers 404 (`suborgs.get_org_for_manager`).
"""

from __future__ import annotations

import smtplib

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from planwatch.orgs import invitations
from planwatch.orgs.access import get_access
from planwatch.orgs.labels import chain_labels
from planwatch.orgs.models import Invitation, Membership, Role
from planwatch.orgs.people import AddPersonForm
from planwatch.orgs.suborgs import get_org_for_manager

# A mail server that is down or refuses: nothing is saved, the page says so (not a 500).
MAIL_ERRORS = (smtplib.SMTPException, OSError)
NOT_SENT = gettext_lazy(
    "The invitation letter could not be sent, so nothing was saved. Check the mail settings "
    "or try again later."
)


@login_required
@require_http_methods(["GET", "POST"])
def people(request: HttpRequest, pk: int) -> HttpResponse:
    """Roles held at this organisation and below, with each newcomer's invitation."""
    org = get_org_for_manager(request, pk)
    can_admin = get_access(request).can_admin_org(org)
    data = request.POST if request.method == "POST" else None
    form = AddPersonForm(data, org=org, can_admin=can_admin)
    if data is not None and form.is_valid():
        try:
            membership = form.save(request)
        except MAIL_ERRORS:
            messages.error(request, NOT_SENT)
            return redirect("orgs:people", org.pk)
    if data is not None and form.is_valid() and membership is not None:
        messages.success(
            request,
            _("%(user)s is now %(role)s of “%(org)s”.")
            % {
                "user": membership.user.username,
                "role": membership.get_role_display(),
                "org": membership.org.name,
            },
        )
        return redirect("orgs:people", org.pk)
    memberships = list(
        Membership.objects.filter(org__path__startswith=org.path)
        .select_related("user", "org")
        .order_by("org__path", "user__username")
    )
    latest = invitations.latest_by_user({m.user_id for m in memberships})
    rows = [(m, latest.get(m.user_id)) for m in memberships]
    ctx = {
        "org": org,
        "form": form,
        "rows": rows,
        "labels": chain_labels([org]),
        "ancestors": org.ancestors(),
    }
    return render(request, "orgs/people.html", ctx, status=400 if form.errors else 200)


@login_required
@require_POST
def remove_person(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    org = get_org_for_manager(request, pk)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "org"),
        pk=membership_pk,
        org__path__startswith=org.path,
    )
    if membership.user_id == request.user.pk and membership.role == Role.ADMIN:
        messages.error(request, _("You cannot remove your own admin role."))
    elif membership.role == Role.ADMIN and not get_access(request).can_admin_org(membership.org):
        messages.error(request, _("Only an administrator removes an administrator's role."))
    else:
        membership.delete()
        messages.success(request, _("The role is removed."))
    return redirect("orgs:people", org.pk)


def _invitation(request: HttpRequest, pk: int, invitation_pk: int):
    org = get_org_for_manager(request, pk)
    invitation = get_object_or_404(
        Invitation.objects.select_related("user", "org"),
        pk=invitation_pk,
        org__path__startswith=org.path,
    )
    return org, invitation


@login_required
@require_POST
def resend_invitation(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    org, invitation = _invitation(request, pk, invitation_pk)
    if invitation.accepted_at:
        messages.error(request, _("%(user)s has already joined.") % {"user": invitation.user})
    else:
        try:
            invitations.send(request, invitation)
        except MAIL_ERRORS:
            messages.error(request, NOT_SENT)
            return redirect("orgs:people", org.pk)
        messages.success(
            request,
            _("A new invitation is sent to %(email)s; the old link no longer works.")
            % {"email": invitation.user.email},
        )
    return redirect("orgs:people", org.pk)


@login_required
@require_POST
def revoke_invitation(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    org, invitation = _invitation(request, pk, invitation_pk)
    if invitation.accepted_at:
        messages.error(request, _("%(user)s has already joined.") % {"user": invitation.user})
    else:
        invitations.revoke(invitation)
        messages.success(
            request,
            _("The invitation of %(user)s is revoked and its role taken back.")
            % {"user": invitation.user},
        )
    return redirect("orgs:people", org.pk)


@never_cache
@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, key: str) -> HttpResponse:
    """Anyone with the link: choose a password, join, land on one's own home page."""
    invitation = invitations.find_open(key)
    if invitation is None:
        return render(request, "orgs/invitation_invalid.html", status=404)
    data = request.POST if request.method == "POST" else None
    form = SetPasswordForm(invitation.user, data)
    if data is not None and form.is_valid():
        invitations.accept(invitation, form.cleaned_data["new_password1"])
        login(request, invitation.user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to planwatch! Your password is set."))
        return redirect("home")
    ctx = {"invitation": invitation, "form": form}
    return render(request, "orgs/invitation_accept.html", ctx, status=400 if form.errors else 200)
