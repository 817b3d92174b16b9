"""Coverage: Strategy items × organisations, with the number of measures and where they stand.

Counted are firm links (printed headings and confirmed suggestions) of measures in plans'
current revisions, for plans owned by the organisation and everything below it. A task's
measures count for its operational goal. Uncovered items come first: they are the gaps.
Status per measure is the monitoring app's rule over accepted reports. Five queries whatever
the amount of data; the roll-up reports can call `coverage_matrix` or include the summary
partial (`{% strategy_coverage_summary org %}`).
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Case, Count, F, Q, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from planwatch.importer.readers.tabular import escape_formula
from planwatch.orgs.models import Organization
from planwatch.strategy.models import Crosswalk, Level, Source, StrategyDocument, StrategyItem

STATUSES = ("done", "in_progress", "not_done", "postponed", "obsolete", "no_data")


def document_for(code: str | None) -> StrategyDocument:
    """The Strategy a coverage is measured against: the one with `code`, else the current
    one (else the first loaded); 404 when there is none (pages and API alike)."""
    if code:
        return get_object_or_404(StrategyDocument, code=code)
    document = StrategyDocument.objects.current() or StrategyDocument.objects.first()
    if document is None:
        raise Http404("no Strategy loaded (manage.py load_strategy)")
    return document


@dataclass
class Cell:
    """Measures of one organisation for one item, by their reported status.

    Status is the monitoring app's rule over accepted reports (`monitoring.status`);
    `overdue`: deadline passed and neither done nor obsolete. Without the monitoring app
    every measure is "no_data" and only `overdue` speaks.
    """

    measures: int = 0
    done: int = 0
    in_progress: int = 0
    not_done: int = 0
    postponed: int = 0
    obsolete: int = 0
    no_data: int = 0
    overdue: int = 0


@dataclass
class Row:
    item: StrategyItem
    cells: list[Cell] = field(default_factory=list)
    suggested: int = 0  # measures whose best suggestion is this item, awaiting review

    @property
    def total(self) -> int:
        return sum(c.measures for c in self.cells)

    @property
    def covered_by(self) -> int:
        return sum(1 for c in self.cells if c.measures)


@dataclass
class Matrix:
    org: Organization
    document: StrategyDocument
    columns: list[Organization]
    rows: list[Row]

    @property
    def uncovered(self) -> list[Row]:
        return [r for r in self.rows if not r.total]

    @property
    def covered(self) -> list[Row]:
        return [r for r in self.rows if r.total]

    def ordered(self) -> list[Row]:
        return self.uncovered + self.covered


def _row_id():
    """A task's links count for its operational goal (the matrix row)."""
    return Case(
        When(
            item__level=Level.TASK,
            item__parent__level=Level.OPERATIONAL_GOAL,
            then=F("item__parent_id"),
        ),
        default=F("item_id"),
    )


def _links(org: Organization, document: StrategyDocument):
    return Crosswalk.objects.for_measures().filter(
        item__document=document,
        measure__revision__is_current=True,
        measure__revision__plan__owner__path__startswith=org.path,
    )


def coverage_matrix(org: Organization, document: StrategyDocument, on: dt.date) -> Matrix:
    items = list(StrategyItem.objects.of(document).matrix_rows().select_related("parent"))
    firm = _links(org, document).firm()
    links = set(
        firm.annotate(row=_row_id())
        .order_by()
        .values_list(
            "row", "measure__revision__plan__owner_id", "measure_id", "measure__deadline_end"
        )
    )
    status = measure_statuses(firm.values("measure_id"))
    table: dict[tuple[int, int], Cell] = defaultdict(Cell)
    for row, owner, measure_id, deadline_end in links:
        _count(table[(row, owner)], status.get(measure_id, "no_data"), deadline_end, on)
    owners = {owner for _, owner in table}
    columns = list(
        Organization.objects.filter(
            Q(pk__in=owners) | Q(path__startswith=org.path, plans__current_revision__isnull=False)
        )
        .distinct()
        .order_by("path")
    )
    suggested = _suggested(org, document)
    rows = [
        Row(item, [table.get((item.pk, c.pk), Cell()) for c in columns], suggested[item.pk])
        for item in items
    ]
    return Matrix(org, document, columns, rows)


def _count(cell: Cell, status: str, deadline_end, on: dt.date) -> None:
    cell.measures += 1
    name = status if status in STATUSES else "no_data"
    setattr(cell, name, getattr(cell, name) + 1)
    if deadline_end is not None and deadline_end < on and status not in ("done", "obsolete"):
        cell.overdue += 1


def _suggested(org: Organization, document: StrategyDocument) -> dict[int, int]:
    counts = (
        _links(org, document)
        .filter(source=Source.SUGGESTED, rank=1)
        .annotate(row=_row_id())
        .values("row")
        .annotate(n=Count("measure", distinct=True))
    )
    out: dict[int, int] = defaultdict(int)
    for row in counts:
        out[row["row"]] = row["n"]
    return out


def measure_statuses(measure_ids) -> dict[int, str]:
    """{measure id: status} by the monitoring app's rule, one query; {} without the app."""
    if not apps.is_installed("planwatch.monitoring"):
        return {}
    try:
        from planwatch.monitoring.status import accepted_rows, statuses
    except ImportError:  # an older monitoring app without the status rule
        return {}
    return statuses(accepted_rows(measure_ids))


# --- .xlsx --------------------------------------------------------------------------------

HEADER_FILL = PatternFill("solid", fgColor="EEF1F5")
GAP_FILL = PatternFill("solid", fgColor="FBE3E3")


STATUS_HEADER = [
    "виконано",
    "виконується",
    "не виконано",
    "перенесено",
    "втратив актуальність",
    "немає звіту",
    "прострочено",
]


def _text(value: str) -> str:
    """Organisation names are typed by people: one starting with "=" must not become a
    formula (openpyxl stores such a string as one), so it gets the "'" prefix."""
    return escape_formula(str(value))


def _status_sheet(book: Workbook, matrix: Matrix) -> None:
    sheet = book.create_sheet("Статуси")
    sheet.append(["№", "Пункт Стратегії", "Організація", "Заходів", *STATUS_HEADER])
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    for row in matrix.ordered():
        for org, c in zip(matrix.columns, row.cells, strict=True):
            if c.measures:
                counts = [getattr(c, name) for name in (*STATUSES, "overdue")]
                sheet.append(
                    [row.item.number, row.item.title, _text(org.name), c.measures, *counts]
                )
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 40


def matrix_xlsx(matrix: Matrix) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Покриття"
    sheet.append([_text(matrix.document.title)])
    sheet.append([_text(matrix.org.name)])
    names = [_text(c.name) for c in matrix.columns]
    header = ["№", "Пункт Стратегії", *names, "Усього", "Запропоновано"]
    sheet.append(header)
    for cell in sheet[3]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in matrix.ordered():
        values = [c.measures or None for c in row.cells]
        sheet.append([row.item.number, row.item.title, *values, row.total, row.suggested or None])
        if not row.total:
            for cell in sheet[sheet.max_row]:
                cell.fill = GAP_FILL
    sheet.column_dimensions["B"].width = 70
    sheet.freeze_panes = "C4"
    _status_sheet(book, matrix)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
