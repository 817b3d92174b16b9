"""Export a plan to the one-row-per-measure template (.xlsx / .csv) that the importer reads back.

Layout (README-readers.md has the full description): key-value rows "Затверджено", "Назва",
"Період", an empty row, the header row, then one row per measure with its heading path spelled
out in "Розділ" / "Стратегічна ціль" / "Операційна ціль" / "Завдання". A heading with nothing
under it gets a row of its own with the measure cells empty.

Spreadsheets run a cell that starts with = + - @ as a formula (CSV/formula injection). The
.xlsx export stores every cell as a string (and marks those with Excel's quote prefix); the CSV
export prefixes such cells with "'", which the CSV reader strips again, so a round trip gives
back the original text.
"""

from __future__ import annotations

import csv
import io

from planwatch.importer.readers.tabular import (
    HEADING_KEYS,
    PLAN_KEYS,
    TEMPLATE_HEADERS,
    escape_formula,
)

CSV_DELIMITER = ";"  # what Excel expects in a Ukrainian locale; the reader accepts "," too
_ILLEGAL = {c: " " for c in range(32) if chr(c) not in "\t\n\r"}  # not allowed in .xlsx XML


def template_table(plan: dict) -> tuple[list[list[str]], list[str], list[list[str]]]:
    """(key-value rows, header row, measure rows) of ``plan`` in the template layout."""
    plan_keys = _plan_keys(plan)
    walked = list(_walk(plan.get("nodes", []), {}))
    walked += [({}, m) for m in plan.get("measures", [])]  # measures outside any heading
    extra = _extra_names(m for _, m in walked if m)
    keys = [*HEADING_KEYS, "number", *plan_keys]
    header = [TEMPLATE_HEADERS[k][0] for k in keys] + extra
    rows: list[list[str]] = []
    for path, measure in walked:
        values = {**path, **_measure_values(measure)} if measure else dict(path)
        more = (measure or {}).get("extra") or {}
        rows.append([values.get(k, "") for k in keys] + [_text(more.get(e)) for e in extra])
    return _meta_rows(plan), header, rows


def _extra_names(measures) -> list[str]:
    """The columns the plan kept as ``extra`` (header texts), in the order first met."""
    names: dict[str, None] = {}
    for m in measures:
        names.update(dict.fromkeys((m.get("extra") or {}).keys()))
    return list(names)


def _plan_keys(plan: dict) -> list[str]:
    """The plan's own field columns (measure always), so the re-import has the same fields.

    ``columns`` holds either our keys or the document's header texts ("Строк виконання").
    """
    from planwatch.importer.structure.columns import role_of_header

    columns = plan.get("columns") or PLAN_KEYS
    declared = {c if c in PLAN_KEYS else role_of_header(str(c)) for c in columns} | {"measure"}
    return [k for k in PLAN_KEYS if k in declared]


def _walk(nodes: list[dict], path: dict[str, str]):
    """Yield (heading path, measure or None) in document order: a node's measures, then its
    children; a node with neither yields its path alone so that it survives the round trip."""
    for node in nodes:
        here = {**path, _column(node, path): heading_cell(node)}
        measures, children = node.get("measures") or [], node.get("children") or []
        for measure in measures:
            yield here, measure
        yield from _walk(children, here)
        if not measures and not children:
            yield here, None


def _column(node: dict, path: dict[str, str]) -> str:
    """The heading column for a node: its kind, or the next level below its parent."""
    used = [HEADING_KEYS.index(k) for k in path]
    deepest = max(used, default=-1)
    kind = node.get("kind")
    if kind in HEADING_KEYS and HEADING_KEYS.index(kind) > deepest:
        return kind
    # deeper than four levels: the node takes the task column, so it comes back as a sibling
    return HEADING_KEYS[min(deepest + 1, len(HEADING_KEYS) - 1)]


def heading_cell(node: dict) -> str:
    """ "number title" as a document prints it: "1.1. Забезпечення …", "І. Координація …"."""
    number, title = (node.get("number") or "").strip(), (node.get("title") or "").strip()
    if not number:
        return title
    sep = " " if number.endswith((".", ")")) else ". "
    return f"{number}{sep}{title}".strip()


def _measure_values(measure: dict) -> dict[str, str]:
    values = {"number": _text(measure.get("number")), "measure": _text(measure.get("text"))}
    for key in PLAN_KEYS[1:]:
        values[key] = _text(measure.get(key))
    return values


def _text(value: object) -> str:
    if isinstance(value, dict):
        value = value.get("text")
    return "" if value is None else str(value)


def _meta_rows(plan: dict) -> list[list[str]]:
    rows = []
    approval = plan.get("approval") if isinstance(plan.get("approval"), dict) else {}
    if _text(approval):
        rows.append(["Затверджено", _text(approval)])
    if approval.get("date"):
        rows.append(["Дата затвердження", _dotted(str(approval["date"]))])
    if approval.get("number"):
        rows.append(["Номер рішення", str(approval["number"])])
    if plan.get("title"):
        rows.append(["Назва", str(plan["title"])])
    period = plan.get("period") or {}
    if isinstance(period, dict) and period.get("start"):
        end = period.get("end") or period["start"]
        rows.append(["Період", f"{period['start']}-{end}"])
    return rows


def _dotted(iso: str) -> str:
    """2025-11-25 → 25.11.2025, as Ukrainian documents write dates."""
    parts = iso.split("-")
    return ".".join(reversed(parts)) if len(parts) == 3 else iso


def write_csv(plan: dict) -> str:
    """The template as CSV text (";"-separated, starting with a BOM so Excel reads UTF-8)."""
    meta, header, rows = template_table(plan)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    for row in [*meta, [], header, *rows]:
        writer.writerow([escape_formula(v) for v in row])
    return out.getvalue()


def write_xlsx(plan: dict) -> bytes:
    """The template as an .xlsx workbook, every cell a string."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    meta, header, rows = template_table(plan)
    wb = Workbook()
    ws = wb.active
    ws.title = "План заходів"
    for r, row in enumerate([*meta, [], header, *rows], 1):
        for c, value in enumerate(row, 1):
            _put(ws.cell(row=r, column=c), value)
    header_row = len(meta) + 2
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in ws.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = wrap
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    for c, width in enumerate([24, 30, 30, 40, 6, 60, 18, 24, 36, 30][: len(header)], 1):
        ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _put(cell, value: str) -> None:
    """Store as a string even if it looks like a formula or a number."""
    text = value.translate(_ILLEGAL)
    if not text:
        return
    cell.value = text
    cell.data_type = "s"
    if escape_formula(text) != text:
        cell.quotePrefix = True
