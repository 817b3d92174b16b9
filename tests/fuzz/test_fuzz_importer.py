"""The importer under generated input: `make fuzz` runs these with 10,000+ examples each.

Any input gives a plan or the importer's own error; never another exception. In the normal
suite they run with the default profile (a few hundred examples).
"""

from __future__ import annotations

import io
import zipfile

from hypothesis import given
from hypothesis import strategies as st

from planwatch.importer import PlanImportError, parse_bytes

CELL = st.sampled_from(
    [
        "1) захід",
        "б) захід",
        "12 ) захід",
        "1.1.1. захід",
        "Стратегічна ціль 2. Ціль",
        "2.1. Операційна ціль. Ціль",
        "Розділ IV. Розділ",
        "III. Розділ",
        "2025-2026 роки",
        "щороку (до 10січня)",
        "протягом трьох місяців після припинення воєнного стану",
        "місцевий бюджет, позабюджетні кошти",
        "не потребує фінансування",
        "департаменти облдержадміністрації: освіти і науки, соціального захисту населення",
        "ГО «Світ (за згодою)», КНП «ЦРЛ»",
        "(за згодою)",
        "забезпечення 100 % дітей",
        "створення 332 посад",
        "Найменування заходу",
        "Строк виконання",
        "Виконавці",
        "№ з/п",
        "1",
        "2",
        "---",
        "",
        " ",
        "[bookmark: _GoBack]",
        "<b>I. Розділ</b>",
    ]
)
TEXT_CELL = st.one_of(CELL, st.text(max_size=60))


def _run(data: bytes, name: str) -> None:
    try:
        plan = parse_bytes(data, name)
    except PlanImportError as exc:
        assert str(exc)
        return
    assert plan["format"] == "planwatch-plan/1"


class FuzzImporterTestCase:
    @given(st.lists(st.tuples(st.booleans(), TEXT_CELL), max_size=80))
    def test_line_per_cell_text(self, cells):
        text = "\n".join(("\t" if tab else "") + c for tab, c in cells)
        _run(text.encode("utf-8"), "fuzz.txt")

    @given(st.lists(st.lists(TEXT_CELL, min_size=1, max_size=7), max_size=40))
    def test_tab_separated_rows(self, rows):
        text = "№ з/п\tНайменування заходу\tСтрок виконання\tВиконавці\n"
        text += "\n".join("\t".join(r) for r in rows)
        _run(text.encode("utf-8"), "fuzz.tsv")

    @given(st.lists(st.lists(TEXT_CELL, min_size=1, max_size=6), max_size=30))
    def test_markdown_tables(self, rows):
        lines = ["| Найменування заходу | Строк виконання | Виконавці |", "|---|---|---|"]
        lines += ["| " + " | ".join(c.replace("|", "/") for c in r) + " |" for r in rows]
        _run("\n".join(lines).encode("utf-8"), "fuzz.md")

    @given(st.binary(max_size=2000))
    def test_arbitrary_bytes(self, data):
        _run(data, "fuzz.bin")

    @given(st.binary(max_size=3000), st.sampled_from(["word/document.xml", "xl/workbook.xml"]))
    def test_zip_archives_with_garbage_parts(self, payload, part):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr(part, payload)
        _run(buf.getvalue(), "fuzz.docx" if part.startswith("word") else "fuzz.xlsx")
