"""The roll-up as a workbook: sheets "Громади", "Прострочені", "Показники", "Кошти",
"Показники (рамка)"; text stays text (the toolkit's `workbook`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from planwatch.documents import workbook
from planwatch.rollup import doc_figures as f
from planwatch.rollup import doc_rows as d
from planwatch.rollup.data import Rollup

FONT = workbook.FONT


def render(data: Rollup) -> bytes:
    return workbook.make(lambda book: _fill(book, data))


def _fill(book, data: Rollup) -> None:
    bold = book.add_format({"bold": True, "font_name": FONT})
    wrap = book.add_format({"text_wrap": True, "valign": "top", "font_name": FONT})
    head = book.add_format(
        {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#E8ECF1", "border": 1,
         "font_name": FONT}
    )  # fmt: skip
    sheet = book.add_worksheet("Громади")
    title, subtitle = d.title_lines(data)
    sheet.write(0, 0, title, bold)
    sheet.write(1, 0, subtitle)
    sheet.write_row(3, 0, d.SUMMARY_HEADERS, head)
    for i, (kind, cells, _label) in enumerate(d.summary_rows(data), start=4):
        _write_row(sheet, i, [cells[0].strip(), *cells[1:]], bold if kind != "plan" else wrap)
    sheet.set_column(0, 0, 60)
    sheet.set_column(1, len(d.SUMMARY_HEADERS) - 1, 13)
    sheet.freeze_panes(4, 1)
    _table_sheet(
        book, "Прострочені", d.OVERDUE_HEADERS, d.overdue_rows(data), [5, 30, 40, 70, 20, 18]
    )
    _table_sheet(book, "Показники", d.UNIT_HEADERS, d.unit_rows(data), [30, 10, 14, 12, 16])
    _table_sheet(book, "Кошти", f.MONEY_HEADERS, f.money_rows(data), [40, 10, 30, 18, 18, 14])
    _table_sheet(
        book, "Показники (рамка)", f.INDICATOR_HEADERS, f.indicator_rows(data),
        [24, 12, 12, 34, 14, 16, 16, 10],
    )  # fmt: skip
    if data.linked:
        rows = d.linked_rows(data)
        _table_sheet(book, _("Linked measures"), d.linked_headers(), rows, [50, 50, 80])


def _table_sheet(book, name: str, headers: list[str], rows: list[list], widths: list[int]):
    sheet = book.add_worksheet(name)
    fmt = book.add_format({"text_wrap": True, "valign": "top", "font_name": FONT})
    sheet.write_row(0, 0, headers, book.add_format({"bold": True, "font_name": FONT}))
    for i, row in enumerate(rows, start=1):
        _write_row(sheet, i, row, fmt)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.autofilter(0, 0, max(len(rows), 1), len(headers) - 1)
    sheet.freeze_panes(1, 0)


def _write_row(sheet, row: int, values: list, fmt) -> None:
    """Counts printed as digits ("12") are numbers in the workbook, to sum and sort."""
    numbers = [int(v) if isinstance(v, str) and v.isdigit() else v for v in values]
    workbook.write_row(sheet, row, numbers, fmt)
