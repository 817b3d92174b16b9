"""Export to the template and import it back: the same headings, measures and cells."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from planwatch.importer import parse_bytes, parse_file
from planwatch.importer.template import write_csv, write_xlsx
from tests.conftest import SHARED


def measure(number, text, deadline="2025 рік", funding="", executors="СДС", indicator=""):
    fields = {"deadline": deadline, "funding": funding, "executors": executors}
    fields["indicator"] = indicator
    return {"number": number, "text": text, **{k: {"text": v} for k, v in fields.items()}}


def node(kind, number, title, children=(), measures=()):
    return {"kind": kind, "number": number, "title": title, "children": list(children),
            "measures": list(measures)}  # fmt: skip


PLAN = {
    "format": "planwatch-plan/1",
    "title": "ПЛАН ЗАХОДІВ з реалізації Стратегії на 2025-2026 роки",
    "approval": {"text": "рішенням Тестової сільської ради", "date": "2025-03-15", "number": "12"},
    "period": {"start": 2025, "end": 2026},
    "columns": ["Найменування завдання", "Найменування заходу", "Строк виконання",
                "Джерела фінансування", "Відповідальні виконавці", "Індикатор виконання"],
    "nodes": [
        node("strategic_goal", "1", "Підвищення спроможності сімей", [
            node("operational_goal", "1.1", "Запровадження підтримки сімей", [
                node("task", "1", "Забезпечення доступу до послуг", measures=[
                    measure("1)", "=SUM(A1:A3) як текст, не формула", funding="місцевий бюджет"),
                    measure("2)", "інформування батьків", deadline="-", executors="@СДС",
                            indicator="+10 % охоплення"),
                ]),
                node("task", "2", "Підвищення економічної спроможності", measures=[
                    measure("1)", "організація зайнятості дітей", deadline="2025-2026 роки"),
                ]),
            ]),
            node("operational_goal", "1.2", "Мета без завдань"),
        ]),
        node("strategic_goal", "2", "Зростання дітей у сім'ях", [
            node("operational_goal", "2.1", "Удосконалення підходів", [
                node("task", "1", "Запровадження спеціалізації", measures=[
                    measure("1)", "навчання прийомних батьків", executors="ЦНСП, СДС (за згодою)"),
                ]),
            ]),
        ]),
    ],
}  # fmt: skip


def shape(nodes: list[dict]) -> list:
    """What must survive a round trip: the tree and every measure's number and cells."""
    keys = ("deadline", "funding", "executors", "indicator")
    out = []
    for n in nodes:
        ms = [(m["number"], m["text"], *(m[k]["text"] for k in keys)) for m in n["measures"]]
        out.append((n["kind"], n["number"], n["title"], ms, shape(n["children"])))
    return out


def round_trip(plan: dict, fmt: str) -> dict:
    data = write_csv(plan).encode("utf-8") if fmt == "csv" else write_xlsx(plan)
    return parse_bytes(data, f"export.{fmt}", normalize=False)


class TemplateRoundTripTestCase:
    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_importing_the_export_gives_back_the_plan(self, fmt):
        back = round_trip(PLAN, fmt)
        assert back["source"]["format"] == fmt
        assert shape(back["nodes"]) == shape(PLAN["nodes"])
        assert (back["title"], back["approval"], back["period"]) == (
            PLAN["title"], PLAN["approval"], PLAN["period"]
        )  # fmt: skip

    def test_the_csv_export_escapes_formula_like_cells(self):
        rows = list(csv.reader(io.StringIO(write_csv(PLAN).lstrip("\ufeff")), delimiter=";"))
        cells = [c for r in rows for c in r]
        assert "'=SUM(A1:A3) як текст, не формула" in cells
        assert "'-" in cells and "'@СДС" in cells and "'+10 % охоплення" in cells
        assert not any(c[:1] in "=+-@" and c for c in cells)

    def test_the_xlsx_export_stores_formula_like_cells_as_text(self):
        ws = load_workbook(io.BytesIO(write_xlsx(PLAN))).active
        cells = [c for row in ws.iter_rows() for c in row if c.value]
        formula_like = [c for c in cells if str(c.value).startswith("=")]
        assert [c.value for c in formula_like] == ["=SUM(A1:A3) як текст, не формула"]
        assert all(c.data_type == "s" and c.quotePrefix for c in formula_like)

    def test_a_heading_without_measures_keeps_its_own_row(self):
        meta_header_and_rows = write_csv(PLAN).splitlines()
        assert any("Мета без завдань" in line for line in meta_header_and_rows)


SAMPLES = [
    *sorted((SHARED / "samples" / "docx").glob("*-plain.docx")),
    *sorted((SHARED / "samples" / "text").glob("*.txt")),
]


@pytest.mark.skipif(not SAMPLES, reason="shared samples not available")
class SampleRoundTripTestCase:
    @pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
    def test_every_sample_survives_export_and_import(self, path):
        plan = parse_file(path, normalize=False)
        for fmt in ("csv", "xlsx"):
            back = round_trip(plan, fmt)
            assert shape(back["nodes"]) == shape(plan["nodes"])
            assert back["title"] == plan["title"] and back["approval"] == plan["approval"]


class TemplateShapeTestCase:
    def test_a_task_nested_in_a_task_is_exported_in_the_task_column(self):
        inner = node("task", "1.1", "Вкладене", measures=[measure("1)", "захід")])
        plan = {**PLAN, "nodes": [node("task", "1", "Завдання", [inner])]}
        rows = list(csv.reader(io.StringIO(write_csv(plan).lstrip("\ufeff")), delimiter=";"))
        assert rows[-1][3:6] == ["1.1. Вкладене", "1)", "захід"]
