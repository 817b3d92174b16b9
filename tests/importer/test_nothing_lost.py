"""Nothing is lost silently: every non-empty cell of the source, and every line around the
table, has its words in the plan (a heading, a measure's field or ``extra``, the title and
approval block) or in ``unplaced``, with a warning — for every reader."""

from __future__ import annotations

import json
import re

import pytest

from planwatch.importer import parse_bytes, parse_document
from planwatch.importer.structure.unplaced import IMPLIED
from tests.conftest import SHARED
from tests.importer.samples import require_shared
from tests.importer.zoo.score import build

SAMPLES = [
    "text/000-village-pishchanska-2025.txt",
    "text/001-city-kalush-2025-2026.txt",
    "text/002-oblast-luhansk-2018-2026.txt",  # a TSV rendering
    "docx/000-merged.docx",
    "docx/001-plain.docx",
    "docx/002-numbered.docx",
    "pdf/001-plain.pdf",
]
ZOO = ["xlsx-goal-merged", "csv-rows", "tsv-goal-once", "markdown-bold-rows", "docx-extra-columns"]


def source(key: str) -> tuple[bytes, str]:
    if key in ZOO:
        _gold, data, name = build(key)
        return data, name
    require_shared()
    path = SHARED / "samples" / key
    return path.read_bytes(), path.name


def missing_words(plan: dict, grid) -> list[str]:
    dump = json.dumps(plan, ensure_ascii=False).casefold()
    texts = [t for _, t in grid.preamble + grid.trailer]
    texts += [c.text for r in grid.rows for c in r.cells if c.text.strip()]
    lost = []
    for text in texts:
        for word in re.findall(r"\w{2,}", text.casefold()):
            if word not in dump and word not in IMPLIED:
                lost.append(f"{word!r} of «{text[:60]}»")
    return lost


@pytest.mark.parametrize("key", SAMPLES + ZOO)
def test_every_source_cell_ends_in_the_plan(key):
    data, name = source(key)
    plan, grid = parse_document(data, name)
    assert missing_words(plan, grid) == []
    for item in plan.get("unplaced", []):
        assert item["text"] and ({"line", "row", "page"} & set(item))
        assert any(
            w.get("code") == "unplaced_text" and w["params"]["text"] == item["text"][:80]
            for w in plan["warnings"]
        )


def test_an_unnamed_column_and_a_signature_are_kept():
    rows = [
        "Найменування заходу\tСтрок виконання\tВиконавці\tЩось інше",
        "1) навчання батьків\t2025 рік\tслужба у справах дітей\tпозначка альфа",
        "2) тренінг\t2026 рік\tцентр соціальних служб\t",
        "Начальник служби І. ПЕТРЕНКО",
    ]
    plan = parse_bytes("\n".join(rows).encode(), "p.tsv")
    assert plan["measures"][0]["extra"] == {"Щось інше": "позначка альфа"}
    texts = " ".join(u["text"] for u in plan["unplaced"])
    assert "ПЕТРЕНКО" in texts
    assert [w["code"] for w in plan["warnings"]].count("unplaced_text") == len(plan["unplaced"])
