"""Reports in Excel, for executors who work in spreadsheets: download a template of their
outstanding reports, fill it, upload it back.

Who: executors only, for their own organisations' reports — the same rule as the web form
(`ExpectedReportQuerySet.for_executor`). Coordinators do not write executors' reports, so
they get no template and no upload (404, like every other monitoring page they may not use).

An upload is checked by `xlsx_upload.validate` (the rules are there). Any error saves
nothing; otherwise all rows are saved in one transaction (`workflow.save_reports`), as drafts
or, if asked, submitted.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from planwatch.monitoring import xlsx
from planwatch.monitoring.approvals import PeriodLocked
from planwatch.monitoring.models.reports import WorkflowError
from planwatch.monitoring.views.executor import STALE_MESSAGE
from planwatch.monitoring.workflow import save_reports
from planwatch.monitoring.xlsx_upload import owed, validate
from planwatch.orgs.access import Access, get_access, paths_q
from planwatch.orgs.models import Organization

MAX_BYTES = 5 * 1024 * 1024


def max_bytes() -> int:
    return getattr(settings, "PLANWATCH_XLSX_MAX_BYTES", MAX_BYTES)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Filled-in template (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    submit = forms.BooleanField(
        label=gettext_lazy("Submit the filled reports to the coordinator (not only save drafts)"),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(
                _("The file is larger than %(n)s.") % {"n": filesizeformat(max_bytes())}
            )
        return upload


def _executor_access(request: HttpRequest) -> Access:
    access = get_access(request)
    if not access.executor_paths:
        raise Http404("not an executor")
    return access


@login_required
@require_http_methods(["GET", "POST"])
def xlsx_page(request: HttpRequest) -> HttpResponse:
    access = _executor_access(request)
    today = timezone.localdate()
    form = UploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        submit = form.cleaned_data["submit"]
        try:
            _head, rows, lines = xlsx.read_rows(upload.read(), upload.name or "upload.xlsx")
        except xlsx.TemplateError as exc:
            errors = [str(exc)]
        else:
            pairs, errors = validate(rows, access, today, submit=submit, lines=lines)
            if not errors and not pairs:
                errors = [_("Nothing to save: every row is empty.")]
            if not errors:
                return _save(request, pairs, submit)
        messages.error(
            request, _("Nothing was saved: please correct the file and upload it again.")
        )
    periods = list(
        owed(access, today).order_by("period_end").values_list("period", flat=True).distinct()
    )
    orgs = [m.org for m in access.memberships if m.org.path in access.executor_paths]
    ctx = {"form": form, "errors": errors, "periods": periods, "orgs": orgs, "today": today}
    return render(request, "monitoring/xlsx.html", ctx, status=400 if errors else 200)


def _save(request: HttpRequest, pairs: list, submit: bool) -> HttpResponse:
    try:
        count = save_reports(pairs, request.user, submit=submit)
    except PeriodLocked as exc:
        messages.error(request, str(exc))
        return redirect("monitoring:xlsx")
    except WorkflowError:
        messages.error(request, STALE_MESSAGE)
        return redirect("monitoring:xlsx")
    if submit:
        text = ngettext("%(n)d report submitted.", "%(n)d reports submitted.", count)
    else:
        text = ngettext("%(n)d draft saved.", "%(n)d drafts saved.", count)
    messages.success(request, text % {"n": count})
    return redirect("monitoring:my_reports")


@login_required
def xlsx_template(request: HttpRequest) -> HttpResponse:
    access = _executor_access(request)
    today = timezone.localdate()
    expected_reports = owed(access, today)
    period = request.GET.get("period") or ""
    if period:
        expected_reports = expected_reports.filter(period=period)
    org = request.GET.get("org") or ""
    if org:
        chosen = Organization.objects.filter(paths_q("path", access.executor_paths))
        if not org.isdigit() or not chosen.filter(pk=org).exists():
            raise Http404("not one of the user's organisations")
        expected_reports = expected_reports.filter(organization_id=org)
    expected_reports = expected_reports.select_related(
        "plan", "measure", "organization", "report"
    ).order_by("period_end", "plan_id", "measure__position", "organization__name", "pk")
    data = xlsx.build_template(list(expected_reports[: xlsx.MAX_ROWS]))
    response = HttpResponse(data, content_type=xlsx.CONTENT_TYPE)
    name = f"planwatch-zvity-{period or today.isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
