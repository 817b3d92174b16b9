"""Plan-wide events page: the events a plan's conditional deadlines wait for, and their dates.

Everyone who sees the plan reads it (`plan_for_user`); coordinators / admins of the
plan's owner add events (for the plan, or for every plan of the owner and below) and set or
clear a date; an organisation's event is changed only by editors of that organisation.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from planwatch.orgs.access import get_access
from planwatch.plans import events as rules
from planwatch.plans.access import plan_for_user
from planwatch.plans.forms import EventDateForm, EventForm
from planwatch.plans.models import EventMeasure, PlanEvent


@login_required
@require_http_methods(["GET", "POST"])
def events(request: HttpRequest, pk: int) -> HttpResponse:
    plan, can_edit = plan_for_user(request, pk)
    form = EventForm(request.POST if request.method == "POST" else None, plan=plan)
    if request.method == "POST":
        if not can_edit:
            raise Http404("not an editor of this plan")
        if form.is_valid():
            data = form.cleaned_data
            scope = {"organization": plan.owner} if data["scope"] == "org" else {"plan": plan}
            rules.create_event(**scope, name=data["name"], match=data["match"], user=request.user)
            messages.success(request, _("Event added."))
            return redirect("plans:events", pk=plan.pk)
    listed = rules.events_for(plan)
    links = EventMeasure.objects.filter(
        measure__revision_id=plan.current_revision_id
    ).select_related("measure")
    by_event: dict[int, list] = {}
    for link in links.order_by("measure__position"):
        by_event.setdefault(link.event_id, []).append(link.measure)
    access = get_access(request)
    rows = [
        {
            "event": e,
            "measures": by_event.get(e.pk, []),
            "can_edit": access.can_edit_org(e.organization or plan.owner),
            "form": EventDateForm(initial={"date": e.date}, prefix=f"e{e.pk}"),
        }
        for e in listed
    ]
    ctx = {"plan": plan, "rows": rows, "form": form, "can_edit": can_edit}
    return render(request, "plans/events.html", ctx, status=400 if form.errors else 200)


@login_required
@require_POST
def event_date(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    """Set or clear (`clear`) the date; the measures waiting for it follow."""
    plan, _can_edit = plan_for_user(request, pk)
    event = get_object_or_404(PlanEvent.objects.for_plan(plan), pk=event_pk)
    if not get_access(request).can_edit_org(event.organization or plan.owner):
        raise Http404("not an editor of this event")
    form = EventDateForm(request.POST, prefix=f"e{event.pk}")
    if "clear" in request.POST:
        date = None
    elif form.is_valid() and form.cleaned_data["date"]:
        date = form.cleaned_data["date"]
    else:
        messages.error(request, _("Give the date, or clear it."))
        return redirect("plans:events", pk=plan.pk)
    touched = rules.set_date(event, date, request.user)
    if date is None:
        messages.success(request, _("The date is cleared: the measures wait for the event again."))
    else:
        messages.success(
            request,
            ngettext(
                "Date saved; the measures of %(n)d plan got their deadlines.",
                "Date saved; the measures of %(n)d plans got their deadlines.",
                len(touched),
            )
            % {"n": len(touched)},
        )
    return redirect("plans:events", pk=plan.pk)
