"""Read a .csv plan: our template (one row per measure, see README-readers.md) or a plain table.

The delimiter is the one an Excel "sep=;" first line names, else the one that splits the
template header, else the one that gives most rows the same number of fields (";" first: Excel
in a Ukrainian locale writes ";"). Row numbers are 1-based record numbers, as a spreadsheet
shows them. Cells our export protected against formula
injection ("'=…") get their text back.
"""

from __future__ import annotations

import csv
import io
import re

from planwatch.importer import safety
from planwatch.importer.detect import csv_delimiter, template_delimiter
from planwatch.importer.errors import PlanImportError
from planwatch.importer.grid import Cell, Grid
from planwatch.importer.readers import decode_text
from planwatch.importer.readers.tabular import SheetRow, rows_to_grid, unescape_formula

_SEP_HINT = re.compile(r"^\ufeff?sep=(.)\r?\n")


def read(data: bytes, name: str, text: str | None = None) -> Grid:
    """Parse CSV bytes into a Grid (template rows expanded into headings and measures).
    ``text``: ``data`` already decoded (by ``detect.sniff``), so it is decoded once."""
    text = decode_text(data, name) if text is None else text
    hint = _SEP_HINT.match(text)
    if hint:  # Excel's "sep=;" first line names the delimiter
        text = text[hint.end() :]
    delimiter = hint.group(1) if hint else _delimiter(text)
    budget = safety.Budget(name)
    rows = []
    try:
        for number, record in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1):
            budget.row()
            cells = [
                Cell(unescape_formula(v), col=i, lines=(number,)) for i, v in enumerate(record)
            ]
            rows.append(SheetRow(number, cells))
    except csv.Error as exc:
        raise PlanImportError(f"malformed CSV ({exc})", source=name, line=len(rows) + 1) from None
    return rows_to_grid(rows, name, "csv")


def _delimiter(text: str) -> str:
    lines = [ln for ln in text[:65536].splitlines() if ln.strip()]
    return template_delimiter(lines) or csv_delimiter(text[:65536], ".csv") or ","
