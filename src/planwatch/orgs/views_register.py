"""The register side of organisations: find one by name or code (with its chain, since many
communities share a name), and let a coordinator add departments, institutions and partners
under their own organisation — no system administrator needed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from planwatch.lib.text import name_key
from planwatch.orgs.access import get_access
from planwatch.orgs.labels import chain_labels
from planwatch.orgs.models import Organization
from planwatch.orgs.suborgs import AddOrganizationForm, EdrpouForm, get_org_for_manager

SEARCH_LIMIT = 50


def search_orgs(q: str):
    """Organisations whose name, other spelling, КАТОТТГ or ЄДРПОУ code matches `q`.

    SQLite folds only ASCII case in LIKE, so the name is also tried capitalised and lower-case
    (what people type); aliases are matched on their case-folded key."""
    q = " ".join(q.split())
    if not q:
        return Organization.objects.none()
    variants = {q, q.lower(), q[:1].upper() + q[1:].lower()}
    match = Q()
    for v in variants:
        match |= Q(name__icontains=v)
    match |= Q(aliases__key__contains=name_key(q))
    match |= Q(katottg__startswith=q.upper()) | Q(edrpou=q)
    return Organization.objects.filter(match).distinct()


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """The register (every organisation with a КАТОТТГ code) plus what the user may see."""
    access = get_access(request)
    q = request.GET.get("q", "")[:200]
    found = search_orgs(q)
    if not access.is_superuser:
        found = found.filter(Q(pk__in=access.visible_orgs().values("pk")) | ~Q(katottg=""))
    orgs = list(found.order_by("kind", "name", "path")[:SEARCH_LIMIT])
    labels = chain_labels(orgs)
    rows = [(o, labels[o.pk], access.can_see_org(o)) for o in orgs]
    ctx = {"q": q, "rows": rows, "limit": SEARCH_LIMIT}
    return render(request, "orgs/search.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def add_child(request: HttpRequest, pk: int) -> HttpResponse:
    """A department, institution or partner under an organisation the user coordinates."""
    parent = get_org_for_manager(request, pk)
    data = request.POST if request.method == "POST" else None
    form = AddOrganizationForm(data, parent=parent)
    if request.method == "POST" and form.is_valid():
        org = form.save()
        messages.success(request, _("“%(name)s” is added.") % {"name": org.name})
        return redirect("orgs:detail", org.pk)
    ctx = {"org": parent, "form": form, "ancestors": parent.ancestors()}
    return render(request, "orgs/add_child.html", ctx, status=400 if form.errors else 200)


@login_required
@require_POST
def publicity(request: HttpRequest, pk: int) -> HttpResponse:
    """The answer offered to "public?" when this organisation's plans are published."""
    org = get_org_for_manager(request, pk)
    org.plans_public_by_default = request.POST.get("plans_public_by_default") == "on"
    org.save(update_fields=["plans_public_by_default"])
    if org.plans_public_by_default:
        messages.success(
            request, _("New plans of “%(name)s” will be offered as public.") % {"name": org.name}
        )
    else:
        messages.success(
            request,
            _("New plans of “%(name)s” will be offered as not public.") % {"name": org.name},
        )
    return redirect("orgs:detail", org.pk)


@login_required
@require_POST
def set_edrpou(request: HttpRequest, pk: int) -> HttpResponse:
    """Set or clear the organisation's ЄДРПОУ code; a wrong one is refused with the reason."""
    org = get_org_for_manager(request, pk)
    form = EdrpouForm(request.POST)
    if not form.is_valid():
        for error in form.errors["edrpou"]:
            messages.error(request, error)
        return redirect("orgs:detail", org.pk)
    org.edrpou = form.cleaned_data["edrpou"]
    org.save(update_fields=["edrpou"])
    messages.success(request, _("The ЄДРПОУ code is saved."))
    return redirect("orgs:detail", org.pk)
