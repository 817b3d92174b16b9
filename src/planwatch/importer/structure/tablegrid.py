"""Rows whose cells carry their column (TSV, .docx, .xlsx, Markdown) → TableRows by role."""

from __future__ import annotations

import re

from planwatch.importer.grid import Cell, Row
from planwatch.importer.structure import classify, money
from planwatch.importer.structure.columns import (
    EXTRA,
    FIELD_ROLES,
    HEADING,
    is_column_number_row,
    level_kind,
    roles_for_header,
)
from planwatch.importer.structure.rows import TableRow, align


def table_rows(
    rows: list[Row], roles: list[str | None], warn, header: list[str] | None = None
) -> list[TableRow]:
    out: list[TableRow] = []
    after_header = False
    width = len(roles)
    origin: dict[int, Cell] = {}  # the cell a vertical merge started from, by column
    names = extra_names(header or [], roles)
    specs = {
        i: money.column_spec(header[i] if header and i < len(header) else "", given=True)
        for i, r in enumerate(roles)
        if r == money.AMOUNT
    }
    levels = _Levels(roles, header or [])
    for k, row in enumerate(rows):
        texts = row.texts()
        # A header repeated after a page break is not part of any merge: test it before filling,
        # so a merge running across the break keeps its text instead of the column number.
        labels = {c.col: c.text for c in row.cells if c.text.strip() and c.col is not None}
        if (
            row.repeated_header
            or is_column_number_row(texts)
            or roles_for_header(texts)
            or (specs and money.is_repeated_subheader(labels, specs))
        ):
            after_header = True
            continue
        row = _fill_merged(row, origin)
        filled = [c for c in row.cells if c.text.strip() and not c.merged_above]
        if not filled and not any(c.merged_above for c in row.cells):
            continue
        if _outside_table(row, filled, width):
            continue
        tr = TableRow(lines=row.lines, after_page_header=after_header)
        after_header = False
        if _is_spanning(row, filled, width, roles) and not levels.holds(filled[0], rows[k + 1 :]):
            tr.cells["heading"] = filled[0]
            tr.spanning = True
            levels.reset()
            out.append(tr)
            continue
        for cell in row.cells:
            if cell.col is None or cell.col >= width or roles[cell.col] is None:
                continue
            role = roles[cell.col]
            if role == HEADING:
                levels.take(cell, tr)
                continue
            if role == EXTRA:
                if cell.text.strip():
                    tr.extra[names[cell.col]] = cell
                continue
            if role == money.AMOUNT:
                if cell.text.strip() and not cell.merged_above and specs.get(cell.col):
                    tr.amounts.append((specs[cell.col], cell))
                continue
            if cell.merged_above and role not in FIELD_ROLES:
                tr.merged.add(role)
            if role in tr.cells and tr.cells[role].text.strip():
                continue
            tr.cells[role] = cell
        levels.repeated_task(tr)
        _realign_shifted(tr, row, roles, warn)
        out.append(tr)
    return out


def split_totals(trs: list[TableRow]) -> tuple[list[TableRow], dict | None]:
    """The closing "Усього за програмою" / "Разом" row is the plan's totals, not a measure.

    Its label stands in the first cells (number, task or measure, often merged across them)
    and its amounts in the money columns. Only a row with amounts is taken; the last one wins
    (a programme prints one)."""
    out, totals = [], None
    for tr in trs:
        label = next((c.text for c in tr.cells.values() if c.text.strip()), "")
        if tr.amounts and money.is_totals_label(label) and not classify.measure_number(label):
            totals = {
                "text": " ".join(label.split()),
                "lines": list(tr.lines),
                "funding": money.amount_cells(tr.amounts, tr.text("funding")),
            }
            continue
        out.append(tr)
    return out, totals


def extra_names(header: list[str], roles: list[str | None]) -> dict[int, str]:
    """The key an unnamed column's cells get in a measure's ``extra``: its header as printed."""
    return {
        i: " ".join(header[i].split()) if i < len(header) and header[i].strip() else f"{i + 1}"
        for i, r in enumerate(roles)
        if r == EXTRA
    }


class _Levels:
    """Heading-level columns: a goal typed once over its measures (merged, or left empty
    below, or repeated on each row) opens one heading, and the measures go under it.

    Each level column's kind comes from its header ("Операційна ціль"); a generic one
    ("Напрям", "Ціль") is one level above the task column, or the task itself when the
    table has no task column. A value opens a heading when it differs from the one above;
    a heading row across the table, or a new value to the left, starts afresh.
    """

    def __init__(self, roles: list[str | None], header: list[str]) -> None:
        self.cols = [i for i, r in enumerate(roles) if r == HEADING]
        has_task = "task" in roles
        self.kinds: dict[int, str] = {}
        for n, i in enumerate(self.cols):
            kind = level_kind(header[i]) if i < len(header) else None
            deeper = n + 1 < len(self.cols) or has_task
            self.kinds[i] = kind or ("operational_goal" if deeper else "task")
        self.last: dict[int | str, str] = {}

    def holds(self, cell: Cell, below: list[Row]) -> bool:
        """A lone cell in a level column is that level's value, typed on a row of its own,
        unless it spans the table or the next row gives the column another value: then it is
        a heading row of an outer level that happens to start in this column."""
        if cell.col not in self.kinds or cell.span > 1:
            return False
        h = classify.heading(cell.text)
        if (
            h
            and h.kind
            and classify.RANK.get(h.kind, 9) < classify.RANK.get(self.kinds[cell.col], 9)
        ):
            return False
        nxt = next((r for r in below if any(c.text.strip() for c in r.cells)), None)
        same = next((c for c in nxt.cells if c.col == cell.col), None) if nxt else None
        if same is None or same.merged_above or not same.text.strip():
            return True
        return " ".join(same.text.split()) == " ".join(cell.text.split())

    def reset(self) -> None:
        self.last.clear()

    def take(self, cell: Cell, tr: TableRow) -> None:
        text = " ".join(cell.text.split())
        if cell.merged_above or not text or self.last.get(cell.col) == text:
            return
        self.last[cell.col] = text
        for i in self.cols:  # the levels right of a new value start afresh
            if i > cell.col:
                self.last.pop(i, None)
        self.last.pop("task", None)
        tr.levels.append((self.kinds[cell.col], cell))

    def repeated_task(self, tr: TableRow) -> None:
        """A task typed again on each of its measures' rows is one task, not several."""
        text = " ".join(tr.text("task").split())
        if not text or "task" in tr.merged:
            return
        if self.last.get("task") == text and not tr.levels:
            tr.merged.add("task")
        self.last["task"] = text


def _outside_table(row: Row, filled: list, width: int) -> bool:
    """A line with no cell structure in a table source (a signature under the table,
    'Начальник служби … Р. РОДИНА') is not a row, unless it is a heading."""
    if len(row.cells) != 1 or width <= 2 or row.cells[0].span > 1 or not filled:
        return False
    h = classify.heading(filled[0].text)
    return not (h and (h.kind or h.number))


def _is_spanning(row: Row, filled: list, width: int, roles: list[str | None]) -> bool:
    """A heading row: one text in the row, spanning the table or standing alone in it.

    A numbered text alone in the first column, every other cell empty, is a heading too:
    spreadsheets and CSV files type headings that way, with nothing merged across (alone in
    a task column it is a task: the tree decides that)."""
    if len(filled) != 1:
        return False
    cell = filled[0]
    if cell.span >= max(2, width - 1):
        return True
    if classify.measure_number(cell.text):
        return False
    h = classify.heading(cell.text)
    if h and h.kind in ("section", "strategic_goal", "operational_goal"):
        return True
    first = next((i for i, r in enumerate(roles) if r), None)
    if h and h.number and width > 2 and cell.col == first and roles[first] != "task":
        return not any(c.merged_above for c in row.cells)
    return len(row.cells) == 1 and width > 2


_BARE_NUMBER = re.compile(r"^\d{1,3}(\.\d{1,3})*[.)]?$")


def _realign_shifted(tr: TableRow, row: Row, roles: list[str | None], warn) -> None:
    """A converter sometimes shifts cells left ('measure⇥⇥deadline⇥executors'): put them back.

    Triggered only when the measure column holds no measure number but another column of
    the row starts with one.
    """
    if "measure" not in roles or classify.measure_number(tr.text("measure")):
        return
    if tr.text("measure") and _BARE_NUMBER.match(tr.text("number")):
        return  # the plan numbers its measures in the "№" column: nothing is shifted
    filled = [c for c in row.cells if c.text.strip() and not c.merged_above]
    if not any(classify.measure_number(c.text) for c in filled):
        return
    first = next(i for i, c in enumerate(filled) if classify.measure_number(c.text))
    known = [r for r in roles if r]
    start = known.index("measure")
    keep = {r: c for r, c in tr.cells.items() if known.index(r) < start and c in filled[:first]}
    tr.cells = keep | align(filled[first:], known[start:])
    warn(row.lines[0] if row.lines else None, "shifted_cells")


def _fill_merged(row: Row, origin: dict[int, Cell]) -> Row:
    """A vertically merged cell is one cell over several rows: each row gets its text.

    Authors merge equal deadline or executor cells of consecutive measures; every measure
    still has that deadline. The merge stays marked, so a merged task cell opens no new task.
    """
    cells = []
    for cell in row.cells:
        if cell.col is None:
            cells.append(cell)
        elif cell.merged_above and cell.col in origin:
            src = origin[cell.col]
            cells.append(
                Cell(
                    text=src.text, col=cell.col, lines=cell.lines, merged_above=True, span=cell.span
                )
            )
        else:
            origin[cell.col] = cell
            cells.append(cell)
    return Row(cells=cells, lines=row.lines, repeated_header=row.repeated_header)
