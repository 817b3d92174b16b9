"""The executor's page: "my measures this period" — one form per measure, save, submit all.

Also the landing page of the monitoring section: plans the user monitors are listed above.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from planwatch.accounts.home import executor_summary
from planwatch.monitoring.forms import ReportForm
from planwatch.monitoring.models import Evidence, ExpectedReport
from planwatch.monitoring.models.reports import RECEIVED_STATES, WorkflowError
from planwatch.monitoring.workflow import save_reports, targets_of, version_of
from planwatch.orgs.access import Access, get_access, paths_q
from planwatch.plans.models import Plan, PlanStatus

PAGE_SIZE = 20
STALE_MESSAGE = gettext_lazy(
    "Nothing was saved: someone else saved or handed in one of these reports meanwhile. "
    "The page now shows the latest version."
)


# "This period": the period in progress, the one just ended (being collected) and anything
# that fell due in the last OLDER_AFTER_DAYS. Older gaps are one click away (?older=1).
OLDER_AFTER_DAYS = 90


def todo_slots(access: Access, today, *, older: bool = False):
    """Outstanding reports of the user's organisations for periods that have begun."""
    slots = (
        ExpectedReport.objects.active()
        .for_executor(access)
        .started(today)
        .outstanding()
        .filter(plan__status=PlanStatus.ACTIVE)
        .select_related("plan__owner", "measure", "organization", "report")
        .order_by("due_date", "plan_id", "measure__position", "organization__name", "pk")
    )
    cutoff = today - dt.timedelta(days=OLDER_AFTER_DAYS)
    return slots.filter(due_date__lt=cutoff) if older else slots.filter(due_date__gte=cutoff)


def build_forms(request: HttpRequest, slots: list, *, submitting: bool = False) -> list:
    """(slot, form, evidence) for each slot; evidence of all slots in one query."""
    report_ids = [s.report.pk for s in slots if s.report_or_none()]
    evidence: dict[int, list] = {}
    for e in Evidence.objects.filter(report__in=report_ids):
        evidence.setdefault(e.report_id, []).append(e)
    out = []
    for slot in slots:
        report = slot.report_or_none()
        files = evidence.get(report.pk, []) if report else []
        initial = initial_for(report)
        form = ReportForm(
            request.POST or None if request.method == "POST" else None,
            request.FILES or None if request.method == "POST" else None,
            prefix=f"r{slot.pk}",
            initial=initial,
            targets=targets_of(slot),
            existing_files=len(files),
            submitting=submitting,
        )
        out.append((slot, form, files))
    return out


def initial_for(report) -> dict:
    if report is None:
        return {}
    initial = {
        "outcome": report.outcome,
        "narrative": report.narrative,
        "seen": version_of(report),
    }
    for index, item in enumerate(report.values or []):
        initial[f"value_{index}"] = item.get("value")
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def my_reports(request: HttpRequest) -> HttpResponse:
    access = get_access(request)
    today = timezone.localdate()
    older = request.GET.get("older") == "1"
    slots = todo_slots(access, today, older=older)
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("slot") if i.isdigit()][:PAGE_SIZE]
        writable = todo_slots(access, today) | todo_slots(access, today, older=True)
        result = _post(request, list(writable.filter(pk__in=ids)))
        if isinstance(result, HttpResponse):
            return result
        items, page = result, None
    else:
        page = Paginator(slots, PAGE_SIZE).get_page(request.GET.get("page"))
        items = build_forms(request, list(page))
    ctx = {
        "items": items,
        "page": page,
        "today": today,
        "received_count": _received_count(access, today),
        "older": older,
        "older_count": 0 if older else todo_slots(access, today, older=True).count(),
        "monitored": _monitored_plans(access, today),
        "summary": executor_summary(todo_slots(access, today)) if access.executor_paths else None,
    }
    return render(request, "monitoring/my_reports.html", ctx)


def _post(request: HttpRequest, chosen: list) -> HttpResponse | list:
    """Save one draft ("save:<id>") or submit every filled form; on errors, the forms."""
    action = request.POST.get("action", "")
    submit = action == "submit"
    if not submit:
        chosen = [s for s in chosen if action == f"save:{s.pk}"]
    items = build_forms(request, chosen, submitting=submit)
    filled = [(slot, form) for slot, form, _files in items if not form.is_blank()]
    if not filled:
        messages.error(request, _("Nothing to save: every form is empty."))
        return redirect("monitoring:my_reports")
    if not all(form.is_valid() for _slot, form in filled):
        messages.error(request, _("Nothing was saved: please correct the marked fields."))
        return items
    try:
        count = save_reports(filled, request.user, submit=submit)
    except WorkflowError:
        messages.error(request, STALE_MESSAGE)
        return redirect("monitoring:my_reports")
    if submit:
        messages.success(
            request,
            ngettext("%(n)d report submitted.", "%(n)d reports submitted.", count) % {"n": count},
        )
    else:
        messages.success(request, _("Draft saved."))
    return redirect("monitoring:my_reports")


def _received_count(access: Access, today) -> int:
    return (
        ExpectedReport.objects.active()
        .for_executor(access)
        .started(today)
        .filter(report__state__in=RECEIVED_STATES)
        .count()
    )


def _monitored_plans(access: Access, today) -> list[Plan]:
    """Plans whose dashboards the user may open, with what is due so far (one query)."""
    if not (access.is_superuser or access.seeing_paths):
        return []
    plans = Plan.objects.filter(status=PlanStatus.ACTIVE).select_related("owner")
    if not access.is_superuser:
        plans = plans.filter(paths_q("owner__path", access.seeing_paths))
    due = Q(
        expected_reports__is_active=True,
        expected_reports__optional=False,
        expected_reports__due_date__lt=today,
    )
    received = due & Q(expected_reports__report__state__in=RECEIVED_STATES)
    plans = plans.annotate(
        due_count=Count("expected_reports", filter=due),
        received_count=Count("expected_reports", filter=received),
    )
    out = list(plans.order_by("owner__path", "title")[:50])
    for plan in out:
        plan.missing_count = plan.due_count - plan.received_count
    return out
