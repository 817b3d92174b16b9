"""Grid → planwatch-plan/1: header, heading tree, measures, page-split merges, warnings.

Format-independent: it sees only the Grid a reader made. Cells with a known column (TSV,
.docx, .xlsx, Markdown) go through ``tablegrid``; cells without (line-per-cell text) through
``segment``, which rebuilds rows from the cells' meaning.
"""

from __future__ import annotations

import re

from planwatch.importer import messages
from planwatch.importer.errors import PlanImportError
from planwatch.importer.grid import Cell, Grid
from planwatch.importer.structure import classify, money, unplaced
from planwatch.importer.structure.columns import (
    EXTRA,
    FIELD_ROLES,
    HEADING,
    IGNORE,
    apply_overrides,
    is_secondary_header,
    role_of_header,
    roles_for_header,
)
from planwatch.importer.structure.meta import period_from_deadlines, read_meta
from planwatch.importer.structure.rows import TableRow
from planwatch.importer.structure.segment import StreamSegmenter, rejoin_cut_cells, split_trailer
from planwatch.importer.structure.tablegrid import split_totals, table_rows
from planwatch.importer.structure.text import collapse
from planwatch.importer.structure.tree import TreeBuilder

FORMAT = "planwatch-plan/1"


def build_plan(grid: Grid, column_roles: dict[int, str] | None = None) -> dict:
    """The plan of a Grid. ``column_roles`` ({0-based column: role}) overrides the header's
    guess for those columns (see ``columns.apply_overrides``)."""
    warnings: list[dict] = list(grid.warnings)

    def warn(line: int | None, code: str, **params) -> None:
        """``code`` names a template in ``messages``; modules that still pass English text
        get their code from it when the plan is finished (``messages.add_codes``)."""
        if code in messages.TEMPLATES:
            warnings.append(messages.warning(code, line, **params))
        else:
            warnings.append({"line": line, "message": code})

    kept_aside: list[dict] = []  # what follows a text rendering's table
    totals = None
    if any(c.col is not None for r in grid.rows for c in r.cells):
        header, preamble, rows, roles = _split_table(grid, column_roles)
        roles = _override(grid, header, money.assign(header, roles), column_roles)
        trs = table_rows(rows, roles, warn, header)
        trs, totals = split_totals(trs)
    else:
        header, preamble, cells, roles = _split_stream(grid)
        roles = _override(grid, header, roles, column_roles)
        cells = _drop_repeated_header(cells, header)
        cells, trailer = split_trailer(_drop_column_numbers(cells, len(roles)))
        kept_aside = _unplaced(trailer, warn)
        cells = rejoin_cut_cells(cells)
        trs = StreamSegmenter(cells, _stream_roles(roles), warn).run()
        money.stream_amounts(trs, header, _stream_roles(roles))
    _mark_parent_rows(trs)
    builder = TreeBuilder(warn)
    for tr in trs:
        _consume(builder, tr, warn)
    nodes, loose = builder.result()
    meta = read_meta(grid.preamble + preamble)
    period = _period(meta, nodes, loose, warn)
    if meta["title"] is None:
        warn(
            None,
            "the document has no title paragraph (a line naming the plan, «План заходів …»); "
            "enter the plan's title before publishing",
        )
    plan = {
        "format": FORMAT,
        "title": meta["title"],
        "issuer": meta["issuer"],
        "approval": meta["approval"],
        "period": period,
        "columns": [collapse(h) for h in header],
        "source_columns": [
            {
                "index": i,
                "header": collapse(header[i]) if i < len(header) else "",
                "role": r or IGNORE,
            }
            for i, r in enumerate(roles)
        ],
        "nodes": nodes,
        "warnings": warnings,
    }
    if loose:
        plan["measures"] = loose
    if totals:
        plan["totals"] = totals
    if kept_aside:
        plan["unplaced"] = kept_aside
    if not nodes and not loose:
        raise PlanImportError(
            "the plan table has a header but no measures", source=grid.source_name
        )
    ignored = frozenset(c for c, role in (column_roles or {}).items() if role == IGNORE)
    if lost := unplaced.collect(grid, plan, warn, ignored):
        plan["unplaced"] = kept_aside + lost
    return plan


_PERIOD_FROM = {
    "approval": "the approving act",
    "preamble": "the text above the table",
    "deadlines": "the span of the measures' deadlines",
}


def _period(meta: dict, nodes: list[dict], loose: list[dict], warn) -> dict | None:
    """The period the title states; else the approval's, the preamble's, the deadlines' span."""
    period, source = meta["period"], meta["period_source"]
    if period is None:
        texts = [m["deadline"]["text"] for m in _all_measures(nodes, loose)]
        period, source = period_from_deadlines(texts), "deadlines"
    if period is not None and source != "title":
        warn(
            None,
            f"the title states no period; {period['start']}-{period['end']} is taken from "
            f"{_PERIOD_FROM[source]}",
        )
    return period


def _all_measures(nodes: list[dict], loose: list[dict]):
    yield from loose
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        yield from node.get("measures", [])
        stack.extend(reversed(node.get("children", [])))


# ---- where the table is ---------------------------------------------------------------------
_NO_TABLE = (
    "no plan table found: expected a header row with columns such as "
    "'Найменування заходу', 'Строк виконання', 'Виконавці'"
)


def _split_table(grid: Grid, column_roles: dict[int, str] | None = None):
    found = next(
        ((i, roles) for i, r in enumerate(grid.rows) if (roles := roles_for_header(r.texts()))),
        None,
    )
    if found is None:
        found = _two_row_header(grid)
    elif stacked := _money_subheader(grid, found[0]):
        found = stacked
    if found is not None and len(found) == 3:  # a header over two rows, read by column
        i, roles, texts = found
        preamble = [(r.lines[0] if r.lines else 0, " ".join(r.texts())) for r in grid.rows[:i]]
        return texts, preamble, grid.rows[i + 2 :], roles
    if found is None and column_roles:
        # the header names too little, but a person said what the columns are: the first
        # row with a cell in each of the columns they named is the header
        need = {c for c, role in column_roles.items() if role != IGNORE}
        found = next(
            (
                (i, [None] * len(r.cells))
                for i, r in enumerate(grid.rows)
                if need <= {c.col for c in r.cells if c.text.strip()}
            ),
            None,
        )
    if found is None:
        raise PlanImportError(_NO_TABLE, source=grid.source_name)
    i, roles = found
    preamble = [(r.lines[0] if r.lines else 0, " ".join(r.texts())) for r in grid.rows[:i]]
    return grid.rows[i].texts(), preamble, grid.rows[i + 1 :], roles


def _two_row_header(grid: Grid, look: int = 40):
    """A header printed over two rows ("Виконання" over "Строк" and "Відповідальні"): each
    column is named by its lower cell when that names a role, else by the cell above it; a
    money group over its years ("Обсяг фінансування" over "2025", "2026", "Усього") names
    each sub-column "<group> / <year>" (``money.stacked_texts``)."""
    rows = grid.rows[:look]
    for i, (top, sub) in enumerate(zip(rows, rows[1:], strict=False)):
        upper, lower = _stacked(top, sub)
        if money.stacked_texts(upper, lower) is None and not any(
            role_of_header(lo) for lo in lower
        ):
            continue
        found = _header_over(i, upper, lower)
        if found:
            return found
    return None


def _header_over(i: int, upper: list[str], lower: list[str]):
    texts = money.stacked_texts(upper, lower) or upper
    texts = [
        lo if role_of_header(lo) and not money.is_sub_column(lo) else t
        for t, lo in zip(texts, lower, strict=True)
    ]
    roles = roles_for_header(texts)
    return (i, roles, texts) if roles else None


def _money_subheader(grid: Grid, i: int):
    """A one-row header whose money column spans a row of years below it: read both rows."""
    if i + 1 >= len(grid.rows):
        return None
    upper, lower = _stacked(grid.rows[i], grid.rows[i + 1])
    if money.stacked_texts(upper, lower) is None:
        return None
    return _header_over(i, upper, lower)


def _stacked(top, sub) -> tuple[list[str], list[str]]:
    """Two rows as texts by grid column: a spanning upper cell names each column it covers."""
    cells = [c for c in top.cells + sub.cells if c.col is not None]
    width = max((c.col + c.span for c in cells), default=0)
    upper, lower = [""] * width, [""] * width
    for c in top.cells:
        for k in range(c.span):
            if c.col is not None and c.col + k < width:
                upper[c.col + k] = c.text
    for c in sub.cells:
        if c.col is not None and not c.merged_above:
            lower[c.col] = c.text
    return upper, lower


def _override(grid: Grid, header: list[str], roles: list, column_roles) -> list:
    if not column_roles:
        return roles
    try:
        return apply_overrides(header, roles, column_roles)
    except ValueError as exc:
        raise PlanImportError(f"column roles: {exc}", source=grid.source_name) from None


def _stream_roles(roles: list[str | None]) -> list[str]:
    """A cell stream keys its rows by role: a heading-level column is read as the task column
    when the plan has none, and otherwise keeps its cells apart like any unnamed column."""
    has_task = "task" in roles
    out = []
    for r in roles:
        if r == HEADING and not has_task:
            r, has_task = "task", True
        out.append(EXTRA if r in (None, HEADING) else r)
    return out


def _split_stream(grid: Grid):
    cells = [c for r in grid.rows for c in r.cells]
    for k in range(len(cells)):
        if role_of_header(cells[k].text) is None:
            continue
        run, primary = k, set()  # roles that already have their own (not secondary) column
        while run < len(cells) and (role := role_of_header(cells[run].text)) is not None:
            secondary = is_secondary_header(cells[run].text)
            if role in primary and not secondary:
                break  # the role named again: the header has ended
            if not secondary:
                primary.add(role)
            run += 1
        roles = roles_for_header([c.text for c in cells[k:run]])
        if roles:
            preamble = [(c.lines[0] if c.lines else 0, c.text) for c in cells[:k]]
            preamble = [(n, line) for n, t in preamble for line in t.split("\n")]
            return [c.text for c in cells[k:run]], preamble, cells[run:], roles
    raise PlanImportError(_NO_TABLE, source=grid.source_name)


def _drop_repeated_header(cells: list[Cell], header: list[str]) -> list[Cell]:
    """The header row printed again at the top of each page is not part of any row."""
    keys = [collapse(h).casefold() for h in header]
    norm = [c.text.strip().casefold() for c in cells]
    out: list[Cell] = []
    k = 0
    while k < len(cells):
        if norm[k] == keys[0] and [collapse(t) for t in norm[k : k + len(keys)]] == keys:
            k += len(keys)
            continue
        out.append(cells[k])
        k += 1
    return out


def _drop_column_numbers(cells: list[Cell], width: int) -> list[Cell]:
    """Drop runs '1','2',…,'n' (the column-number row) from a cell stream."""
    out: list[Cell] = []
    k = 0
    numbers = [str(i) for i in range(1, width + 1)]
    while k < len(cells):
        if (
            cells[k].text.strip() == "1"
            and [c.text.strip() for c in cells[k : k + width]] == numbers
        ):
            k += width
            continue
        out.append(cells[k])
        k += 1
    return out


def _unplaced(trailer: list[Cell], warn) -> list[dict]:
    """What follows the table (signatures, notes) is kept aside, never made a measure."""
    out = []
    for c in trailer:
        text = collapse(c.text)
        line = c.lines[0] if c.lines else None
        warn(line, "unplaced_text", text=text[:80])
        out.append({"text": text, "line": line})
    return out


def _short(text: str, n: int = 100) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


# ---- one row into the tree ------------------------------------------------------------------
def _consume(builder: TreeBuilder, tr: TableRow, warn) -> None:
    for kind, cell in tr.levels:  # goals typed in a column of their own
        builder.heading(cell.text, tr.lines, kind=kind)
    if tr.levels and not tr.filled():
        return
    if tr.spanning:
        builder.heading(tr.cells["heading"].text, tr.lines)
        return
    if "heading" in tr.cells:  # a heading row with cells of its own: the task is its measure
        opened = builder.heading(tr.cells["heading"].text, tr.lines)
        builder.measure("", tr, opened["title"])
        return
    if tr.continuation or (tr.continuation is None and _looks_continued(tr, builder)):
        builder.continuation(tr)
        return
    number = "" if "number" in tr.merged else tr.text("number")
    task = "" if "task" in tr.merged else tr.text("task")
    text = tr.text("measure")
    fields = any(tr.text(f) for f in FIELD_ROLES if f not in tr.merged)
    opened = None
    if task and _continues_task(task, number, builder):
        builder.extend_heading(tr.cells["task"].text)
    elif task:
        opened = builder.heading(
            task, tr.lines, from_task_column=True, number=classify.number_only(number) or ""
        )
    elif number and not text and not fields:
        builder.heading(number, tr.lines)
        return
    elif number and text and not fields and _heading_beside_number(tr, number, text):
        builder.heading(f"{number} {text}", tr.lines)
        return
    _measure_cell(builder, tr, warn, "" if task else number, text, fields, opened)


_BARE_NUMBER = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})*)[.)]?\s*$")


def _mark_parent_rows(trs: list[TableRow]) -> None:
    """'1.1.' with text and no cells of its own, followed by '1.1.1.': a heading row.

    Plans that number everything in the № column print their headings as ordinary rows
    with the other cells left empty; the numbering below them says what they are."""
    numbered = [
        (i, tr.text("number"))
        for i, tr in enumerate(trs)
        if not tr.spanning and _BARE_NUMBER.match(tr.text("number"))
    ]
    shapes: set[tuple[int, str]] = set()
    for (i, number), (_j, following) in zip(numbered, numbered[1:], strict=False):
        tr = trs[i]
        if not _deeper(following, number) or tr.text("task") or not tr.text("measure"):
            continue
        if any(tr.text(f) for f in FIELD_ROLES) or tr.merged & set(FIELD_ROLES):
            continue
        cell = tr.cells["measure"]
        tr.cells = {"heading": Cell(f"{tr.text('number')} {cell.text}", cell.col, cell.lines)}
        tr.spanning = True
        shapes.add(_shape(number))
    for i, number in numbered:
        tr = trs[i]
        if not tr.spanning and _shape(number) in shapes and not tr.text("task"):
            # numbered like the headings but with cells of its own: a task that is its own
            # measure (plan-format: one measure with number "" and the task's text)
            cell = tr.cells.pop("measure")
            tr.cells["heading"] = Cell(f"{number} {cell.text}", cell.col, cell.lines)
            tr.cells.pop("number", None)


def _shape(number: str) -> tuple[int, str]:
    """'1.1.' → (1, '.'): how deep a number is and how it ends."""
    n = number.strip()
    return n.rstrip(".)").count("."), n[-1] if n[-1] in ".)" else ""


def _deeper(number: str, parent: str) -> bool:
    """'1.1.' under '1.', or '1)' (a measure) under '1.' (a heading)."""
    stem = parent.strip().rstrip(".)")
    if number.strip().startswith(stem + ".") and len(number.strip().rstrip(".)")) > len(stem):
        return True
    return number.strip().endswith(")") and not parent.strip().endswith(")")


def _heading_beside_number(tr: TableRow, number: str, text: str) -> bool:
    """'I.' in the № column and the heading's text across the other columns: a heading row.

    A measure numbered in the № column has cells of its own (or merged from above); a text
    that spans the field columns, or a section numeral, makes the row a heading."""
    cell = tr.cells["measure"]
    h = classify.heading(f"{number} {text}")
    if h is None or classify.measure_number(text):
        return False
    return cell.span >= 2 and not tr.merged or h.kind == "section"


def _measure_cell(builder, tr, warn, number, text, fields, opened) -> None:
    found = classify.measure_number(text) or classify.dotted_measure_number(text)
    items = _numbered_paragraphs(text) if found else None
    if items:
        line = tr.lines[0] if tr.lines else None
        warn(line, "cell_holds_measures", first=items[0][0], last=items[-1][0])
        for item_number, item_text in items:
            builder.measure(item_number, tr, item_text)
    elif found:
        builder.measure(found[0], tr, found[1])
    elif (
        text
        and not number
        and (short := classify.short_measure_number(text))
        and (fields or opened is not None or short[1][:1].islower())
    ):  # a numbered sentence in lower case is a measure even with every field empty
        builder.measure(short[0], tr, short[1])
    elif text and (fields or opened is not None):
        builder.measure(classify.number_only(number) or number, tr, tr.cells["measure"].text)
    elif text:
        h = classify.heading(text)
        if h and h.kind:
            builder.heading(text, tr.lines)
        else:
            builder.measure(number, tr, tr.cells["measure"].text)
    elif opened is not None and fields:
        builder.measure("", tr, opened["title"])
    elif fields:
        builder.continuation(tr)
        warn(tr.lines[0] if tr.lines else None, "cells_without_measure")


def _numbered_paragraphs(text: str) -> list[tuple[str, str]] | None:
    """Paragraphs '1) …' '2) …' '3) …' in one cell: several measures sharing one row."""
    items: list[list[str]] = []
    for para in (p for p in text.split("\n") if p.strip()):
        found = classify.measure_number(para)
        if found:
            items.append([found[0], found[1]])
        elif items:
            items[-1][1] += "\n" + para
    numbers = [int(n[:-1]) for n, _ in items if n[:-1].isdigit()]
    if len(items) < 2 or numbers != list(range(numbers[0], numbers[0] + len(items))):
        return None
    return [(n, t) for n, t in items]


def _looks_continued(tr: TableRow, builder: TreeBuilder) -> bool:
    """A row that starts no measure and no numbered task continues the row above it.

    After a repeated page header that is certain. Without one (converters that drop page
    headers), it holds where the plan numbers its measures and the row begins mid-sentence:
    lower-case measure text, or only fragments of other cells.
    """
    if builder.last is None or "task" in tr.merged:
        return False
    text, task = tr.text("measure"), tr.text("task")
    if classify.measure_number(text) or tr.text("number"):
        return False
    if classify.number_only(builder.last.number or "") and classify.short_measure_number(text):
        return False  # numbered "7." like the measure before it: a measure, even after a page break
    if task and classify.heading(task):
        return False
    if tr.after_page_header:
        return True
    if not builder.last.number or classify.dotted_measure_number(text):
        return False
    if text:
        return text[:1].islower()
    return not task or task[:1].islower()


def _continues_task(task: str, number: str, builder: TreeBuilder) -> bool:
    """An unnumbered task cell under a numbered open task is the rest of that task's text.

    A vertically merged task cell cut by a page break reappears as the task cell of the first
    row on the next page. Plans number their tasks consistently, and a continuation starts
    mid-sentence (lower case).
    """
    current = builder.current_task()
    if current is None or current["kind"] != "task" or classify.heading(task):
        return False
    if classify.number_only(number):
        return False
    return bool(current["number"]) or task[:1].islower()
