"""Reports through Excel: a template of the executor's outstanding reports, and its upload.

The template has one row per expected report: a protected, stable id (the ExpectedReport's)
and a hidden version (the report's `version_of`, so an upload over a newer save by a colleague
is refused like a stale web form), the plan, measure, executor, period and due date (locked),
then the cells to fill: status (a drop-down of the Ukrainian labels), narrative and a number per
indicator target. A second sheet ("Показники") has one row per number the report page asks for
— an indicator's value, each of its categories, the money spent per source — keyed by the report
ID and a hidden field key (`NumbersForm`'s field names), prefilled with what is saved. An
instructions sheet explains it in Ukrainian.

Every text cell written goes through `escape` (formula injection: "=…", "+…", "-…", "@…", tab,
CR get a leading apostrophe); `unescape` takes back exactly that apostrophe on upload, so a
narrative that starts with "- " survives the round trip.

Reading: `read_rows` checks the bytes first (a zip holding xl/workbook.xml; no zip bomb, no
DOCTYPE/ENTITY — the importer's `safety`), then openpyxl in read_only mode (it parses through
defusedxml, which is installed). Validation against the database is `xlsx_upload.py`'s job.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from planwatch.importer import safety
from planwatch.importer.errors import PlanImportError
from planwatch.monitoring.indicators import to_decimal
from planwatch.monitoring.models import ExpectedReport, Outcome
from planwatch.monitoring.workflow import targets_of, version_of

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
MAX_ROWS = 2000
MAX_TARGETS = 10
SHEET = "Звіти"
SHEET_NUMBERS = "Показники"
FIXED = ["id", "version", "plan", "number", "measure", "organization", "period", "due"]
FILLED = ["status", "narrative"]
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TemplateError(ValueError):
    """The upload is not a readable planwatch template (the message says why)."""


def escape(value):
    """A string that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return value


def unescape(text: str) -> str:
    if len(text) > 1 and text[0] == "'" and text[1] in DANGEROUS:
        return text[1:]
    return text


def headers(n_targets: int) -> list[str]:
    out = [
        _("Report ID"),
        _("Version (do not change)"),
        _("Plan"),
        _("No."),
        _("Measure"),
        _("Executor"),
        _("Period"),
        _("Due"),
        _("Status"),
        _("What was done"),
    ]
    for i in range(1, n_targets + 1):
        out += [_("Target %(n)d") % {"n": i}, _("Reached %(n)d") % {"n": i}]
    return out


def number_headers() -> list[str]:
    return [
        _("Report ID"),
        _("Key (do not change)"),
        _("No."),
        _("Indicator or money"),
        _("Category or source"),
        _("Unit"),
        _("Target"),
        _("Value"),
    ]


def status_labels() -> dict[str, str]:
    """{lower-case label or code: code}: the Ukrainian labels, the English ones, the codes."""
    out = {}
    for lang in (settings.LANGUAGE_CODE, "en"):
        with translation.override(lang):
            out.update({str(label).lower(): code for code, label in Outcome.choices})
    out.update({code: code for code in Outcome.values})
    out.update(ALIASES)
    return out


# The words of the plans' own report forms (domain.md), accepted beside the UI's labels.
ALIASES = {
    "виконано": "done",
    "виконується": "in_progress",
    "триває": "in_progress",
    "не виконано": "not_done",
    "перенесено": "postponed",
    "втратив актуальність": "obsolete",
}


def build_template(expected_reports: list[ExpectedReport]) -> bytes:
    """The workbook for `expected_reports` (with their plan, measure, organisation and report loaded)."""
    from openpyxl import Workbook

    with translation.override(settings.LANGUAGE_CODE):
        wb = Workbook()
        ws = wb.active
        ws.title = SHEET
        lines = number_lines(expected_reports)
        framed = {line[0] for line in lines if line[1].startswith("i")}
        n_targets = max([len(reached_targets(s, framed)) for s in expected_reports] + [0])
        _write_rows(ws, expected_reports, n_targets, framed)
        _format(ws, len(expected_reports), n_targets)
        _write_numbers(wb.create_sheet(SHEET_NUMBERS), lines)
        _instructions(wb.create_sheet(_("Instructions")))
        buffer = io.BytesIO()
        wb.save(buffer)
    return buffer.getvalue()


def reached_targets(expected: ExpectedReport, framed: set[int]) -> list[dict]:
    """The targets a row's "Reached" columns answer: none for a report whose measure has
    indicators (`framed`: such reports' ids) — its numbers are on the sheet "Показники",
    as the report page asks for the indicators instead of the targets."""
    return [] if expected.pk in framed else targets_of(expected)


def _write_rows(ws, expected_reports, n_targets: int, framed: set[int]) -> None:
    from openpyxl.styles import Font, PatternFill, Protection

    ws.append([escape(h) for h in headers(n_targets)])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    grey = PatternFill("solid", fgColor="EEF1F4")
    open_cell = Protection(locked=False)
    for r, expected in enumerate(expected_reports, start=2):
        report = expected.report_or_none()
        targets = reached_targets(expected, framed)
        values = (report.values or []) if report else []
        row = [
            expected.pk,
            version_of(report),
            expected.plan.title,
            expected.measure.number,
            expected.measure.text,
            expected.organization.name,
            expected.period,
            expected.due_date,
            str(Outcome(report.outcome).label) if report and report.outcome else "",
            report.narrative if report else "",
        ]
        for i in range(n_targets):
            target = targets[i] if i < len(targets) else None
            reached = values[i].get("value") if i < len(values) else None
            row += [_target_text(target) if target else "", reached if target else None]
        ws.append([escape(v) for v in row])
        for c, cell in enumerate(ws[r], start=1):
            editable = c in (9, 10) or (c >= 12 and c % 2 == 0 and (c - 12) // 2 < len(targets))
            if editable:
                cell.protection = open_cell
            else:
                cell.fill = grey
        ws.cell(r, 8).number_format = "DD.MM.YYYY"


def number_lines(expected_reports: list[ExpectedReport]) -> list[list]:
    """One line per number each report asks for, as the report page's `NumbersForm` has them
    (indicators and saved numbers of them all in three queries)."""
    from planwatch.monitoring.numbers_form import NumbersForm, indicators_by_measure, saved_numbers
    from planwatch.monitoring.spending import UNIT
    from planwatch.plans.templatetags.planwatch import FUNDING

    indicators = indicators_by_measure({s.measure_id for s in expected_reports})
    saved = saved_numbers([s.report for s in expected_reports if s.report_or_none()])
    lines = []
    for expected in expected_reports:
        report = expected.report_or_none()
        form = NumbersForm(
            indicators=indicators.get(expected.measure_id, []),
            funding=expected.measure.funding,
            saved=saved.get(report.pk, ({}, {})) if report else ({}, {}),
        )
        by_key = {f"i{i.pk}": i for i in form.indicators}
        for key in form.fields:
            value = to_decimal(form.initial.get(key))
            if key.startswith("s_"):
                what, detail, unit, target = _("Money spent"), FUNDING[key[2:]], UNIT, None
            else:
                ind = by_key[key.split("_c")[0]]
                total = "_c" not in key
                detail = _("total") if total else form.fields[key].label
                what, unit, target = ind.name, ind.unit, ind.end_target if total else None
            lines.append(
                [expected.pk, key, expected.measure.number, what, str(detail), unit, target, value]
            )
    return lines


def _write_numbers(ws, lines: list[list]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    ws.append([escape(h) for h in number_headers()])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    grey = PatternFill("solid", fgColor="EEF1F4")
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, line in enumerate(lines, start=2):
        ws.append([escape(v) for v in line])
        for c, cell in enumerate(ws[r], start=1):
            cell.alignment = wrap
            if c == NUMBER_VALUE:
                cell.protection = Protection(locked=False)
            else:
                cell.fill = grey
    for c, width in enumerate([10, 4, 7, 50, 30, 12, 10, 14], start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.column_dimensions["B"].hidden = True
    ws.freeze_panes = "D2"
    number = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
    number.error = _("A number, zero or more.")
    number.showErrorMessage = True
    number.add(f"H2:H{max(len(lines) + 1, 2)}")
    ws.add_data_validation(number)
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _target_text(target: dict) -> str:
    return f"{target.get('value')} {target.get('unit') or ''} — {target.get('text') or ''}".strip()


def _format(ws, n_rows: int, n_targets: int) -> None:
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    widths = [10, 4, 30, 7, 50, 28, 10, 12, 20, 60] + [24, 12] * n_targets
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.column_dimensions["B"].hidden = True
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in ws.iter_rows(min_row=2, max_row=n_rows + 1):
        for cell in row:
            cell.alignment = wrap
    ws.freeze_panes = "C2"
    last = n_rows + 1
    labels = ",".join(str(label) for _code, label in Outcome.choices)
    status = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True)
    status.error = _("Choose the status from the list.")
    status.errorTitle = _("Status")
    status.showErrorMessage = True
    status.add(f"I2:I{max(last, 2)}")
    ws.add_data_validation(status)
    if n_targets:
        number = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
        number.error = _("A number, zero or more.")
        number.showErrorMessage = True
        for i in range(n_targets):
            col = get_column_letter(12 + 2 * i)
            number.add(f"{col}2:{col}{max(last, 2)}")
        ws.add_data_validation(number)
    # Locked cells (ids, plan, measure…) cannot be changed; columns and rows can be resized.
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _instructions(ws) -> None:
    from openpyxl.styles import Font

    lines = [
        _("How to fill in the reports"),
        "",
        _("1. The sheet “Звіти” has one row per report your organisation owes."),
        _(
            "2. Fill in only the white cells: status (choose from the list), what was done, and "
            "the numbers reached against the indicator's targets."
        ),
        _(
            "3. Do not change, add or delete rows or the grey cells: the report ID ties each row "
            "to its report."
        ),
        _("4. Rows you leave empty are skipped."),
        _(
            "5. Upload the file on the page “Reports in Excel”. If any row has an error, nothing "
            "is saved and every error is listed with its row number."
        ),
        _(
            "6. Saved rows become drafts; tick “submit” to hand them in to the coordinator at "
            "once (then status and what was done are required)."
        ),
        _(
            "7. If a colleague changed a report after you downloaded this file, download a fresh "
            "one."
        ),
        _(
            "8. The sheet “Показники” has the numbers of each report: the indicators' values (in "
            "total and by category) and the money spent per source, thousand UAH. Type them in "
            "the column “Value” (for example 1 250,5); an emptied cell removes its number."
        ),
    ]
    ws.column_dimensions["A"].width = 110
    for line in lines:
        ws.append([escape(line)])
    ws["A1"].font = Font(bold=True, size=13)


@dataclass
class Row:
    number: int  # the spreadsheet's row number, as the user sees it
    cells: dict[str, object] = field(default_factory=dict)
    values: list[object] = field(default_factory=list)  # "reached" per target column
    formulas: list[str] = field(default_factory=list)  # headers of cells holding a formula
    numbers: list[NumberLine] = field(default_factory=list)  # its lines of "Показники"

    def typed(self) -> bool:
        """Anything filled in besides the locked columns (on either sheet)."""
        filled = [self.cells.get("status"), self.cells.get("narrative"), *self.values]
        filled += [line.value for line in self.numbers]
        return any(v not in (None, "") for v in filled)


@dataclass
class NumberLine:
    """A row of the sheet "Показники": a report's number, by its field key."""

    number: int
    report_id: object
    key: str
    value: object
    formula: bool = False


def check_bytes(data: bytes, name: str) -> None:
    """An .xlsx by its content: a zip with a workbook part, safe to hand to openpyxl."""
    if not data.startswith(b"PK\x03\x04"):
        raise TemplateError(_("The file is not an Excel workbook (.xlsx)."))
    try:
        with safety.open_zip(data, name, "Excel workbook (.xlsx)") as zf:
            if "xl/workbook.xml" not in zf.namelist():
                raise TemplateError(_("The file is not an Excel workbook (.xlsx)."))
            safety.check_zip_xml(zf, name)
    except PlanImportError as exc:
        raise TemplateError(_("The file cannot be read: %(why)s") % {"why": exc}) from None


def read_rows(data: bytes, name: str) -> tuple[list[str], list[Row], list[NumberLine] | None]:
    """(headers, rows, number lines) of the template's sheets; TemplateError if it is not our
    template. Number lines are None for a file without the sheet "Показники" (its reports'
    numbers are then left as they are)."""
    from openpyxl import load_workbook

    check_bytes(data, name)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 — openpyxl has no common error base
        raise TemplateError(_("The file cannot be read as an Excel workbook.")) from None
    try:
        ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
        head, rows = _rows(ws)
        lines = _number_lines(wb[SHEET_NUMBERS]) if SHEET_NUMBERS in wb.sheetnames else None
        return head, rows, lines
    finally:
        wb.close()


def _rows(ws) -> tuple[list[str], list[Row]]:
    it = ws.iter_rows()
    head = [str(c.value or "").strip() for c in next(it, ())]
    with translation.override(settings.LANGUAGE_CODE):
        expected = headers(MAX_TARGETS)
    n_targets = (len([h for h in head if h]) - len(FIXED) - len(FILLED)) // 2
    if (
        not 0 <= n_targets <= MAX_TARGETS
        or head[: 10 + 2 * n_targets] != expected[: 10 + 2 * n_targets]
    ):
        raise TemplateError(
            _("This is not a planwatch report template: download it from this page.")
        )
    rows = []
    for number, cells in enumerate(it, start=2):
        if number > MAX_ROWS + 1:
            raise TemplateError(
                ngettext("At most %(n)d row per file.", "At most %(n)d rows per file.", MAX_ROWS)
                % {"n": MAX_ROWS}
            )
        row = Row(number)
        for c, cell in enumerate(cells[: 10 + 2 * n_targets]):
            value = cell.value
            if getattr(cell, "data_type", None) == "f":
                row.formulas.append(head[c])
            if isinstance(value, str):
                value = unescape(value.strip())
            if c < 10:
                row.cells[(FIXED + FILLED)[c]] = value
            elif c % 2 == 1:  # "reached i" (the "target i" columns are read-only text)
                row.values.append(value)
        row.values += [None] * (n_targets - len(row.values))
        if row.cells.get("id") not in (None, "") or row.typed():
            rows.append(row)
    return head, rows


NUMBER_VALUE = 8  # 1-based column of "Value" on the sheet "Показники"


def _number_lines(ws) -> list[NumberLine]:
    it = ws.iter_rows()
    head = [str(c.value or "").strip() for c in next(it, ())]
    with translation.override(settings.LANGUAGE_CODE):
        expected = number_headers()
    if head[: len(expected)] != expected:
        raise TemplateError(
            _("This is not a planwatch report template: download it from this page.")
        )
    lines = []
    for number, cells in enumerate(it, start=2):
        if number > MAX_ROWS * 20 + 1:
            raise TemplateError(_("At most %(n)d rows per file.") % {"n": MAX_ROWS * 20})
        values = [c.value for c in cells[:NUMBER_VALUE]]
        values += [None] * (NUMBER_VALUE - len(values))
        if all(v in (None, "") for v in values):
            continue
        value = values[NUMBER_VALUE - 1]
        formula = (
            len(cells) >= NUMBER_VALUE
            and getattr(cells[NUMBER_VALUE - 1], "data_type", None) == "f"
        )
        if isinstance(value, str):
            value = unescape(value.strip())
        lines.append(NumberLine(number, values[0], str(values[1] or "").strip(), value, formula))
    return lines
