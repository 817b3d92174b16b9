"""Text renderings of a gold plan, as converters of real plans print them (test code only).

A gold file (shared/gold/*.gold.json) lists every measure with its headings and cells. From it
we print the plan the way .docx/PDF → text converters do: one cell per line after a TAB, a
cell's further lines without one, headings as one-cell rows. Each variant adds one of the
distortions testers met in plans that are not in shared/: cells cut in two across lines,
headings glued to the cell before them, signature blocks after the table, empty cells dropped,
columns in another order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ROLE_OF = (
    ("№", "number"),
    ("завдання", "task"),
    ("заход", "measure"),
    ("строк", "deadline"),
    ("термін", "deadline"),
    ("фінансуван", "funding"),
    ("індикатор", "indicator"),
    ("відповідальн", "executors"),
    ("виконавці", "executors"),
)


@dataclass(frozen=True)
class Variant:
    name: str
    drop_empty: bool = False  # converters that leave no lone TAB for an empty cell
    cut_cells: bool = False  # a deadline / executors cell printed as two TAB cells
    cut_roles: tuple[str, ...] = ("deadline", "executors")  # which cells ``cut_cells`` cuts
    wrap_cells: bool = False  # long cells wrapped onto lines without a TAB
    glue_headings: str = ""  # "line": heading on the next line without a TAB; "inline": same line
    signature: bool = False  # signatures, notes and "____" after the table
    order: tuple[str, ...] = ()  # field columns after the measure, in this order
    no_blank_lines: bool = False  # rows not separated by blank lines


VARIANTS = (
    Variant("base"),
    Variant("dropped", drop_empty=True),
    Variant("cut", cut_cells=True),
    Variant("cut-dropped", cut_cells=True, drop_empty=True),
    Variant("cut-measure", cut_cells=True, cut_roles=("measure", "indicator")),
    Variant("cut-measure-dropped", cut_cells=True, cut_roles=("measure",), drop_empty=True),
    Variant("wrapped", wrap_cells=True, drop_empty=True),
    Variant("glued-line", glue_headings="line"),
    Variant("glued-inline", glue_headings="inline"),
    Variant("glued-dropped", glue_headings="line", drop_empty=True),
    Variant("signature", signature=True),
    Variant("signature-dropped", signature=True, drop_empty=True),
    Variant("order-exec-first", order=("executors", "deadline", "funding", "indicator")),
    Variant(
        "order-dropped", order=("executors", "funding", "deadline", "indicator"), drop_empty=True
    ),
    Variant("no-blank", no_blank_lines=True),
    Variant("everything", cut_cells=True, glue_headings="line", signature=True, drop_empty=True),
)


def role_of(header: str) -> str:
    h = header.casefold()
    return next((role for key, role in ROLE_OF if key in h), "extra")


def columns(gold: dict, variant: Variant) -> list[tuple[str, str]]:
    """(header text, role) in the order the variant prints them."""
    cols = [(h, role_of(h)) for h in gold["plan"]["columns"]]
    if not variant.order:
        return cols
    head = [c for c in cols if c[1] in ("number", "task", "measure")]
    rest = {c[1]: c for c in cols if c not in head}
    return head + [rest[r] for r in variant.order if r in rest]


def render(gold: dict, variant: Variant) -> str:
    plan = gold["plan"]
    cols = columns(gold, variant)
    out: list[str] = ["ЗАТВЕРДЖЕНО", plan.get("approved_by") or "рішенням ради"]
    date = plan.get("approval_date") or "2025-01-01"
    y, m, d = date.split("-")
    out += [f"{d}.{m}.{y} № {plan.get('approval_number') or ''}".rstrip(), ""]
    out += [plan["title"], ""]
    out += [f"\t{h}" for h, _ in cols]
    open_headings: list[str] = []
    for measure in gold["measures"]:
        *parents, task = measure["headings"]
        new_parents = [h for i, h in enumerate(parents) if open_headings[i : i + 1] != [h]]
        if parents != open_headings[: len(parents)]:
            for h in new_parents:
                _heading(out, h, variant)
        new_task = open_headings[len(parents) :] != [task] or parents != open_headings[:-1]
        open_headings = [*parents, task]
        cells = _row_cells(measure, task if new_task else "", cols)
        _row(out, cells, variant)
    if variant.signature:
        out += _signature_block()
    return "\n".join(out) + "\n"


def _row_cells(measure: dict, task: str, cols) -> list[tuple[str, str]]:
    number, task_text = "", task
    m = re.match(r"^(\d{1,2}(?:\.\d{1,2})*\.?)\s+(.*)$", task)
    if any(role == "number" for _, role in cols) and m:
        number, task_text = m.group(1), m.group(2)
    values = {
        "number": number,
        "task": task_text,
        "measure": f"{measure['number']} {measure['text']}".strip(),
    }
    for field in ("deadline", "funding", "executors", "indicator"):
        values[field] = measure.get(field) or ""
    return [(role, values.get(role, "")) for _, role in cols]


def _heading(out: list[str], text: str, variant: Variant) -> None:
    if variant.glue_headings == "line" and out and out[-1].strip():
        out.append(text)  # no TAB, no blank line: glued under the previous cell
        return
    if variant.glue_headings == "inline" and out and out[-1].startswith("\t") and out[-1].strip():
        out[-1] = f"{out[-1]} {text}"
        return
    if not variant.no_blank_lines:
        out.append("")
    out.append(f"\t{text}")


def _row(out: list[str], cells: list[tuple[str, str]], variant: Variant) -> None:
    if not variant.no_blank_lines:
        out.append("")
    for role, text in cells:
        if not text:
            if not variant.drop_empty:
                out.append("\t")
            continue
        parts = [text]
        if variant.cut_cells and role in variant.cut_roles:
            parts = _cut(text, role)
        for part in parts:
            lines = _wrap(part) if variant.wrap_cells else [part]
            out.append(f"\t{lines[0]}")
            out.extend(lines[1:])


def _cut(text: str, role: str) -> list[str]:
    """'2025-2026 роки' → '2025-2026' + 'роки'; executors cut after a comma; a measure or an
    indicator in the middle, at a space before a lower-case word."""
    if role in ("measure", "indicator"):
        words = text.split(" ")
        k = len(words) // 2
        while k < len(words) and not words[k][:1].islower():
            k += 1
        return [" ".join(words[:k]), " ".join(words[k:])] if 0 < k < len(words) else [text]
    if role == "executors":
        k = text.find(", ")
        return [text[: k + 1], text[k + 2 :]] if 0 < k < len(text) - 2 else [text]
    k = text.rfind(" ")
    return [text[:k], text[k + 1 :]] if k > 0 else [text]


def _wrap(text: str, width: int = 40) -> list[str]:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line]


def _signature_block() -> list[str]:
    return [
        "",
        "____________________",
        "Примітка: план переглядається щороку.",
        "",
        "\tНачальник служби у справах дітей",
        "\tОльга КОВАЛЬ",
        "",
        "Секретар ради\t\t\tІван ПЕТРЕНКО",
    ]
