"""A filled template read back: every row checked before anything is saved.

Validated row by row exactly like the web form (the same `ExecutionReportForm`), plus what only a file
can get wrong: unknown or foreign ids, reports not owed (yet), handed-in or accepted reports,
a status not in the list, formulas, duplicate rows, a stale version. The numbers of the sheet
"Показники" (indicator values, money spent) go through the report page's `NumbersForm` and are
saved with their report under its version. Every error names its row (and the sheet, for
"Показники"). The view (`views/xlsx.py`) reads the file (`xlsx.read_rows`), calls `validate`
and saves nothing unless it returns no error.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from planwatch.monitoring import xlsx
from planwatch.monitoring.access import writes_report
from planwatch.monitoring.forms import ExecutionReportForm
from planwatch.monitoring.models import ExpectedReport, ReportState
from planwatch.monitoring.models.reports import EDITABLE_STATES
from planwatch.monitoring.numbers_form import NumbersForm, indicators_by_measure, saved_numbers
from planwatch.monitoring.workflow import targets_of, version_of
from planwatch.orgs.access import Access
from planwatch.plans.models import PlanStatus


def owed(access: Access, today: dt.date):
    """What the template lists: outstanding reports of the user's organisations, for periods
    that have begun, on active plans (the executor page's rule, every period)."""
    return (
        ExpectedReport.objects.active()
        .for_executor(access)
        .started(today)
        .outstanding()
        .filter(plan__status=PlanStatus.ACTIVE)
    )


def validate(rows: list, access: Access, today: dt.date, *, submit: bool, lines=None):
    """([(expected, bound valid ExecutionReportForm)], [error messages naming rows]) for the upload.

    `lines`: the sheet "Показники" (None if the file has none: numbers are left alone)."""
    ids = {int(r.cells["id"]) for r in rows if _is_id(r.cells.get("id"))}
    expected_by_id = {
        s.pk: s
        for s in ExpectedReport.objects.filter(pk__in=ids).select_related(
            "plan__owner", "measure", "organization", "report"
        )
    }
    labels = xlsx.status_labels()
    pairs, errors, seen_rows = [], [], {}
    errors += _attach_lines(rows, lines)
    source = _numbers_source(list(expected_by_id.values()))
    framed = {s.pk for s in expected_by_id.values() if source["indicators"].get(s.measure_id)}
    numbers = source if lines is not None else None
    for row in rows:
        problem = _row_problem(row, expected_by_id, access, today, seen_rows, labels, framed)
        if problem:
            errors.append(_("Row %(row)d: %(problem)s") % {"row": row.number, "problem": problem})
            continue
        if not row.typed():
            continue
        expected = expected_by_id[int(row.cells["id"])]
        form = _form(row, expected, labels, submit, expected.pk in framed)
        valid = form.is_valid()
        if not valid:
            errors += _form_errors(row, form)
        if numbers is not None:
            form.numbers, problems = _numbers_form(row, expected, numbers)
            errors += problems
            valid = valid and not problems
        if valid:
            pairs.append((expected, form))
    return pairs, errors


def _sheet_error(line, problem: str, column: str = "") -> str:
    where = {"sheet": xlsx.SHEET_NUMBERS, "row": line.number, "problem": problem}
    if column:
        return _("Sheet “%(sheet)s”, row %(row)d, “%(col)s”: %(problem)s") % {
            **where,
            "col": column,
        }
    return _("Sheet “%(sheet)s”, row %(row)d: %(problem)s") % where


def _attach_lines(rows: list, lines) -> list[str]:
    """Each line of "Показники" onto its report's row of "Звіти"; errors for lines that name
    no report of the sheet "Звіти", or hold a formula."""
    errors: list[str] = []
    by_id = {int(r.cells["id"]): r for r in rows if _is_id(r.cells.get("id"))}
    seen: dict[tuple, int] = {}
    for line in lines or []:
        twice = seen.setdefault((str(line.report_id), line.key), line.number)
        if twice != line.number:
            problem = _("the number is already in row %(row)d.") % {"row": twice}
            errors.append(_sheet_error(line, problem))
            continue
        row = by_id.get(int(line.report_id)) if _is_id(line.report_id) else None
        if row is None:
            problem = _("no report with ID %(id)s in the sheet “%(sheet)s”.") % {
                "id": line.report_id,
                "sheet": xlsx.SHEET,
            }
            errors.append(_sheet_error(line, problem))
        elif line.formula:
            errors.append(_sheet_error(line, _("formulas are not accepted; type the number.")))
        else:
            row.numbers.append(line)
    return errors


def _numbers_source(expected_reports: list) -> dict:
    """What every row's NumbersForm needs, read for all rows at once (two queries)."""
    return {
        "indicators": indicators_by_measure({s.measure_id for s in expected_reports}),
        "saved": saved_numbers([s.report for s in expected_reports if s.report_or_none()]),
    }


def _numbers_form(row, expected, source: dict) -> tuple[NumbersForm, list[str]]:
    """The report page's numbers form, filled from the row's lines of "Показники"."""
    report = expected.report_or_none()
    key = {line.key: line for line in row.numbers}
    form = NumbersForm(
        {f"n-{k}": _number(line.value) for k, line in key.items()},
        indicators=source["indicators"].get(expected.measure_id, []),
        funding=expected.measure.funding,
        saved=source["saved"].get(report.pk, ({}, {})) if report else ({}, {}),
    )
    errors = [
        _sheet_error(
            line, _("this number is not asked for by the report (do not change the grey cells).")
        )
        for k, line in key.items()
        if k not in form.fields
    ]
    if not form.is_valid():
        for name, messages_ in form.errors.items():
            line = key.get(name)
            for error in messages_:
                if line is None:
                    errors.append(
                        _("Row %(row)d: %(problem)s") % {"row": row.number, "problem": error}
                    )
                else:
                    errors.append(_sheet_error(line, error, str(form.fields[name].label)))
    return form, errors


def _is_id(value) -> bool:
    return isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit())


def _row_problem(row, expected_by_id, access, today, seen_rows, labels, framed) -> str | None:
    raw = row.cells.get("id")
    if raw in (None, ""):
        return _("the report ID is missing (do not clear the grey cells).")
    expected = expected_by_id.get(int(raw)) if _is_id(raw) else None
    if expected is None or not writes_report(access, expected):
        # One message for both: never a hint that another organisation's report exists.
        return _("no report with ID %(id)s among your organisation's reports.") % {"id": raw}
    if expected.pk in seen_rows:
        return _("the report is already in row %(row)d.") % {"row": seen_rows[expected.pk]}
    seen_rows[expected.pk] = row.number
    if not row.typed():
        return None  # left empty: skipped, like an empty card on the executor page
    if (
        not (expected.is_active and expected.plan.status == PlanStatus.ACTIVE)
        or expected.period_start > today
    ):
        return _("no report is owed for %(period)s on this measure (yet).") % {
            "period": expected.period
        }
    report = expected.report_or_none()
    if report is not None and report.state not in EDITABLE_STATES:
        if report.state == ReportState.ACCEPTED:
            return _("the report is accepted and locked; it cannot be changed.")
        return _("the report is already submitted; it cannot be changed unless it is returned.")
    if row.formulas:
        return _("formulas are not accepted (%(cols)s); type the values.") % {
            "cols": ", ".join(row.formulas)
        }
    status = str(row.cells.get("status") or "").strip()
    if status and status.lower() not in labels:
        return _("unknown status “%(s)s”; choose one from the list.") % {"s": status[:60]}
    if _version_cell(row) != version_of(report):
        return _(
            "someone changed this report after the template was downloaded; "
            "download a fresh template."
        )
    extra = len(row.values) - len(xlsx.reached_targets(expected, framed))
    if extra > 0 and any(v not in (None, "") for v in row.values[-extra:]):
        if expected.pk in framed:
            return _("type this measure's numbers on the sheet “%(sheet)s”.") % {
                "sheet": xlsx.SHEET_NUMBERS
            }
        return _("the measure has no target for some of the numbers filled in.")
    return None


def _form(row, expected, labels, submit: bool, framed: bool) -> ExecutionReportForm:
    status = str(row.cells.get("status") or "").strip().lower()
    data = {
        "outcome": labels.get(status, ""),
        "narrative": str(row.cells.get("narrative") or ""),
        "seen": _version_cell(row),
    }
    for i, value in enumerate([] if framed else row.values[: len(targets_of(expected))]):
        data[f"value_{i}"] = _number(value)
    return ExecutionReportForm(data, targets=targets_of(expected), submitting=submit)


def _version_cell(row) -> str:
    """The hidden version cell as `version_of` spells it (a spreadsheet may hand back 3.0)."""
    value = row.cells.get("version")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value))
    return str(value if value is not None else "").strip()


def _number(value) -> str:
    """A cell as text for a form's number field (a spreadsheet's float by its shortest repr)."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)
    return str(value).replace("\u00a0", "").replace(" ", "").replace(",", ".").rstrip("%")


def _form_errors(row, form: ExecutionReportForm) -> list[str]:
    out = []
    for name, errors in form.errors.items():
        column = str(form.fields[name].label) if name in form.fields else ""
        if name.startswith("value_"):
            column = _("Reached %(n)d") % {"n": int(name.split("_")[1]) + 1}
        for error in errors:
            out.append(
                _("Row %(row)d, “%(col)s”: %(error)s")
                % {"row": row.number, "col": column, "error": error}
            )
    return out
