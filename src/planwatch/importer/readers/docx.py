"""Read the plan table of a .docx into a Grid.

Provenance: a row's ``lines`` is its 1-based index in the document's table stream (all rows of
all tables, in document order), as a person counts rows in Word. Preamble and trailer entries
are numbered by their 1-based index among the document's paragraphs outside the plan table(s)
(paragraphs in small layout tables, such as an approval block beside the title, included).

The plan is the run of consecutive tables with the same column count that has the most rows
with four or more cells; a plan split into several tables (one per section, or cut at page
ends) is concatenated back. Cells keep their grid column: a vertically merged continuation is
``Cell("", merged_above=True)`` at its column, a gridSpan cell is one Cell with ``span``.
The first table's leading w:tblHeader rows are the header; header rows met again later (a
copy at the top of a continuation table) are marked ``repeated_header``.

Parsing is our own single pass over the XML (``safety.parse_xml``, see docx_parts): no second parse
by docx2python/python-docx, which also keeps hostile XML away from lxml.
"""

from __future__ import annotations

import re

from planwatch.importer import safety
from planwatch.importer.errors import PlanImportError
from planwatch.importer.grid import Cell, Grid, Row
from planwatch.importer.readers.docx_numbering import W
from planwatch.importer.readers.docx_parts import BodyReader, Para, RawRow, Table, load_parts
from planwatch.importer.structure import classify

_CONTINUATION = re.compile(r"^\s*(продовження|закінчення)\b", re.IGNORECASE)


def read(data: bytes, name: str) -> Grid:
    """Parse a .docx and return its plan table with the text before and after it."""
    document, numbering = load_parts(data, name)
    body = document.find(W + "body")
    if body is None:
        raise PlanImportError("the Word document has no body", source=name)
    reader = BodyReader(numbering, safety.Budget(name))
    blocks = reader.blocks(body)
    if not any(isinstance(b, Table) for b in blocks) and body.find(f".//{W}altChunk") is not None:
        raise PlanImportError(
            "the document keeps its content as an embedded HTML/RTF chunk (altChunk), which only "
            "Word can lay out; open it in Word and save it again as .docx",
            source=name,
        )
    first, last = _choose_plan(blocks, name)
    grid = Grid(source_name=name, source_format="docx", line_count=reader.row_no)
    _fill(grid, blocks, first, last)
    return grid


def _choose_plan(blocks: list[Para | Table], name: str) -> tuple[int, int]:
    """Block indexes of the first and last table of the best run of same-width tables."""
    tables = [i for i, b in enumerate(blocks) if isinstance(b, Table) and b.rows]
    for min_cells in (4, 3):
        best, best_score = None, 0
        for run in _runs(blocks, tables):
            score = sum(blocks[i].plan_rows(min_cells) for i in run)
            if score > best_score:
                best, best_score = (run[0], run[-1]), score
        if best is not None:
            return best
    raise PlanImportError(
        f"no plan table found: the document has {len(tables)} table(s) and none has rows "
        "with at least three columns (measure, deadline, executors)",
        source=name,
    )


def _runs(blocks: list, tables: list[int]) -> list[list[int]]:
    """Group consecutive tables of equal column count."""
    runs: list[list[int]] = []
    for i in tables:
        if runs and blocks[runs[-1][-1]].width() == blocks[i].width():
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _headings_before(blocks: list[Para | Table], first: int, last: int) -> int:
    """Where the headings typed as paragraphs right above the first plan table begin.

    A plan printed as one table per heading puts its first headings ("Стратегічна ціль 1. …",
    "1.1. …") above the first table, as it puts the others between the tables; only such a
    plan (headings between its tables) gives up numbered paragraphs above it; otherwise only
    labelled ones ("Розділ І. …", "Стратегічна ціль 1. …") are headings."""
    between = [b for b in blocks[first:last] if isinstance(b, Para) and b.text.strip()]
    numbered = any((h := classify.heading(b.text)) and (h.kind or h.number) for b in between)
    start = first
    while start > 0 and isinstance(blocks[start - 1], Para):
        text = blocks[start - 1].text
        h = classify.heading(text) if text.strip() else None
        ok = h and (h.kind in ("section", "strategic_goal", "operational_goal") or numbered)
        if text.strip() and not (ok and (h.kind or h.number)) or classify.measure_number(text):
            break
        start -= 1
    return start


def _fill(grid: Grid, blocks: list[Para | Table], first: int, last: int) -> None:
    """Plan tables → rows; everything outside them → numbered preamble / trailer lines."""
    outside = 0
    header_texts: list[list[str]] = []
    lead = _headings_before(blocks, first, last)
    above = [b.text for b in blocks[lead:first] if b.text.strip()]
    for i, block in enumerate(blocks):
        if lead <= i < first:
            outside += 1  # a heading above the first table: a row under its header
            continue
        if first <= i <= last:
            if isinstance(block, Table):
                _add_table(grid, block, header_texts, above, blocks[first].width())
                above = []
            elif _CONTINUATION.match(block.text):
                line = grid.rows[-1].lines[0] if grid.rows and grid.rows[-1].lines else None
                grid.warnings.append({"line": line, "message": _skip_msg(block.text)})
            elif block.text.strip():
                width = blocks[first].width()
                grid.rows.append(Row([_span_cell(block.text, width)]))
            continue
        for text in _paragraphs(block):
            outside += 1
            if text.strip():
                (grid.preamble if i < first else grid.trailer).append((outside, text))


def _paragraphs(block: Para | Table) -> list[str]:
    if isinstance(block, Para):
        return [block.text]
    return [line for row in block.rows for c in row.cells for line in c.text.split("\n")]


def _span_cell(text: str, width: int) -> Cell:
    return Cell(text, col=0, span=max(width, 1))


def _skip_msg(text: str) -> str:
    return f"paragraph between plan tables skipped as a continuation note: {text.strip()[:80]!r}"


def _add_table(
    grid: Grid,
    table: Table,
    header_texts: list[list[str]],
    above: list[str] = (),
    width: int = 1,
) -> None:
    """Append a table's rows; header rows seen before (or tblHeader rows later) are repeats.
    ``above``: heading paragraphs typed above the first table, placed under its header."""
    first_table = not header_texts
    leading = _leading_header(table.rows) if first_table else 0
    if first_table:
        header_texts.extend(r.texts() for r in table.rows[: max(leading, 1)])
    at_top = not first_table  # a copied header counts only at the top of a continuation table
    for k, raw in enumerate(table.rows):
        if k == max(leading, 1) and above:
            grid.rows.extend(Row([_span_cell(text, width)]) for text in above)
        copied = at_top and raw.texts() in header_texts
        at_top = copied
        repeated = (raw.header and k >= leading) or copied
        grid.rows.append(Row(raw.cells, lines=(raw.line,), repeated_header=repeated))


def _leading_header(rows: list[RawRow]) -> int:
    n = 0
    while n < len(rows) and rows[n].header:
        n += 1
    return n
