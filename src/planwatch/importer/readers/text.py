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

# A heading glued to the end of the cell before it on the same line ('… (за згодою) Стратегічна
# ціль 2. …', '… ради II. Розвиток …'): labelled headings anywhere (with the number printed before
# the label, if any), numbered ones only after a closing bracket or quote, where a sentence inside
# a cell does not continue with a number; Roman numerals (not a lone Cyrillic 'І.', which is an
# initial) before a capitalised phrase. Each pattern starts with its distinctive characters, so
# the search is cheap on the long lines of a cell.
_LABEL = re.compile(r"Розділ\s+(?:[IVXLІХ]{1,6}|\d{1,2})\s*\.|Стратегічна\s+ціль|Операційна\s+ціль")
_NUMBER_BEFORE = re.compile(r"(?:\d{1,2}(?:\.\d{1,2})?\.?\s*)?$")
_AFTER_BRACKET = re.compile(
    r"[)»]\s+(\d{1,2}(?:\.\d{1,2}){0,2}\.?\s+[А-ЯІЇЄҐ][а-яіїєґʼ’']{3,}\s+\S)"
)
_ROMAN = re.compile(r"\s((?:[IVX]{1,5}|[ІVХ]{2,5})\.\s+[А-ЯІЇЄҐ][а-яіїєґʼ’']{3,}(?:\s+\S+){3})")

_NUMERAL_DOTS = ("I.", "V.", "X.", "І.", "Х.")  # how every _ROMAN match ends


def _split_glued(body: str) -> list[str]:
    """The line, cut before every heading glued to the text before it."""
    cuts: set[int] = set()
    labelled = "ціль" in body or "Розділ" in body  # plain substring tests first: they are cheap
    for m in _LABEL.finditer(body) if labelled else ():
        start = _NUMBER_BEFORE.search(body, 0, m.start()).start()
        if body[:start].strip() and body[start - 1 : start].isspace():
            cuts.add(start)
    if ")" in body or "»" in body:
        cuts.update(m.start(1) for m in _AFTER_BRACKET.finditer(body))
    if ". " in body and any(numeral in body for numeral in _NUMERAL_DOTS):
        cuts.update(m.start(1) for m in _ROMAN.finditer(body) if body[: m.start()].strip())
    if not cuts:
        return [body]
    bounds = [0, *sorted(cuts), len(body)]
    return [body[a:b].rstrip() for a, b in zip(bounds, bounds[1:], strict=False)]


def read(data: bytes, name: str, text: str | None = None) -> Grid:
    """``text``: ``data`` already decoded (by ``detect.sniff``), so it is decoded once."""
    return read_text(decode_text(data, name) if text is None else text, name)


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
        first, *glued = _split_glued(body)
        if tabbed or cell is None or (cell.text.strip() and _HEADING_START.match(first)):
            cell = Cell(text=first, lines=(number,), outside=not tabbed)
            row.append(cell)
        else:
            cell.text = f"{cell.text}\n{first}"
            cell.lines = (*cell.lines, number)
        for heading in glued:  # a heading glued to the cell: a cell of its own
            cell = Cell(text=heading, lines=(number,), outside=not tabbed)
            row.append(cell)
    _close_row(grid, row)
    return grid


def _close_row(grid: Grid, cells: list[Cell]) -> None:
    if cells:
        grid.rows.append(Row(cells=cells, lines=tuple(n for c in cells for n in c.lines)))
