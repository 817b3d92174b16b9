"""The organisation tree: browse, rename (old name kept as an alias), merge duplicates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

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


def _merge_candidates(org: Organization):
    """Duplicates come from the same owner's imports: organisations beside this one."""
    siblings = Organization.objects.filter(parent_id=org.parent_id) if org.parent_id else None
    if siblings is None:
        return Organization.objects.none()
    return siblings.exclude(pk=org.pk).exclude(path__startswith=org.path)


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
    org.rename(form.cleaned_data["name"])
    org.katottg = form.cleaned_data["katottg"]
    org.save(update_fields=["katottg"])
    messages.success(request, _("The organisation is saved."))
    return redirect("orgs:detail", org.pk)


@login_required
@require_POST
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    org, can_edit = _get_org_for_user(request, pk)
    if not can_edit:
        raise Http404("not an editor")
    form = MergeForm(request.POST, candidates=_merge_candidates(org))
    if not form.is_valid():
        return _detail_with(request, org, merge_form=form)
    other = form.cleaned_data["other"]
    org.merge_from(other)
    messages.success(request, _("“%(other)s” is merged into this organisation.") % {"other": other})
    return redirect("orgs:detail", org.pk)


def _detail_context(request, org, can_edit: bool, **forms) -> dict:
    return {
        "org": org,
        "can_edit": can_edit,
        "ancestors": org.ancestors(),
        "children": list(org.children.all()),
        "aliases": list(org.aliases.all()),
        "plans": list(org.plans.select_related("current_revision")),
        "rename_form": RenameForm(initial={"name": org.name, "katottg": org.katottg}),
        "merge_form": MergeForm(candidates=_merge_candidates(org)),
        **forms,
    }


def _detail_with(request, org, **forms) -> HttpResponse:
    """The page again with a form's errors (only editors post forms)."""
    ctx = _detail_context(request, org, True, **forms)
    return render(request, "orgs/detail.html", ctx, status=400)
