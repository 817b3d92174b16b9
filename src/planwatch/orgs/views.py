"""The organisation tree: browse, rename (old name kept as an alias), merge duplicates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from planwatch.lib.versioning import StaleVersion, claim, conflict_response
from planwatch.orgs.access import get_access
from planwatch.orgs.forms import MergeForm, RenameForm
from planwatch.orgs.models import Organization


def _get_org_for_user(request: HttpRequest, pk: int) -> tuple[Organization, bool]:
    """(organisation, can_edit); 404 for organisations outside the user's part of the tree."""
    access = get_access(request)
    org = get_object_or_404(Organization.objects.select_related("parent"), pk=pk)
    if not access.can_see_org(org):
        raise Http404("not your organisation")
    return org, access.can_edit_org(org)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    orgs = (
        get_access(request)
        .visible_orgs()
        .annotate(
            plan_count=Count("plans", distinct=True),
            link_count=Count("executor_links", distinct=True),
        )
    )
    return render(request, "orgs/index.html", {"orgs": orgs})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    org, can_edit = _get_org_for_user(request, pk)
    return render(request, "orgs/detail.html", _detail_context(request, org, can_edit))


@login_required
@require_POST
def rename(request: HttpRequest, pk: int) -> HttpResponse:
    org, can_edit = _get_org_for_user(request, pk)
    if not can_edit:
        raise Http404("not an editor")
    form = RenameForm(request.POST)
    if not form.is_valid():
        return _detail_with(request, org, rename_form=form)
    name, katottg = form.cleaned_data["name"], form.cleaned_data["katottg"]
    if (name, katottg) != (org.name, org.katottg):
        try:
            with transaction.atomic():
                claim(org, form.cleaned_data["version"])
                org.rename(name)
                org.katottg = katottg
                org.save(update_fields=["katottg"])
        except StaleVersion:
            fresh = Organization.objects.get(pk=org.pk)
            theirs = {"name": fresh.name, "katottg": fresh.katottg}
            back = reverse("orgs:detail", args=[org.pk])
            return conflict_response(
                request, form=form, theirs=theirs, version=fresh.version, back_url=back
            )
    messages.success(request, _("The organisation is saved."))
    return redirect("orgs:detail", org.pk)


@login_required
@require_POST
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Fold a sibling duplicate into this organisation. Both sides are checked: the form
    offers only organisations the user may merge here, and the chosen one is checked again."""
    org, can_edit = _get_org_for_user(request, pk)
    if not can_edit:
        raise Http404("not an editor")
    access = get_access(request)
    if not access.may_merge_into(org):
        raise PermissionDenied("not allowed to merge organisations here")
    form = MergeForm(request.POST, candidates=access.merge_candidates(org))
    if not form.is_valid():
        return _detail_with(request, org, merge_form=form)
    other = form.cleaned_data["other"]
    if not access.can_merge(org, other):
        raise PermissionDenied("not allowed to merge these organisations")
    org.merge_from(other)
    messages.success(request, _("“%(other)s” is merged into this organisation.") % {"other": other})
    return redirect("orgs:detail", org.pk)


def _detail_context(request, org, can_edit: bool, **forms) -> dict:
    access = get_access(request)
    return {
        "org": org,
        "can_edit": can_edit,
        # (organisation, may open it): an executor sees the bodies above only as names.
        "ancestors": [(a, access.can_see_org(a)) for a in org.ancestors()],
        "children": list(org.children.all()),
        "aliases": list(org.aliases.all()),
        "plans": list(org.plans.select_related("current_revision")),
        "rename_form": RenameForm(
            initial={"name": org.name, "katottg": org.katottg, "version": org.version}
        ),
        "merge_form": MergeForm(candidates=access.merge_candidates(org)),
        "can_merge": can_edit and access.may_merge_into(org),
        "can_admin": access.can_admin_org(org),
        **forms,
    }


def _detail_with(request, org, **forms) -> HttpResponse:
    """The page again with a form's errors (only editors post forms)."""
    ctx = _detail_context(request, org, True, **forms)
    return render(request, "orgs/detail.html", ctx, status=400)
