"""Read a Markdown pipe table (GitHub style) into a Grid.

A table is a row of cells separated by "|", a |---| separator line, and the rows that follow
up to the first line without a pipe. The plan is the run of tables with the same column count
that has the most rows (a converter may cut a plan into one table per page); text between
those tables becomes full-width rows, since there it is usually a section heading. ``<br>``
inside a cell is a line break, ``\\|`` a literal pipe. Row ``lines`` are 1-based file lines;
preamble and trailer keep their lines with Markdown decoration (#, **) removed.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from planwatch.importer import safety
from planwatch.importer.errors import PlanImportError
from planwatch.importer.grid import Cell, Grid, Row
from planwatch.importer.readers import decode_text

_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_SPLIT = re.compile(r"(?<!\\)\|")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>])")
_DECOR = re.compile(r"^\s*#+\s*|^\s*[*_]{2}|[*_]{2}\s*$")


@dataclass
class _Table:
    start: int  # index of the header line
    end: int  # index after the last row
    rows: list[Row] = field(default_factory=list)

    def width(self) -> int:
        return len(self.rows[0].cells) if self.rows else 0


def read(data: bytes, name: str, text: str | None = None) -> Grid:
    """Parse Markdown text with one or more pipe tables (``text``: ``data`` already decoded)."""
    lines = (decode_text(data, name) if text is None else text).splitlines()
    tables = _tables(lines, safety.Budget(name))
    if not tables:
        raise PlanImportError("no Markdown table (a |---| line under a header row)", source=name)
    first, last = _best_run(tables)
    grid = Grid(source_name=name, source_format="markdown", line_count=len(lines))
    grid.preamble = _text_lines(lines, 0, tables[first].start)
    grid.trailer = _text_lines(lines, tables[last].end, len(lines))
    for k in range(first, last + 1):
        if k > first:
            width = tables[first].width()
            between = _text_lines(lines, tables[k - 1].end, tables[k].start)
            grid.rows += [Row([Cell(t, col=0, lines=(n,), span=width)], (n,)) for n, t in between]
        rows = tables[k].rows
        if k > first and rows[0].texts() == tables[first].rows[0].texts():
            rows[0].repeated_header = True  # the header copied onto the next page's table
        grid.rows += rows
    return grid


def _tables(lines: list[str], budget: safety.Budget) -> list[_Table]:
    tables, i = [], 0
    while i < len(lines) - 1:
        if "|" in lines[i] and _SEP.match(lines[i + 1]) and "|" in lines[i + 1] + lines[i]:
            table = _Table(start=i, end=i + 2, rows=[_row(lines[i], i + 1)])
            j = i + 2
            while j < len(lines) and _SPLIT.search(lines[j]) and lines[j].strip():
                budget.row()
                table.rows.append(_row(lines[j], j + 1))
                j += 1
            table.end = j
            tables.append(table)
            i = j
        else:
            i += 1
    return tables


def _row(line: str, number: int) -> Row:
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    cells = [Cell(_cell_text(p), col=i, lines=(number,)) for i, p in enumerate(_SPLIT.split(text))]
    return Row(cells, lines=(number,))


_EMPHASIS = re.compile(r"^(\*\*|__|<b>|<strong>)(.+)(\*\*|__|</b>|</strong>)$", re.S | re.I)


def _cell_text(raw: str) -> str:
    """A cell's text without Markdown: line breaks, escapes, entities, bold around it all
    (a heading row typed "**I. Профілактика**")."""
    text = _BR.sub("\n", raw.strip())
    if bold := _EMPHASIS.match(text):
        text = bold.group(2).strip()
    text = _MD_ESCAPE.sub(r"\1", text)
    return "\n".join(part.strip() for part in html.unescape(text).split("\n"))


def _best_run(tables: list[_Table]) -> tuple[int, int]:
    runs: list[list[int]] = []
    for k, table in enumerate(tables):
        if runs and tables[runs[-1][-1]].width() == table.width():
            runs[-1].append(k)
        else:
            runs.append([k])
    best = max(runs, key=lambda run: sum(len(tables[k].rows) for k in run))
    return best[0], best[-1]


def _text_lines(lines: list[str], start: int, end: int) -> list[tuple[int, str]]:
    out = []
    for n in range(start, end):
        text = _DECOR.sub("", lines[n]).strip()
        if text:
            out.append((n + 1, text))
    return out
