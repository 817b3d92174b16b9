"""Labelled plans in many layouts, imported through the real importer (issue 22).

Test code only. The plans: the shared gold plans 000 and 001 (every measure; labels in
`fixtures/labels-*.json`, derived once from the gold's heading paths by `derive_labels`), and a
plan composed for these tests in other words (`fixtures/own-words-plan.json`: 32 measures
under the community's own goals, each labelled by meaning). Each plan is typed out by the
importer zoo's builders (tests/importer/zoo/layouts.py) and read back by `parse_bytes`.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from docx import Document

from planwatch.importer import parse_bytes, parse_file
from planwatch.strategy.evaluation import label_key
from tests.conftest import SHARED
from tests.importer.zoo import layouts as zoo

FIXTURES = Path(__file__).parent / "fixtures"
TEXT = SHARED / "samples" / "text"


@cache
def sample(prefix: str) -> dict:
    (path,) = TEXT.glob(f"{prefix}-*.txt")
    return parse_file(path, normalize=False)


def gold_records(num: str) -> list[dict]:
    from tests.importer.samples import gold

    return gold(num)["measures"]


def own_words_records() -> list[dict]:
    data = json.loads((FIXTURES / "own-words-plan.json").read_text(encoding="utf-8"))
    return [
        {
            "headings": [m["goal"]],
            "number": f"{n})",
            "text": m["text"],
            "deadline": m.get("deadline", "2025-2026 роки"),
            "funding": m.get("funding", "бюджет громади"),
            "executors": m.get("executors", "відділ соціального захисту"),
            "indicator": m.get("indicator", ""),
        }
        for n, m in enumerate(data["measures"], start=1)
    ]


def labels(name: str) -> dict[str, set[str]]:
    """label_key(text) → acceptable operational goals ("1.1", …)."""
    path = FIXTURES / f"labels-{name}.json"
    if name == "own":
        data = json.loads((FIXTURES / "own-words-plan.json").read_text(encoding="utf-8"))
        rows = data["measures"]
    else:
        rows = json.loads(path.read_text(encoding="utf-8"))
    return {label_key(r["text"]): set(r["goals"]) for r in rows}


def _no_title(recs) -> bytes:
    return zoo.docx_rows(recs, doc=Document())


def _with_headings(recs, keep):
    return [{**r, "headings": keep(r["headings"])} for r in recs]


# name → (file name, builder(records) -> bytes)
LAYOUTS = {
    "headings as rows": ("p.docx", zoo.docx_rows),
    "paragraphs between tables": ("p.docx", zoo.docx_between_tables),
    "first-column goals": ("p.docx", lambda r: zoo.docx_goal_column(r, "merged")),
    "no title": ("p.docx", _no_title),
    "columns reordered": (
        "p.docx",
        lambda r: zoo.docx_rows(r, cols=["executors", "measure", "deadline", "indicator"]),
    ),
    "spreadsheet, goals merged down": ("p.xlsx", lambda r: zoo.xlsx_bytes(r, "merged")),
    "flattened (innermost heading only)": (
        "p.docx",
        lambda r: zoo.docx_rows(_with_headings(r, lambda h: h[-1:])),
    ),
    "strategic goals only": (
        "p.docx",
        lambda r: zoo.docx_rows(_with_headings(r, lambda h: h[:-2])),
    ),
    "no headings": ("p.docx", lambda r: zoo.docx_rows(_with_headings(r, lambda h: []))),
}
# Layouts that keep every heading: the suggestions must agree across them.
KEEP_HEADINGS = [
    "headings as rows",
    "paragraphs between tables",
    "first-column goals",
    "no title",
    "columns reordered",
    "spreadsheet, goals merged down",
]


@cache
def imported(plan: str, layout: str) -> dict:
    recs = own_words_records() if plan == "own" else gold_records(plan)
    file_name, builder = LAYOUTS[layout]
    return parse_bytes(builder(recs), file_name, normalize=False)


def derive_labels(num: str) -> list[dict]:
    """Labels for a gold plan: the operational goal its printed headings name (the deepest
    heading that is a Strategy goal or task, matched by title to the merged reference)."""
    from planwatch.strategy.evaluation import reference_index, strategy_reference
    from planwatch.strategy.evidence import PlanMeasure, read

    index = reference_index(strategy_reference([sample("000"), sample("001")]))
    out = []
    for rec in gold_records(num):
        reading = read(PlanMeasure(0, rec["text"], "", tuple(rec["headings"])), index)
        if reading.explicit_goal is not None:
            out.append({"text": rec["text"], "goals": [reading.explicit_goal]})
    return out


if __name__ == "__main__":
    for num in ("000", "001"):
        rows = derive_labels(num)
        (FIXTURES / f"labels-{num}.json").write_text(
            json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        print(num, len(rows), "of", len(gold_records(num)))
