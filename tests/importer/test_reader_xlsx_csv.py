""".xlsx / .csv readers: the one-row-per-measure template and plain tables typed into cells."""

from __future__ import annotations

import datetime as dt
import io
import time

import pytest
from openpyxl import Workbook

from planwatch.importer import parse_bytes
from planwatch.importer.detect import detect_format
from planwatch.importer.readers import csv_ as csv_reader
from planwatch.importer.readers import docx as docx_reader
from planwatch.importer.readers import xlsx as xlsx_reader
from tests.conftest import SHARED

TEMPLATE_HEADER = ["Стратегічна ціль", "Операційна ціль", "Завдання", "№", "Захід", "Строк виконання",
                   "Виконавці"]  # fmt: skip
SG = "1. Підтримка сімей"
OG = "1.1. Послуги"
TEMPLATE_ROWS = [
    ["Назва", "План заходів на 2025-2026 роки"],
    ["Затверджено", "рішенням Тестової сільської ради"],
    ["Дата затвердження", "15.03.2025"],
    ["Номер рішення", "12"],
    [],
    TEMPLATE_HEADER,
    [SG, OG, "1. Перше завдання", "1)", "перший захід", "2025 рік", "СДС"],
    [SG, OG, "1. Перше завдання", "2)", "другий захід", "2026 рік", "ЦНСП"],
    [SG, OG, "2. Друге завдання", "1)", "третій захід", "2025 рік", "СДС"],
    [SG, "1.2. Без завдань", "", "", "", "", ""],
]


def to_csv(rows: list[list[str]], delimiter: str = ";") -> bytes:
    return "\n".join(delimiter.join(r) for r in rows).encode("utf-8")


def to_xlsx(rows: list[list[object]], merges: tuple[str, ...] = (), extra_sheet: bool = False):
    wb = Workbook()
    if extra_sheet:
        wb.active.title = "Notes"
        wb.active["A1"] = "нотатки"
        ws = wb.create_sheet("Plan")
    else:
        ws = wb.active
    for row in rows:
        ws.append(row)
    for rng in merges:
        ws.merge_cells(rng)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def texts(grid):
    return [r.texts() for r in grid.rows]


class TemplateCsvTestCase:
    def test_it_turns_the_template_into_document_shaped_rows(self):
        grid = csv_reader.read(to_csv(TEMPLATE_ROWS), "plan.csv")
        assert texts(grid) == [
            ["Найменування завдання", "Найменування заходу", "Строк виконання",
             "Відповідальні виконавці"],
            ["Стратегічна ціль 1. Підтримка сімей"],
            ["Операційна ціль 1.1. Послуги"],
            ["1. Перше завдання", "1) перший захід", "2025 рік", "СДС"],
            ["", "2) другий захід", "2026 рік", "ЦНСП"],
            ["2. Друге завдання", "1) третій захід", "2025 рік", "СДС"],
            ["Операційна ціль 1.2. Без завдань"],
        ]  # fmt: skip
        assert grid.rows[1].cells[0].span == 4
        assert [r.lines for r in grid.rows] == [(6,), (7,), (7,), (7,), (8,), (9,), (10,)]

    def test_key_value_rows_become_an_approval_block_and_title(self):
        grid = csv_reader.read(to_csv(TEMPLATE_ROWS), "plan.csv")
        assert grid.preamble == [
            (1, "План заходів на 2025-2026 роки"),
            (2, "ЗАТВЕРДЖЕНО"),
            (2, "рішенням Тестової сільської ради"),
            (2, "15.03.2025 № 12"),
        ]

    def test_english_headers_and_commas_are_accepted(self):
        rows = [["section", "task", "number", "measure", "deadline", "executors"],
                ["I. Координація", "1. Механізми", "1)", "засідання", "щокварталу", "СДС"]]  # fmt: skip
        grid = csv_reader.read(to_csv(rows, ","), "plan.csv")
        assert texts(grid)[1:] == [
            ["Розділ I. Координація"],
            ["1. Механізми", "1) засідання", "щокварталу", "СДС"],
        ]

    def test_columns_may_come_in_any_order(self):
        order = [6, 4, 0, 2, 1, 5, 3]
        shuffled = [[row[i] for i in order] for row in TEMPLATE_ROWS[5:]]
        grid = csv_reader.read(to_csv(shuffled), "plan.csv")
        assert texts(grid) == texts(csv_reader.read(to_csv(TEMPLATE_ROWS[5:]), "plan.csv"))

    def test_it_gives_back_formula_escaped_text(self):
        rows = [TEMPLATE_HEADER, [SG, OG, "1. Т", "1)", "'=HYPERLINK(1)", "'-", "''@x"]]
        grid = csv_reader.read(to_csv(rows), "plan.csv")
        assert grid.rows[-1].texts()[1:] == ["1) =HYPERLINK(1)", "-", "'@x"]

    def test_it_builds_the_plan_tree_through_the_pipeline(self):
        plan = parse_bytes(to_csv(TEMPLATE_ROWS), "plan.csv", normalize=False)
        goal = plan["nodes"][0]
        assert (goal["kind"], goal["number"], goal["title"]) == (
            "strategic_goal",
            "1",
            "Підтримка сімей",
        )
        tasks = goal["children"][0]["children"]
        assert [t["number"] for t in tasks] == ["1", "2"]
        assert [m["number"] for m in tasks[0]["measures"]] == ["1)", "2)"]
        assert plan["approval"]["date"] == "2025-03-15" and plan["approval"]["number"] == "12"

    def test_a_bare_number_in_the_number_column_is_a_measure_number(self):
        rows = [TEMPLATE_HEADER, [SG, OG, "1. Т", "1", "захід", "2025", "СДС"],
                [SG, OG, "1. Т", "2.", "ще захід", "2026", "СДС"]]  # fmt: skip
        grid = csv_reader.read(to_csv(rows), "plan.csv")
        assert [r.texts()[1] for r in grid.rows[-2:]] == ["1) захід", "2) ще захід"]

    def test_an_excel_sep_line_names_the_delimiter(self):
        data = b"sep=|\n" + to_csv(TEMPLATE_ROWS[5:], "|")
        assert detect_format(data, "plan.csv") == "csv"
        assert texts(csv_reader.read(data, "plan.csv"))[1] == [
            "Стратегічна ціль 1. Підтримка сімей"
        ]


class PlainCsvTestCase:
    def test_a_plain_table_is_passed_on_with_the_lines_above_as_preamble(self):
        rows = [["ПЛАН ЗАХОДІВ", "", ""], ["Найменування заходу", "Строк виконання", "Виконавці"],
                ["1) захід", "2025", "СДС"], ["", "2) захід", "СДС"], ["Начальник служби", "", "Р. РОДИНА"]]  # fmt: skip
        grid = csv_reader.read(to_csv(rows), "plan.csv")
        assert grid.preamble == [(1, "ПЛАН ЗАХОДІВ")]
        assert texts(grid) == rows[1:4]
        assert grid.trailer == [(5, "Начальник служби Р. РОДИНА")]
        assert [c.col for c in grid.rows[1].cells] == [0, 1, 2]


class XlsxTestCase:
    def test_the_template_reads_the_same_from_xlsx(self):
        grid = xlsx_reader.read(to_xlsx(TEMPLATE_ROWS), "plan.xlsx")
        assert texts(grid) == texts(csv_reader.read(to_csv(TEMPLATE_ROWS), "plan.csv"))
        assert grid.source_format == "xlsx"

    def test_it_finds_the_template_on_a_later_sheet_and_formats_values(self):
        rows = [TEMPLATE_HEADER, [SG, OG, "1. Т", 1, "захід", 2025.0, dt.datetime(2025, 3, 1)]]
        grid = xlsx_reader.read(to_xlsx(rows, extra_sheet=True), "plan.xlsx")
        assert grid.rows[-1].texts() == ["1. Т", "1) захід", "2025", "01.03.2025"]

    def test_merged_ranges_become_spans_and_continuations(self):
        rows = [["Найменування завдання", "Найменування заходу", "Строк", "Виконавці"],
                ["Стратегічна ціль 1. Сім'ї", None, None, None],
                ["1.1 Завдання", "1) захід", "2025", "СДС"],
                [None, "2) захід", None, "ЦНСП"]]  # fmt: skip
        grid = xlsx_reader.read(to_xlsx(rows, merges=("A2:D2", "A3:A4", "C3:C4")), "plan.xlsx")
        heading, first, second = grid.rows[1:]
        assert [(c.text, c.span) for c in heading.cells] == [("Стратегічна ціль 1. Сім'ї", 4)]
        assert [(c.col, c.merged_above) for c in second.cells] == [
            (0, True), (1, False), (2, True), (3, False)
        ]  # fmt: skip
        assert first.lines == (3,) and second.lines == (4,)

    def test_a_last_row_with_only_a_numbered_measure_stays_in_the_table(self):
        rows = [["Найменування заходу", "Строк", "Виконавці"], ["1) захід", "2025", "СДС"],
                ["2) захід без строку", None, None], ["Начальник служби", None, "Р. РОДИНА"]]  # fmt: skip
        grid = xlsx_reader.read(to_xlsx(rows), "plan.xlsx")
        assert grid.rows[-1].texts() == ["2) захід без строку"]
        assert grid.trailer == [(4, "Начальник служби Р. РОДИНА")]


SAMPLES = sorted((SHARED / "samples" / "docx").glob("00?-merged.docx"))


def sheet_from_docx_grid(grid) -> bytes:
    """The plan typed into a spreadsheet the way a person would: same cells, same merges."""
    wb = Workbook()
    ws = wb.active
    for n, (_, text) in enumerate(grid.preamble, 1):
        ws.cell(row=n, column=1, value=text)
    top = len(grid.preamble) + 2
    open_runs: dict[int, int] = {}
    for i, row in enumerate(grid.rows):
        for c in row.cells:
            if not c.merged_above:
                ws.cell(row=top + i, column=c.col + 1, value=c.text or None)
            if c.span > 1:
                ws.merge_cells(start_row=top + i, start_column=c.col + 1, end_row=top + i,
                               end_column=c.col + c.span)  # fmt: skip
        merged = {c.col for c in row.cells if c.merged_above}
        for col in [k for k in open_runs if k not in merged]:
            _close(ws, col, open_runs.pop(col), top + i - 1)
        for col in merged:
            open_runs.setdefault(col, top + i - 1)
    for col, start in open_runs.items():
        _close(ws, col, start, top + len(grid.rows) - 1)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _close(ws, col: int, start: int, end: int) -> None:
    ws.merge_cells(start_row=start, start_column=col + 1, end_row=end, end_column=col + 1)


@pytest.mark.skipif(not SAMPLES, reason="shared samples not available")
class PlainXlsxSamplesTestCase:
    @pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
    def test_a_sample_typed_into_a_sheet_imports_like_the_docx(self, path):
        docx_plan = parse_bytes(path.read_bytes(), path.name, normalize=False)
        data = sheet_from_docx_grid(docx_reader.read(path.read_bytes(), path.name))
        xlsx_plan = parse_bytes(data, "plan.xlsx", normalize=False)
        assert _same_cells(xlsx_plan, docx_plan)  # lines differ: sheet rows vs table rows
        assert xlsx_plan["title"] == docx_plan["title"]


def _same_cells(a: dict, b: dict) -> bool:
    def flat(plan):
        out = []

        def walk(node, path):
            here = (*path, (node["kind"], node["number"], node["title"]))
            out.extend((here, m["number"], m["text"], m["deadline"]["text"], m["executors"]["text"])
                       for m in node["measures"])  # fmt: skip
            for child in node["children"]:
                walk(child, here)

        for n in plan["nodes"]:
            walk(n, ())
        return out

    return flat(a) == flat(b)


class XlsxSpeedTestCase:
    def test_a_formatted_cell_far_away_does_not_make_the_sheet_huge(self):
        from openpyxl.styles import Font

        wb = Workbook()
        ws = wb.active
        ws.append(["Найменування заходу", "Строк", "Виконавці"])
        for i in range(1, 301):
            ws.append([f"{i}) захід", "2025", "СДС"])
        ws["XFD1"].font = ws["A1000000"].font = Font(bold=True)
        out = io.BytesIO()
        wb.save(out)
        started = time.process_time()
        grid = xlsx_reader.read(out.getvalue(), "plan.xlsx")
        assert len(grid.rows) == 301 and time.process_time() - started < 5
