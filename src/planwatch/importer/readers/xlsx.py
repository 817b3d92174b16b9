"""Read an .xlsx plan: our template (one row per measure) or the plan's table typed into cells.

The sheet holding the template header wins; otherwise the sheet with most rows of three or more
filled cells. Merged ranges become what they are in a .docx: the top-left cell with ``span``
columns, and ``merged_above`` continuations below it. Row numbers are Excel's. Formulas give
their cached values (``data_only``), never their source.

The archive is checked by ``safety`` (zip bomb, DOCTYPE/ENTITY in any part) before openpyxl,
which parses through defusedxml when it is installed, sees it.
"""

from __future__ import annotations

import datetime as dt
import io

from planwatch.importer import safety
from planwatch.importer.errors import PlanImportError
from planwatch.importer.grid import Cell, Grid
from planwatch.importer.readers.tabular import SheetRow, find_template_header, rows_to_grid

MAX_SHEET_BYTES = 10 * 1024 * 1024  # one worksheet part, inflated; a plan sheet is < 1 MB


def read(data: bytes, name: str) -> Grid:
    """Parse .xlsx bytes into a Grid."""
    _check_archive(data, name)
    workbook = _load(data, name)
    try:
        sheets = [_sheet_rows(ws, name) for ws in workbook.worksheets]
    finally:
        workbook.close()
    if not sheets:
        raise PlanImportError("the workbook has no worksheets", source=name)
    return rows_to_grid(_choose_sheet(sheets), name, "xlsx")


def _check_archive(data: bytes, name: str) -> None:
    with safety.open_zip(data, name, "Excel workbook (.xlsx)") as zf:
        for info in zf.infolist():
            if info.filename.startswith("xl/worksheets/") and info.file_size > MAX_SHEET_BYTES:
                raise PlanImportError(
                    f"refused: worksheet {info.filename} is {info.file_size // 2**20} MB "
                    "inflated; a plan is far smaller",
                    source=name,
                )
        safety.check_zip_xml(zf, name)


def _load(data: bytes, name: str):
    from openpyxl import load_workbook  # imported here: only .xlsx uploads pay for it

    try:
        return load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl has no common error base; never a traceback for users
        raise PlanImportError(
            f"cannot read the workbook ({type(exc).__name__}: {exc})", source=name
        ) from None


def _choose_sheet(sheets: list[list[SheetRow]]) -> list[SheetRow]:
    for rows in sheets:
        if find_template_header(rows) is not None:
            return rows
    return max(sheets, key=lambda rows: sum(1 for r in rows if r.filled() >= 3))


def _sheet_rows(ws, name: str) -> list[SheetRow]:
    spans, below = _merges(ws)
    filled = _filled_cells(ws)
    width = max((c for row in filled.values() for c in row), default=0)
    budget = safety.Budget(name)
    rows = []
    for r in sorted(filled):
        budget.row()
        values = tuple(filled[r].get(c) for c in range(1, width + 1))
        cells = _row_cells(r, values, spans, below)
        if any(c.text.strip() for c in cells):
            rows.append(SheetRow(r, cells))
    return rows


def _filled_cells(ws) -> dict[int, dict[int, object]]:
    """Row → column → value of the cells that hold a value.

    Not ``iter_rows``: one formatted cell in column XFD or row 1 000 000 makes it build every
    empty cell up to there, and a 300-row plan then takes minutes.
    """
    rows: dict[int, dict[int, object]] = {}
    for (r, c), cell in ws._cells.items():  # openpyxl's own store of the cells in the file
        if cell.value is not None:
            rows.setdefault(r, {})[c] = cell.value
    return rows


def _merges(ws) -> tuple[dict, dict]:
    """(row, col) of each range's top-left → span; covered (row, col) → span or 0 if hidden."""
    spans: dict[tuple[int, int], int] = {}
    covered: dict[tuple[int, int], int] = {}
    for rng in ws.merged_cells.ranges:
        width = rng.max_col - rng.min_col + 1
        spans[(rng.min_row, rng.min_col)] = width
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if (r, c) != (rng.min_row, rng.min_col):
                    covered[(r, c)] = width if c == rng.min_col else 0
    return spans, covered


def _row_cells(r: int, values: tuple, spans: dict, covered: dict) -> list[Cell]:
    cells = []
    for c, value in enumerate(values, 1):
        width = covered.get((r, c))
        if width == 0:
            continue  # inside a merged range, right of its first column
        if width is not None:
            cells.append(Cell("", col=c - 1, lines=(r,), merged_above=True, span=width))
        else:
            cells.append(Cell(_text(value), col=c - 1, lines=(r,), span=spans.get((r, c), 1)))
    while cells and not cells[-1].text.strip() and not cells[-1].merged_above:
        cells.pop()
    return cells


def _text(value: object) -> str:
    """A cell as people read it: whole numbers without ".0", dates as dd.mm.yyyy."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.strftime("%d.%m.%Y")
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y")
    return str(value)
