"""Text renderings where each table cell is a line (starting with a TAB) and rows are loose.

Such text comes out of .docx/PDF converters: one cell per line, empty cells often dropped or
left as a lone TAB, a cell's further paragraphs on lines without a TAB, blank lines between
rows (but also inside a row split by a page break). The reader only cuts the text into cells
with their lines; which column a cell belongs to is decided later by the structure step,
from the header and the cells' meaning.
"""

from __future__ import annotations

import re

from planwatch.importer.grid import Cell, Grid, Row
from planwatch.importer.readers import decode_text
from planwatch.importer.readers.cleanup import clean_line

# A line without a TAB that starts a new cell anyway: a heading printed without its TAB.
_HEADING_START = re.compile(
    r"^\s*(?:стратегічна\s+ціль|операційна\s+ціль|розділ\s|завдання\s+\d|"
    r"\d{1,2}(?:\.\d{1,2}){0,3}\.?\s+[А-ЯІЇЄҐA-Z]|[IVXІХ]{1,5}\.\s+[А-ЯІЇЄҐ])",
    re.IGNORECASE,
)


def read(data: bytes, name: str) -> Grid:
    text = decode_text(data, name)
    return read_text(text, name)


def read_text(text: str, name: str) -> Grid:
    """Cut the text into cells; rows are runs of cells between blank lines (a loose hint only)."""
    lines = text.split("\n")
    grid = Grid(source_name=name, source_format="text", line_count=len(lines))
    row: list[Cell] = []
    cell: Cell | None = None
    for number, raw in enumerate(lines, start=1):
        line = clean_line(raw.rstrip("\r"))
        tabbed = line.startswith("\t")
        body = line[1:] if tabbed else line
        if not tabbed and not body.strip():
            _close_row(grid, row)
            row, cell = [], None
            continue
        if tabbed or cell is None or (cell.text.strip() and _HEADING_START.match(body)):
            cell = Cell(text=body, lines=(number,), outside=not tabbed)
            row.append(cell)
        else:
            cell.text = f"{cell.text}\n{body}"
            cell.lines = (*cell.lines, number)
    _close_row(grid, row)
    return grid


def _close_row(grid: Grid, cells: list[Cell]) -> None:
    if cells:
        grid.rows.append(Row(cells=cells, lines=tuple(n for c in cells for n in c.lines)))
