"""Workbooks (xlsxwriter) where text stays text: an organisation called "=HYPERLINK(…)" or a
measure starting with "=" never becomes a formula, an address never a link."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal

import xlsxwriter

FONT = "Times New Roman"


def make(fill: Callable[[xlsxwriter.Workbook], None]) -> bytes:
    """The bytes of a workbook that `fill(book)` writes."""
    out = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    book = xlsxwriter.Workbook(out, options)
    fill(book)
    book.close()
    return out.getvalue()


def write_row(sheet, row: int, values: list, fmt, num_fmt=None) -> None:
    """Numbers as numbers (whole ones in `num_fmt` when given), None as "—", anything else
    as a string."""
    for col, value in enumerate(values):
        if isinstance(value, int):
            sheet.write_number(row, col, value, num_fmt or fmt)
        elif isinstance(value, float | Decimal):
            sheet.write_number(row, col, float(value), fmt)
        else:
            sheet.write_string(row, col, "—" if value is None else str(value), fmt)
