"""Meetings register pages: a plan's meetings, one meeting with its decisions, a decision's
progress, the minutes download, and the personal calendar feed (`calendar.py`).

Every view goes through `access.py`: readers of the plan read, its coordinators write, the
responsible organisation reports a decision's progress; others 404 (403 for a reader's write).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from planwatch.lib.storage import uploaded_file_response
from planwatch.meetings import access
from planwatch.meetings import calendar as feed
from planwatch.meetings.duties import owed
from planwatch.meetings.forms import DecisionForm, MeetingForm, ProgressForm
from planwatch.meetings.models import CLOSED, CalendarToken, Decision, DecisionStatus, Meeting
from planwatch.monitoring.evidence import CONTENT_TYPES


@login_required
@require_GET
def plan_meetings(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's meetings (newest first), its meeting duties owed, its open decisions."""
    plan, can_edit = access.get_plan_for_reader(request, pk)
    today = timezone.localdate()
    open_q = ~Q(decisions__status__in=CLOSED)
    meetings = Meeting.objects.of_plan(plan).annotate(
        n_decisions=Count("decisions", distinct=True),
        n_open=Count("decisions", filter=open_q, distinct=True),
        n_overdue=Count("decisions", filter=open_q & Q(decisions__due_date__lt=today)),
    )
    decisions = (
        Decision.objects.filter(meeting__plan=plan)
        .open()
        .select_related("responsible", "meeting")
        .order_by("due_date", "pk")[:200]
    )
    ctx = {
        "plan": plan,
        "can_edit": can_edit,
        "meetings": meetings,
        "decisions": decisions,
        "owed": owed(plan, today),
        "today": today,
    }
    return render(request, "meetings/plan.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_editor(request, pk)
    return _meeting_form(request, Meeting(plan=plan, created_by=request.user))


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_form(request, access.get_meeting_for_editor(request, pk))


def _meeting_form(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    post = request.method == "POST"
    form = MeetingForm(request.POST if post else None, request.FILES or None, instance=meeting)
    if post and form.is_valid():
        meeting = form.save(commit=False)
        upload = form.cleaned_data.get("minutes_file")
        old = meeting.minutes.name if upload and meeting.minutes else ""
        if upload:
            meeting.minutes_kind = upload.planwatch_kind
            meeting.minutes_name = upload.planwatch_name
            meeting.minutes.save(upload.planwatch_name, upload, save=False)
        meeting.save()
        if old:  # the replaced file leaves once the new row is committed
            storage = meeting.minutes.storage
            transaction.on_commit(lambda: storage.delete(old))
        messages.success(request, _("The meeting is saved."))
        return redirect(meeting)
    ctx = {"plan": meeting.plan, "meeting": meeting, "form": form}
    return render(request, "meetings/meeting_form.html", ctx, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a meeting recorded by mistake (a duplicate, a wrong plan), after a confirmation.

    Its decisions go with it, unless someone has reported work on one (in progress, done, a
    date or a note): then the meeting stays and the page says which decisions hold it, so no
    one's reported progress disappears silently. A deleted meeting no longer meets its
    period's meeting duty; its minutes file is removed once the deletion is committed."""
    meeting = access.get_meeting_for_editor(request, pk)
    decisions = list(meeting.decisions.select_related("responsible"))
    holding = [d for d in decisions if _has_progress(d)]
    if request.method == "POST" and not holding:
        plan, minutes = meeting.plan, meeting.minutes.name
        storage = meeting.minutes.storage
        with transaction.atomic():
            meeting.delete()
            if minutes:
                transaction.on_commit(lambda: storage.delete(minutes))
        messages.success(request, _("The meeting is deleted."))
        return redirect("meetings:plan", plan.pk)
    ctx = {"plan": meeting.plan, "meeting": meeting, "decisions": decisions, "holding": holding}
    return render(
        request,
        "meetings/meeting_delete.html",
        ctx,
        status=409 if holding and request.method == "POST" else 200,
    )


def _has_progress(decision: Decision) -> bool:
    return decision.status in (DecisionStatus.IN_PROGRESS, DecisionStatus.DONE) or bool(
        decision.done_on or decision.note.strip()
    )


@login_required
@require_GET
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, can_edit = access.get_meeting_for_user(request, pk)
    decisions = meeting.decisions.select_related("responsible")
    nxt = (max((d.number for d in decisions), default=0)) + 1
    form = DecisionForm(plan=meeting.plan, initial={"number": nxt}) if can_edit else None
    ctx = {
        "plan": meeting.plan,
        "meeting": meeting,
        "decisions": decisions,
        "can_edit": can_edit,
        "form": form,
        "today": timezone.localdate(),
    }
    return render(request, "meetings/meeting.html", ctx)


@login_required
@require_POST
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_editor(request, pk)
    form = DecisionForm(request.POST, plan=meeting.plan)
    if form.is_valid():
        decision = form.save(commit=False)
        decision.meeting = meeting
        decision.save()
        messages.success(request, _("The decision is added."))
        return redirect(meeting)
    ctx = {
        "plan": meeting.plan,
        "meeting": meeting,
        "decisions": meeting.decisions.select_related("responsible"),
        "can_edit": True,
        "form": form,
        "today": timezone.localdate(),
    }
    return render(request, "meetings/meeting.html", ctx, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    """Coordinators edit the whole decision; the responsible organisation its progress."""
    decision, can_edit, can_report = access.get_decision_for_user(request, pk)
    plan = decision.meeting.plan
    form_class = DecisionForm if can_edit else ProgressForm
    kwargs = {"plan": plan} if can_edit else {}
    if request.method == "POST":
        access.require(can_report)
        form = form_class(request.POST, instance=decision, **kwargs)
        if form.is_valid():
            form.save()
            messages.success(request, _("The decision is saved."))
            return redirect(decision.meeting)
    else:
        form = form_class(instance=decision, **kwargs) if can_report else None
    ctx = {"plan": plan, "decision": decision, "form": form, "today": timezone.localdate()}
    status = 400 if form is not None and form.errors else 200
    return render(request, "meetings/decision.html", ctx, status=status)


@login_required
@require_GET
def minutes(request: HttpRequest, pk: int) -> FileResponse:
    meeting, _can_edit = access.get_meeting_for_user(request, pk)
    if not meeting.minutes:
        raise Http404("no minutes")
    return uploaded_file_response(
        meeting.minutes,
        meeting.minutes_name or f"protokol.{meeting.minutes_kind}",
        CONTENT_TYPES.get(meeting.minutes_kind, "application/octet-stream"),
        as_attachment=meeting.minutes_kind != "pdf",
    )


@login_required
@require_http_methods(["GET", "POST"])
def calendar_page(request: HttpRequest) -> HttpResponse:
    """The user's feed address; POST makes a new one (the old address stops working)."""
    token, created = CalendarToken.objects.get_or_create(user=request.user)
    if request.method == "POST" and not created:
        token.regenerate()
        messages.success(request, _("A new address is made; the old one no longer works."))
        return redirect("meetings:calendar")
    url = request.build_absolute_uri(feed.feed_path(token))
    return render(request, "meetings/calendar.html", {"url": url})


@require_GET
def calendar_feed(request: HttpRequest, key: str) -> HttpResponse:
    """The feed itself: no login, the key is the secret; an unknown key is 404."""
    token = CalendarToken.objects.filter(key=key).select_related("user").first()
    if token is None or not token.user.is_active:
        raise Http404("unknown calendar")
    body = feed.build(token.user, timezone.localdate())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="planwatch.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
