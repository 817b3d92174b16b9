"""Nothing is dropped silently: source text that no part of the plan took goes to ``unplaced``.

A safety net after the structure step, whatever reader and segmenter ran: every non-empty
cell of the Grid (and every line before and after the table) whose words are not all found
in the plan (headings, measures, ``extra``, title and approval, column names, warnings) is
kept in the plan's top-level ``unplaced`` list with its place, and warned about. Words are
compared, not strings, because the plan joins fragments and collapses spaces.
"""

from __future__ import annotations

import re

from planwatch.importer.grid import Grid

_WORD = re.compile(r"\w{2,}")
# Words the plan states by its shape rather than as text: heading labels (a node's ``kind``),
# the approval stamp and the words of a date the plan keeps as ISO ("20 травня 2025 року").
IMPLIED = frozenset(
    [
        "розділ",
        "стратегічна",
        "ціль",
        "операційна",
        "завдання",
        "напрям",
        "затверджено",
        "затверджений",
        "затверджена",
        "року",
        "рік",
        "рр",
        "від",
        "січня",
        "лютого",
        "березня",
        "квітня",
        "травня",
        "червня",
        "липня",
        "серпня",
        "вересня",
        "жовтня",
        "листопада",
        "грудня",
    ]
)


def words(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))


def plan_words(plan) -> set[str]:
    """Every word of every string in the plan (dict keys included: ``extra`` headers)."""
    parts: list[str] = []
    stack = [plan]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, dict):
            parts.extend(k for k in value if isinstance(k, str))
            stack.extend(value.values())
        elif isinstance(value, list | tuple):
            stack.extend(value)
    return words("\n".join(parts)) | IMPLIED


def place(grid: Grid, line: int | None) -> dict:
    """Where a text stood, as a person finds it: a PDF's page and row, a table's row, a line."""
    if not line:
        return {}
    if grid.source_format == "pdf":
        return {"page": line // 1000, "row": line % 1000}
    if grid.source_format == "text":
        return {"line": line}
    return {"row": line}


def source_texts(grid: Grid):
    """(line, text) for every non-empty cell and every line around the table."""
    for n, text in grid.preamble:
        yield n, text, False
    for row in grid.rows:
        for cell in row.cells:
            if cell.text.strip() and not cell.merged_above:
                line = cell.lines[0] if cell.lines else (row.lines[0] if row.lines else None)
                yield line, cell.text, True
    for n, text in grid.trailer:
        yield n, text, False


def collect(grid: Grid, plan: dict, warn) -> list[dict]:
    """The texts of ``grid`` the plan lost, each with its place; one warning for each."""
    seen = plan_words(plan)
    out: list[dict] = []
    for line, text, in_table in source_texts(grid):
        if words(text) <= seen:
            continue
        short = " ".join(text.split())
        where = place(grid, line) if in_table else ({"line": line} if line else {})
        out.append({"text": short, **where})
        warn(line, "unplaced_text", text=short[:80])
    return out
