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

from planwatch.lib.versioning import changes
from planwatch.monitoring.approvals import PeriodLocked
from planwatch.monitoring.forms import ExecutionReportForm
from planwatch.monitoring.models import Evidence, ExecutionReport, ExpectedReport
from planwatch.monitoring.models.reports import RECEIVED_STATES, WorkflowError
from planwatch.monitoring.numbers_form import NumbersForm, indicators_by_measure, saved_numbers
from planwatch.monitoring.workflow import ReportChanged, save_reports, targets_of, version_of
from planwatch.orgs.access import Access, get_access, paths_q
from planwatch.plans.models import Plan, PlanStatus

PAGE_SIZE = 20
CONFLICT_MESSAGE = gettext_lazy(
    "Nothing was saved: someone else saved the marked reports after you opened this page. "
    "Their values are shown beside yours: press the button again to save yours over theirs, "
    "or reload the page to keep theirs."
)
STALE_MESSAGE = gettext_lazy(
    "Nothing was saved: someone else saved or handed in one of these reports meanwhile. "
    "The page now shows the latest version."
)


_NOTHING_TO_SAVE = gettext_lazy("Nothing to save: every form is empty.")
_NOTHING_TO_SUBMIT = gettext_lazy(
    "Nothing was submitted: no card was changed on this page. To hand in a saved draft or a "
    "returned report as it is, tick “Submit as it is” on its card."
)


# "This period": the period in progress, the one just ended (being collected) and anything
# that fell due in the last OLDER_AFTER_DAYS. Older gaps are one click away (?older=1).
OLDER_AFTER_DAYS = 90


def executor_summary(expected_reports) -> dict:
    """Counts for the head of "Мої звіти": to hand in, returned for changes, late."""
    today = timezone.localdate()
    # unordered: the list's ordering joined the measures only to sort rows that are counted
    rows = list(expected_reports.order_by().values_list("due_date", "report__state"))
    return {
        "due": len(rows),
        "returned": sum(1 for _due, state in rows if state == "returned"),
        "late": sum(1 for due, _state in rows if due < today),
    }


def reports_to_write(access: Access, today, *, older: bool = False):
    """Outstanding reports of the user's organisations for periods that have begun."""
    expected_reports = (
        ExpectedReport.objects.active()
        .for_executor(access)
        .started(today)
        .outstanding()
        .filter(plan__status=PlanStatus.ACTIVE)
        .select_related("plan__owner", "measure", "organization", "report")
        .order_by("due_date", "plan_id", "measure__position", "organization__name", "pk")
    )
    cutoff = today - dt.timedelta(days=OLDER_AFTER_DAYS)
    return (
        expected_reports.filter(due_date__lt=cutoff)
        if older
        else expected_reports.filter(due_date__gte=cutoff)
    )


def build_forms(request: HttpRequest, expected_reports: list, *, submitting: bool = False) -> list:
    """(expected, form, evidence) for each expected report, the form's numbers (indicator values, spending)
    in `form.numbers`; evidence, indicators and saved numbers of them all in four queries."""
    reports = [s.report for s in expected_reports if s.report_or_none()]
    evidence: dict[int, list] = {}
    for e in Evidence.objects.filter(report__in=[r.pk for r in reports]):
        evidence.setdefault(e.report_id, []).append(e)
    indicators = indicators_by_measure({s.measure_id for s in expected_reports})
    saved = saved_numbers(reports)
    post = request.method == "POST"
    out = []
    for expected in expected_reports:
        report = expected.report_or_none()
        files = evidence.get(report.pk, []) if report else []
        initial = initial_for(report)
        form = ExecutionReportForm(
            request.POST or None if request.method == "POST" else None,
            request.FILES or None if request.method == "POST" else None,
            prefix=f"r{expected.pk}",
            initial=initial,
            targets=targets_of(expected),
            existing_files=len(files),
            submitting=submitting,
        )
        form.numbers = NumbersForm(
            request.POST if post else None,
            prefix=f"n{expected.pk}",
            indicators=indicators.get(expected.measure_id, []),
            funding=expected.measure.funding,
            saved=saved.get(report.pk, ({}, {})) if report else ({}, {}),
        )
        out.append((expected, form, files))
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
    expected_reports = reports_to_write(access, today, older=older)
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("expected") if i.isdigit()][:PAGE_SIZE]
        writable = reports_to_write(access, today) | reports_to_write(access, today, older=True)
        result = _post(request, list(writable.filter(pk__in=ids)))
        if isinstance(result, HttpResponse):
            return result
        items, page = result, None
    else:
        page = Paginator(expected_reports, PAGE_SIZE).get_page(request.GET.get("page"))
        items = build_forms(request, list(page))
    ctx = {
        "items": items,
        "page": page,
        "today": today,
        "received_count": _received_count(access, today),
        "older": older,
        "older_count": 0 if older else reports_to_write(access, today, older=True).count(),
        "monitored": _monitored_plans(access, today),
        "summary": executor_summary(reports_to_write(access, today))
        if access.executor_paths
        else None,
    }
    return render(request, "monitoring/my_reports.html", ctx)


def _post(request: HttpRequest, chosen: list) -> HttpResponse | list:
    """Save one draft ("save:<id>") or submit the cards changed on this page (and the ticked
    ones); on errors, the forms. A card nobody touched — a saved draft, a report the
    coordinator returned — is never handed in by "submit all" unless ticked."""
    action = request.POST.get("action", "")
    submit = action == "submit"
    if not submit:
        chosen = [s for s in chosen if action == f"save:{s.pk}"]
    items = build_forms(request, chosen, submitting=submit)
    filled = [
        (expected, form)
        for expected, form, _files in items
        if not (form.is_blank() and form.numbers.is_blank())
    ]
    if submit:
        ticked = {int(i) for i in request.POST.getlist("tick") if i.isdigit()}
        filled = [
            (expected, form)
            for expected, form in filled
            if expected.pk in ticked or form.is_edited() or form.numbers.is_edited()
        ]
    if not filled:
        messages.error(request, _NOTHING_TO_SUBMIT if submit else _NOTHING_TO_SAVE)
        return redirect("monitoring:my_reports")
    if not all(form.is_valid() & form.numbers.is_valid() for _expected, form in filled):
        messages.error(request, _("Nothing was saved: please correct the marked fields."))
        return items
    try:
        count = save_reports(filled, request.user, submit=submit)
    except ReportChanged as exc:
        if mark_conflicts(items, exc.expected_reports):
            messages.error(request, CONFLICT_MESSAGE)
            return items
        messages.error(request, STALE_MESSAGE)
        return redirect("monitoring:my_reports")
    except PeriodLocked as exc:
        messages.error(request, str(exc))
        return redirect("monitoring:my_reports")
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


def mark_conflicts(items: list, expected_reports: list) -> bool:
    """Cards a colleague saved meanwhile keep what this person typed, now over the saved
    version, with the colleague's values shown beside (`form.conflict`): sending again saves
    theirs, reloading keeps the colleague's. False if one was handed in meanwhile: nothing
    left to decide on this page."""
    fresh = {
        r.expected_id: r
        for r in ExecutionReport.objects.filter(expected__in=[s.pk for s in expected_reports])
    }
    if any(not (fresh.get(s.pk) and fresh[s.pk].is_editable) for s in expected_reports):
        return False
    for expected, form, _files in items:
        report = fresh.get(expected.pk)
        if report is None:
            continue
        theirs = {k: v for k, v in initial_for(report).items() if k != "seen"}
        form.conflict = changes(form, theirs)
        if form.numbers.has_fields() and form.numbers.is_bound:  # the numbers typed, too
            form.numbers.is_valid()
            form.conflict += changes(form.numbers, form.numbers.saved_by_field(report))
        form.data = form.data.copy()
        form.data[form.add_prefix("seen")] = version_of(report)
    return True


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
