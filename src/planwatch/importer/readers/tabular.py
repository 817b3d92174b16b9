"""Spreadsheet rows (.xlsx, .csv) → Grid, for our one-row-per-measure template and plain tables.

The template (see README-readers.md) has one row per measure and spells the heading path out
in columns. The structure step knows documents, not templates, so the template is turned into
what a document looks like: a header row with the plan's column names, a full-width heading row
("Стратегічна ціль 1. …") wherever the heading path changes, then the measure rows ("1) …").
A spreadsheet that is just the plan's table typed into cells is passed on row by row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planwatch.importer.errors import PlanImportError
from planwatch.importer.grid import Cell, Grid, Row

HEADING_KEYS = ("section", "strategic_goal", "operational_goal", "task")
PLAN_KEYS = ("measure", "deadline", "funding", "executors", "indicator")
TEMPLATE_HEADERS = {  # key → the header we write (Ukrainian) and what we accept
    "section": ("Розділ", {"section"}),
    "strategic_goal": ("Стратегічна ціль", {"strategic goal"}),
    "operational_goal": ("Операційна ціль", {"operational goal"}),
    "task": ("Завдання", {"task"}),
    "number": ("№", {"number", "№ з/п", "номер"}),
    "measure": ("Захід", {"measure"}),
    "deadline": ("Строк виконання", {"deadline", "строк", "термін виконання"}),
    "funding": ("Джерела фінансування", {"funding"}),
    "executors": ("Виконавці", {"executors", "відповідальні виконавці"}),
    "indicator": ("Індикатор", {"indicator", "індикатор виконання"}),
}
PLAN_HEADERS = {  # the synthetic header row handed to the structure step
    "task": "Найменування завдання",
    "measure": "Найменування заходу",
    "deadline": "Строк виконання",
    "funding": "Джерела фінансування",
    "executors": "Відповідальні виконавці",
    "indicator": "Індикатор виконання",
}
HEADING_LABELS = {
    "section": "Розділ",
    "strategic_goal": "Стратегічна ціль",
    "operational_goal": "Операційна ціль",
}
META_KEYS = {  # key-value rows above the template header
    "title": {"назва", "title"},
    "approval": {"затверджено", "approval", "approved"},
    "approval_date": {"дата затвердження", "approval date"},
    "approval_number": {"номер рішення", "номер затвердження", "approval number"},
    "period": {"період", "period"},
}
_INJECTION = re.compile(r"^'*[=+\-@\t\r]")
_ESCAPED = re.compile(r"^'+[=+\-@\t\r]")
_YEARS = re.compile(r"\d{4}")
_MEASURE = re.compile(r"^\s*(\d{1,3}\)|\d{1,2}(\.\d{1,2}){2,}\.?\s)")
_BARE_NUMBER = re.compile(r"^\d{1,3}\.?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def _norm(text: str) -> str:
    text = re.sub(r"[\s_]+", " ", str(text).replace("\ufeff", "")).strip().rstrip(":*").strip()
    return text.casefold()


_LOOKUP = {_norm(uk): key for key, (uk, _) in TEMPLATE_HEADERS.items()}
_LOOKUP.update({_norm(a): key for key, (_, aliases) in TEMPLATE_HEADERS.items() for a in aliases})


def column_key(text: str) -> str | None:
    """The template column a header cell names ("Захід", "measure", "Строк виконання" …)."""
    return _LOOKUP.get(_norm(text))


def is_template_header(cells: list[str]) -> bool:
    """A template header names the measure column and at least one heading-path column.

    "№" + "Захід" alone is not enough: a plain plan table has those too, with task numbers
    in "№", and is better passed on as it is.
    """
    keys = {column_key(c) for c in cells} - {None}
    return "measure" in keys and bool(keys & set(HEADING_KEYS)) and len(keys) >= 3


def escape_formula(text: str) -> str:
    """Prefix "'" so spreadsheets do not run a cell as a formula; ``unescape_formula`` undoes it."""
    return "'" + text if _INJECTION.match(text) else text


def unescape_formula(text: str) -> str:
    return text[1:] if _ESCAPED.match(text) else text


@dataclass
class SheetRow:
    """One spreadsheet row: its 1-based number as the spreadsheet shows it, and its cells."""

    line: int
    cells: list[Cell]

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    def filled(self) -> int:
        return sum(1 for c in self.cells if c.text.strip())


def find_template_header(rows: list[SheetRow], look: int = 50) -> int | None:
    for i, row in enumerate(rows[:look]):
        if is_template_header(row.texts()):
            return i
    return None


def rows_to_grid(rows: list[SheetRow], name: str, fmt: str) -> Grid:
    """Template rows become a document-shaped grid; anything else is passed on as it is."""
    grid = Grid(source_name=name, source_format=fmt, line_count=rows[-1].line if rows else 0)
    header = find_template_header(rows)
    if header is not None:
        _template_grid(grid, rows, header)
    else:
        _plain_grid(grid, rows)
    return grid


def _template_grid(grid: Grid, rows: list[SheetRow], header: int) -> None:
    grid.preamble = _meta_lines(rows[:header])
    texts = rows[header].texts()
    keys = [column_key(t) for t in texts]
    # a column the template does not name ("Примітка") is passed on under its own header:
    # the structure step keeps it on each measure as ``extra``
    extras = {
        f"extra:{i}": t.strip()
        for i, (k, t) in enumerate(zip(keys, texts, strict=True))
        if not k and t.strip()
    }
    keys = [k or (f"extra:{i}" if f"extra:{i}" in extras else None) for i, k in enumerate(keys)]
    out_keys = ["task"] * ("task" in keys) + [k for k in PLAN_KEYS if k in keys] + list(extras)
    names = {**PLAN_HEADERS, **extras}
    hline = (rows[header].line,)
    grid.rows.append(
        Row([Cell(names[k], col=i, lines=hline) for i, k in enumerate(out_keys)], hline)
    )
    prev: tuple[str, ...] = ("",) * len(HEADING_KEYS)
    for row in rows[header + 1 :]:
        values = _values(keys, row)
        # a heading cell merged down over its measures' rows is the heading above it
        merged = {
            keys[c.col]
            for c in row.cells
            if c.merged_above and c.col is not None and c.col < len(keys)
        }
        path = tuple(
            prev[i] if k in merged else values.get(k, "").strip()
            for i, k in enumerate(HEADING_KEYS)
        )
        grid.rows.extend(_heading_rows(prev, path, row.line, len(out_keys)))
        new_task = path[-1] if path[-1] and path != prev else ""
        prev = path
        if any(values.get(k, "").strip() for k in (*PLAN_KEYS, *extras)):
            grid.rows.append(_measure_row({**values, "task": new_task}, out_keys, row.line))
        elif new_task:
            grid.rows.append(_measure_row({"task": new_task}, out_keys, row.line))


def _values(keys: list[str | None], row: SheetRow) -> dict[str, str]:
    out: dict[str, str] = {}
    for cell in row.cells:
        key = keys[cell.col] if cell.col is not None and cell.col < len(keys) else None
        if key and key not in out:
            out[key] = cell.text
    return out


def _heading_rows(prev: tuple, path: tuple, line: int, width: int) -> list[Row]:
    """Full-width rows for the section and goal levels from the first one that changed.

    Tasks are not heading rows: documents print them in the task column of their first
    measure row, and that is where the structure step recognises a task.
    """
    changed = next((i for i, (a, b) in enumerate(zip(prev, path, strict=True)) if a != b), None)
    if changed is None:
        return []
    out = []
    for key, text in list(zip(HEADING_KEYS[:-1], path[:-1], strict=True))[changed:]:
        if text:
            cell = Cell(heading_text(key, text), col=0, lines=(line,), span=max(width, 1))
            out.append(Row([cell], lines=(line,)))
    return out


def heading_text(key: str, text: str) -> str:
    """Give a goal or section its label word when the cell lacks it: the column said the kind,
    and a bare "1. …" would leave the structure step guessing the level."""
    label = HEADING_LABELS.get(key)
    if label and label.casefold() not in text.casefold():
        return f"{label} {text}"
    return text


def _measure_row(values: dict[str, str], plan_keys: list[str], line: int) -> Row:
    number = values.get("number", "").strip()
    if _BARE_NUMBER.match(number):
        number = number.rstrip(".") + ")"  # "1" / "1." typed in the № column means measure 1)
    measure = values.get("measure", "")
    if number and not measure.lstrip().startswith(number):
        measure = f"{number} {measure}" if measure.strip() else number
    texts = {**values, "measure": measure}
    cells = [Cell(texts.get(k, ""), col=i, lines=(line,)) for i, k in enumerate(plan_keys)]
    return Row(cells, lines=(line,))


def _meta_lines(rows: list[SheetRow]) -> list[tuple[int, str]]:
    """Key-value rows above the header, printed as a document's approval block and title."""
    meta: dict[str, tuple[int, str]] = {}
    other: list[tuple[int, str]] = []
    for row in rows:
        texts = [t.strip() for t in row.texts() if t.strip()]
        if not texts:
            continue
        key, value = _split_meta(texts)
        if key:
            meta[key] = (row.line, value)
        else:
            other.append((row.line, " ".join(texts)))
    out = _approval_lines(meta)
    if "title" in meta:
        out.append(meta["title"])
    if "period" in meta:
        out += _period_line(meta["period"], meta.get("title", (0, ""))[1])
    return sorted(out + other, key=lambda item: item[0])


def _approval_lines(meta: dict[str, tuple[int, str]]) -> list[tuple[int, str]]:
    """The stamp, the act, then "dd.mm.yyyy № N" on its own line, as approval blocks print."""
    keys = [k for k in ("approval", "approval_date", "approval_number") if k in meta]
    if not keys:
        return []
    line = meta[keys[0]][0]
    out = [(line, "ЗАТВЕРДЖЕНО")]
    if "approval" in meta:
        out.append(meta["approval"])
    date = _dotted_date(meta.get("approval_date", (0, ""))[1])
    number = meta.get("approval_number", (0, ""))[1]
    out.append((line, f"{date} № {number}".strip()))
    return out


def _dotted_date(text: str) -> str:
    m = _ISO_DATE.match(text.strip())
    return f"{m.group(3)}.{m.group(2)}.{m.group(1)}" if m else text.strip()


def _split_meta(texts: list[str]) -> tuple[str | None, str]:
    first = texts[0]
    head, sep, rest = first.partition(":")
    candidates = [(first, " ".join(texts[1:]))]
    if sep:
        candidates.append((head, " ".join([rest.strip(), *texts[1:]]).strip()))
    for label, value in candidates:
        for key, names in META_KEYS.items():
            if _norm(label) in names and value:
                return key, value
    return None, ""


def _period_line(period: tuple[int, str], title: str) -> list[tuple[int, str]]:
    line, value = period
    years = _YEARS.findall(value)
    if years and all(y in title for y in years):
        return []  # the title already says it, as documents do
    return [(line, f"на {value} роки")]


def _plain_grid(grid: Grid, rows: list[SheetRow]) -> None:
    wide = [i for i, r in enumerate(rows) if r.filled() >= 3]
    if not wide:
        raise PlanImportError(
            "no plan table found: no row has three or more filled columns", source=grid.source_name
        )
    first = wide[0]
    last = max(i for i, r in enumerate(rows) if i == first or _table_like(r))
    grid.preamble = [(r.line, _joined(r)) for r in rows[:first] if r.filled()]
    tail = rows[last + 1 :]
    spanning = [r for r in tail if any(c.span > 1 for c in r.cells)]
    body = rows[first : last + 1] + spanning
    grid.rows = [Row(r.cells, lines=(r.line,)) for r in body]
    grid.trailer = [(r.line, _joined(r)) for r in tail if r.filled() and r not in spanning]


def _table_like(row: SheetRow) -> bool:
    """Still part of the table: three cells, a merged continuation, a first column left empty
    (a measure row under a task) or a numbered measure. A signature ("Начальник … | П. ПРІЗВИЩЕ")
    starts in the first column."""
    if row.filled() >= 3 or any(c.merged_above for c in row.cells):
        return True
    filled = [c for c in row.cells if c.text.strip()]
    return bool(filled) and (filled[0].col not in (0, None) or bool(_MEASURE.match(filled[0].text)))


def _joined(row: SheetRow) -> str:
    return " ".join(t.strip() for t in row.texts() if t.strip())
