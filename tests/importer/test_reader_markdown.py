"""Markdown pipe tables: cells, <br> and escaped pipes, text around the table, split tables."""

from __future__ import annotations

import pytest

from planwatch.importer import PlanImportError, parse_bytes
from planwatch.importer.readers import markdown as md_reader

DOC = """\
**ЗАТВЕРДЖЕНО**
рішенням Тестової сільської ради 15.03.2025 № 12

# ПЛАН ЗАХОДІВ на 2025-2026 роки

| Найменування завдання | Найменування заходу | Строк виконання | Виконавці |
|:---|---|---:|---|
| Стратегічна ціль 1. Підтримка сімей | | | |
| 1.1 Послуги | 1) захід<br>із двох рядків | 2025 рік | СДС<br/>ЦНСП |
| | 2) захід \\| з рискою | 2026 рік | СДС |

Начальник служби   Р. РОДИНА
"""


def read(text: str):
    return md_reader.read(text.encode("utf-8"), "plan.md")


class MarkdownReaderTestCase:
    def test_it_reads_cells_with_columns_and_file_lines(self):
        grid = read(DOC)
        assert grid.rows[0].texts() == [
            "Найменування завдання", "Найменування заходу", "Строк виконання", "Виконавці"
        ]  # fmt: skip
        assert grid.rows[2].lines == (9,)
        assert [c.col for c in grid.rows[2].cells] == [0, 1, 2, 3]

    def test_br_is_a_line_break_and_an_escaped_pipe_is_text(self):
        grid = read(DOC)
        assert grid.rows[2].texts()[1:] == ["1) захід\nіз двох рядків", "2025 рік", "СДС\nЦНСП"]
        assert grid.rows[3].texts()[1] == "2) захід | з рискою"

    def test_text_around_the_table_is_preamble_and_trailer_without_markup(self):
        grid = read(DOC)
        assert grid.preamble == [
            (1, "ЗАТВЕРДЖЕНО"),
            (2, "рішенням Тестової сільської ради 15.03.2025 № 12"),
            (4, "ПЛАН ЗАХОДІВ на 2025-2026 роки"),
        ]
        assert grid.trailer == [(12, "Начальник служби   Р. РОДИНА")]

    def test_a_table_split_in_two_is_joined_and_the_text_between_is_a_heading(self):
        split = DOC.replace(
            "| | 2) захід",
            "\n## Стратегічна ціль 2. Діти\n\n| Найменування завдання | Найменування заходу | "
            "Строк виконання | Виконавці |\n|---|---|---|---|\n| | 2) захід",
        )
        grid = read(split)
        texts = [r.texts() for r in grid.rows]
        assert ["Стратегічна ціль 2. Діти"] in texts
        assert [r.repeated_header for r in grid.rows].count(True) == 1

    def test_it_builds_a_plan_through_the_pipeline(self):
        plan = parse_bytes(DOC.encode("utf-8"), "plan.md", normalize=False)
        assert plan["source"]["format"] == "markdown"
        task = plan["nodes"][0]["children"][0]
        assert [m["number"] for m in task["measures"]] == ["1)", "2)"]
        assert task["measures"][0]["executors"]["text"].split() == ["СДС", "ЦНСП"]

    def test_text_without_a_table_is_refused(self):
        with pytest.raises(PlanImportError, match="no Markdown table"):
            read("# План\n\nлише текст\n")
