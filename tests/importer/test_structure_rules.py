"""Structure rules on small hand-made inputs: one rule a test."""

from __future__ import annotations

import pytest

from planwatch.importer import PlanImportError
from planwatch.importer.readers import text as text_reader
from planwatch.importer.readers import tsv as tsv_reader
from planwatch.importer.structure import build_plan

HEADER = (
    "\tНайменування завдання\n\tНайменування заходу\n\tСтрок виконання\n"
    "\tДжерела фінансування\n\tВідповідальні за виконання\n\n"
)
PREAMBLE = (
    "ЗАТВЕРДЖЕНО\nрішенням сесії Тестової сільської ради\n15 березня 2025 року № 12\n\n"
    "ПЛАН ЗАХОДІВ\nз реалізації Стратегії на 2025-2026 роки\n\n"
)


def parse_lines(body: str) -> dict:
    return build_plan(text_reader.read_text(PREAMBLE + HEADER + body, "t.txt"))


def parse_tsv(body: str) -> dict:
    head = (
        "№ з/п\tНайменування завдання\tНайменування заходу\tТермін виконання\tВиконавці\t"
        "Індикатори\n1\t2\t3\t4\t5\t6\n"
    )
    return build_plan(
        tsv_reader.read_text("План заходів на 2018-2026 роки\n" + head + body, "t.tsv")
    )


def measures(plan: dict) -> list[dict]:
    out = []

    def walk(node):
        out.extend(node["measures"])
        for c in node["children"]:
            walk(c)

    for n in plan["nodes"]:
        walk(n)
    return out + plan.get("measures", [])


class LineCellTextTestCase:
    def test_it_builds_goal_task_and_measures_from_one_cell_per_line(self):
        plan = parse_lines(
            "\tСтратегічна ціль 1. Підтримка сімей\n\n\t1. Операційна ціль перша\n\n"
            "\t1.1 Перше завдання\n\t1) перший захід\n\t2025 рік\n\tмісцевий бюджет\n"
            "\tвідділ освіти\n\n\t\n\t2) другий захід\n\t2026 рік\n\t\n\tслужба у справах дітей\n"
        )
        goal = plan["nodes"][0]
        assert (goal["kind"], goal["number"], goal["title"]) == (
            "strategic_goal",
            "1",
            "Підтримка сімей",
        )
        task = goal["children"][0]["children"][0]
        assert (task["kind"], task["number"]) == ("task", "1.1")
        assert [m["number"] for m in task["measures"]] == ["1)", "2)"]
        second = task["measures"][1]
        assert second["deadline"]["text"] == "2026 рік"
        assert second["funding"]["text"] == ""
        assert second["executors"]["text"] == "служба у справах дітей"

    def test_it_merges_a_row_split_by_a_page_break_cell_by_cell(self):
        plan = parse_lines(
            "\t1.1 Забезпечення доступу до\n\t1) створення\n\tберезень-\n\tмісцевий\n"
            "\tвідділ освіти,\n\n\n\tпослуг\n\tінструментів самооцінки\n\tчервень 2025 року\n"
            "\tбюджет\n\tслужба у справах дітей\n\n\t\n\t2) інший\n\t2026 рік\n\t\n\tвідділ освіти\n"
        )
        m = measures(plan)[0]
        assert m["text"] == "створення інструментів самооцінки"
        assert m["deadline"]["text"] == "березень-червень 2025 року"
        assert m["funding"]["text"] == "місцевий бюджет"
        assert m["executors"]["text"] == "відділ освіти, служба у справах дітей"
        assert plan["nodes"][0]["title"] == "Забезпечення доступу до послуг"

    def test_a_cells_further_paragraphs_are_joined_with_a_space(self):
        plan = parse_lines(
            "\t1.1 Завдання\n\t1) захід\n\t2025-2026\nроки\n\t\n\tвідділ освіти,\nКП «Центр»\n"
        )
        m = measures(plan)[0]
        assert m["deadline"]["text"] == "2025-2026 роки"
        assert m["executors"]["text"] == "відділ освіти, КП «Центр»"
        assert m["lines"] == sorted(m["lines"]) and len(m["lines"]) >= 5

    def test_it_warns_about_text_that_belongs_to_no_measure(self):
        plan = parse_lines(
            "\t1.1 Завдання\n\t1) захід\n\t2025 рік\n\t\n\tвідділ освіти\n\n"
            "\tпродовження завдання\n\tпродовження заходу\n\t\n\t\n\t\n\n"
            "КП «Центр надання соціальних послуг» (за згодою)\n\n\t\n\t2) інший захід\n"
            "\t2026 рік\n\t\n\tвідділ освіти\n"
        )
        assert len(measures(plan)) == 2
        assert any("not attached" in w["message"] for w in plan["warnings"])
        assert "КП" not in measures(plan)[0]["executors"]["text"]

    def test_a_task_cell_that_continues_after_a_page_break_extends_the_task(self):
        plan = parse_lines(
            "\t2.1. Визначення потреб дітей, які повернулися з тимчасово окупованої\n"
            "\t1) аналіз\n\t2025 рік\n\t\n\tслужба у справах дітей\n\n"
            "\tтериторії громади\n\t2) сприяння\n\t2025 рік\n\t\n\tслужба у справах дітей\n"
        )
        assert len(plan["nodes"]) == 1
        assert plan["nodes"][0]["title"].endswith("окупованої території громади")
        assert [m["number"] for m in plan["nodes"][0]["measures"]] == ["1)", "2)"]

    def test_a_heading_printed_without_its_tab_still_starts_a_heading(self):
        plan = parse_lines(
            "\tСтратегічна ціль 1. Перша\n\n\t1. Перша операційна\n\n\t1.1 Завдання\n"
            "\t1) захід\n\t2025 рік\n\t\n\tвідділ освіти\n\n"
            "Стратегічна ціль 2. Друга\n1. Друга операційна\n\t1.1 Завдання два\n"
            "\t1) захід два\n\t2026 рік\n\t\n\tвідділ освіти\n"
        )
        assert [n["title"] for n in plan["nodes"]] == ["Перша", "Друга"]
        assert plan["nodes"][1]["children"][0]["title"] == "Друга операційна"

    def test_labelled_operational_goal_is_followed_by_its_unlabelled_sibling(self):
        plan = parse_lines(
            "\tСтратегічна ціль 5. П'ята\n\n\tОпераційна ціль 1. Перша\n\n\t1.1 Завдання\n"
            "\t1) захід\n\t2025 рік\n\t\n\tвідділ освіти\n\n\t2. Друга\n\n\t2.1 Завдання\n"
            "\t1) захід два\n\t2025 рік\n\t\n\tвідділ освіти\n"
        )
        goals = plan["nodes"][0]["children"]
        assert [(g["kind"], g["number"]) for g in goals] == [
            ("operational_goal", "1"),
            ("operational_goal", "2"),
        ]

    def test_the_signature_after_the_table_is_not_a_cell(self):
        plan = parse_lines(
            "\t1.1 Завдання\n\t1) захід\n\t2025 рік\n\t\n\tвідділ освіти\n\n\n"
            "Керуючий справами виконкому\t\t\t\tОлег САВКА\n"
        )
        assert measures(plan)[0]["executors"]["text"] == "відділ освіти"

    def test_it_reads_approval_title_and_period(self):
        plan = parse_lines("\t1.1 Завдання\n\t1) захід\n\t2025 рік\n\t\n\tвідділ освіти\n")
        assert plan["approval"] == {
            "text": "рішенням сесії Тестової сільської ради",
            "date": "2025-03-15",
            "number": "12",
        }
        assert plan["period"] == {"start": 2025, "end": 2026}
        assert plan["title"] == "ПЛАН ЗАХОДІВ з реалізації Стратегії на 2025-2026 роки"
        assert plan["issuer"] == "Тестова сільська рада"


class TabSeparatedTestCase:
    def test_it_reads_sections_tasks_and_measures_by_column(self):
        plan = parse_tsv(
            "<b>I. Координація</b>\t\t\t\t\t\n1.\tСтворення механізмів\t1) засідання групи\t"
            "щокварталу\tслужба у справах дітей\tпротоколи\n\t\t2) аналіз\t2019 рік\tдепартамент\t\n"
        )
        section = plan["nodes"][0]
        assert (section["kind"], section["number"], section["title"]) == (
            "section",
            "I",
            "Координація",
        )
        task = section["children"][0]
        assert (task["kind"], task["number"], task["title"]) == (
            "task",
            "1",
            "Створення механізмів",
        )
        assert task["measures"][0]["indicator"]["text"] == "протоколи"

    def test_a_row_after_the_repeated_column_numbers_continues_the_cut_row(self):
        plan = parse_tsv(
            "1.\tЗавдання, що\t1) проведення засідань\t2018-2026\tслужба у справах\tкількість\n"
            "1\t2\t3\t4\t5\t6\n\tтриває\tгрупи\tроки\tдітей\tзасідань\n"
        )
        m = measures(plan)[0]
        assert (m["text"], m["deadline"]["text"]) == ("проведення засідань групи", "2018-2026 роки")
        assert m["executors"]["text"] == "служба у справах дітей"
        assert plan["nodes"][0]["title"] == "Завдання, що триває"

    def test_rows_a_converter_duplicated_are_imported_once_with_a_warning(self):
        row = "\t\t2) навчання персоналу\t2019 рік\tдепартамент\t113 посад\n"
        plan = parse_tsv(
            "1.\tЗавдання\t1) перший\t2019 рік\tслужба\tзвіт\n" + row + "1\t2\t3\t4\t5\t6\n" + row
        )
        assert [m["number"] for m in measures(plan)] == ["1)", "2)"]
        assert any("duplicated" in w["message"] for w in plan["warnings"])

    def test_a_recognition_slip_in_the_number_is_fixed_and_the_text_kept(self):
        plan = parse_tsv(
            "1.\tЗавдання\t5) п'ятий\t2019 рік\tслужба\t\n\t\tб) шостий\t2019 рік\tслужба\t\n"
        )
        sixth = measures(plan)[1]
        assert (sixth["number"], sixth["text"]) == ("6)", "шостий")
        assert any("'б)'" in w["message"] for w in plan["warnings"])

    def test_cells_shifted_left_are_put_back_by_meaning(self):
        plan = parse_tsv(
            "1.\tЗавдання\t1) перший\t2019 рік\tслужба у справах дітей\tзвіт\n"
            "2) другий захід\t\t2018-2019 роки\tДепартамент освіти\tстворення центрів\t\n"
        )
        second = measures(plan)[1]
        assert second["text"] == "другий захід"
        assert second["deadline"]["text"] == "2018-2019 роки"
        assert second["executors"]["text"] == "Департамент освіти"
        assert second["indicator"]["text"] == "створення центрів"

    def test_a_task_with_no_numbered_measures_is_one_measure_with_the_tasks_text(self):
        plan = parse_tsv("1.\tПроведення моніторингу\t\t2019 рік\tслужба у справах дітей\tзвіт\n")
        only = measures(plan)
        assert [(m["number"], m["text"]) for m in only] == [("", "Проведення моніторингу")]

    def test_consent_mark_pushed_into_the_next_row_goes_back(self):
        plan = parse_tsv(
            "1.\tЗавдання\t1) перший\t2019 рік\tорган місцевого самоврядування\t\n"
            "\t\t2) другий\t2019 рік\t(за згодою) департамент освіти\t\n"
        )
        first, second = measures(plan)
        assert first["executors"]["text"] == "орган місцевого самоврядування (за згодою)"
        assert second["executors"]["text"] == "департамент освіти"


class NoPlanTableTestCase:
    def test_text_without_a_plan_header_is_refused_with_a_reason(self):
        with pytest.raises(PlanImportError, match="no plan table"):
            build_plan(text_reader.read_text("Лист\nпро надання інформації\n", "letter.txt"))

    def test_a_header_with_no_rows_is_refused(self):
        with pytest.raises(PlanImportError, match="no measures"):
            build_plan(text_reader.read_text(HEADER, "empty.txt"))


class UnnumberedMeasuresTestCase:
    def test_dotted_items_followed_by_their_cells_are_measures(self):
        text = (
            "ПЛАН ЗАХОДІВ на 2025 рік\n\n\t№ з/п\n\tЗміст заходу\n\tТермін виконання\n"
            "\tВідповідальні виконавці\n\n\t1. Підтримка сімей\n\n\t1.1. Забезпечення доступу\n"
            "\t2025 рік\n\tслужба у справах дітей\n\n\t1.2. Проведення навчань\n\tщокварталу\n"
            "\tвідділ освіти, КП «Центр»\n\n\t2. Захист дітей\n\n\t2.1. Моніторинг\n\tпостійно\n"
            "\tслужба у справах дітей\n"
        )
        plan = build_plan(text_reader.read_text(text, "dotted.txt"))
        assert plan["period"] == {"start": 2025, "end": 2025}
        got = [
            (n["title"], [(m["number"], m["text"], m["deadline"]["text"]) for m in n["measures"]])
            for n in plan["nodes"]
        ]
        assert got == [
            (
                "Підтримка сімей",
                [
                    ("1.1", "Забезпечення доступу", "2025 рік"),
                    ("1.2", "Проведення навчань", "щокварталу"),
                ],
            ),
            ("Захист дітей", [("2.1", "Моніторинг", "постійно")]),
        ]
        assert {n["kind"] for n in plan["nodes"]} == {"task"}


class RepeatedPageHeaderTestCase:
    def test_a_header_repeated_on_the_next_page_is_not_a_continuation(self):
        plan = parse_lines(
            "\t1.1 Завдання\n\t1) захід\n\t2025 рік\n\t\n\tвідділ освіти\n\n"
            + HEADER
            + "\t1\n\t2\n\t3\n\t4\n\t5\n\n\t\n\t2) другий захід\n\t2026 рік\n\t\n\tвідділ освіти\n"
        )
        first, second = measures(plan)
        assert first["text"] == "захід" and first["executors"]["text"] == "відділ освіти"
        assert second["deadline"]["text"] == "2026 рік"


class SignatureTestCase:
    def test_a_signature_block_of_several_lines_is_not_merged_into_the_last_measure(self):
        plan = parse_lines(
            "\t1.1 Завдання\n\t1) захід\n\t2025 рік\n\t\n\tвідділ освіти\n\n\n"
            "Начальник служби\nу справах дітей\n\nР. РОДИНА\n"
        )
        m = measures(plan)[0]
        assert m["executors"]["text"] == "відділ освіти"
        # the signature is nobody's cell: kept under "unplaced", with a warning each
        assert [u["text"] for u in plan["unplaced"]] == [
            "Начальник служби у справах дітей",
            "Р. РОДИНА",
        ]
        assert {w["code"] for w in plan["warnings"]} == {"unplaced_text"}


class ColumnGridTestCase:
    """Rows whose cells know their column, as the .docx/.xlsx readers give them."""

    @staticmethod
    def grid(rows: list[list[str | None]]) -> dict:
        from planwatch.importer.grid import Cell, Grid, Row

        head = ["№ з/п", "Найменування завдання", "Зміст заходу", "Строк виконання", "Виконавці"]
        out = [Row(cells=[Cell(t, col=i, lines=(1,)) for i, t in enumerate(head)], lines=(1,))]
        for n, texts in enumerate(rows, start=2):
            cells = [
                Cell("", col=i, lines=(n,), merged_above=True)
                if t is None
                else Cell(t, col=i, lines=(n,))
                for i, t in enumerate(texts)
            ]
            out.append(Row(cells=cells, lines=(n,)))
        return build_plan(Grid(source_name="t.docx", source_format="docx", rows=out))

    def test_numbers_in_the_number_column_number_the_measures_under_a_merged_task(self):
        plan = self.grid(
            [
                ["1.", "Підтримка сімей", "", "", ""],
                ["1.1", None, "консультування батьків", "2025 рік", "ЦНСП"],
                ["1.2", None, "навчання фахівців", None, None],
            ]
        )
        task = plan["nodes"][0]
        assert (task["kind"], task["number"], task["title"]) == ("task", "1", "Підтримка сімей")
        got = [
            (m["number"], m["text"], m["deadline"]["text"], m["executors"]["text"])
            for m in task["measures"]
        ]
        assert got == [
            ("1.1", "консультування батьків", "2025 рік", "ЦНСП"),
            ("1.2", "навчання фахівців", "2025 рік", "ЦНСП"),
        ]

    def test_numbered_paragraphs_in_one_cell_are_separate_measures(self):
        plan = self.grid(
            [
                [
                    "1.",
                    "Підтримка сімей",
                    "1) консультування\n2) навчання\nфахівців",
                    "2025 рік",
                    "ЦНСП",
                ],
            ]
        )
        got = [
            (m["number"], m["text"], m["executors"]["text"]) for m in plan["nodes"][0]["measures"]
        ]
        assert got == [("1)", "консультування", "ЦНСП"), ("2)", "навчання фахівців", "ЦНСП")]
        assert any("one cell holds measures" in w["message"] for w in plan["warnings"])


class MergedCellsTestCase:
    def test_a_merge_running_across_a_repeated_header_keeps_its_text(self):
        from planwatch.importer.grid import Cell, Row
        from planwatch.importer.structure.tablegrid import table_rows

        roles = ["task", "measure", "deadline", "executors"]

        def row(texts, merged=(), **kw):
            cells = [
                Cell(t, col=i, lines=(1,), merged_above=i in merged) for i, t in enumerate(texts)
            ]
            return Row(cells=cells, lines=(1,), **kw)

        rows = [
            row(["1. Завдання", "1) перший", "2025 рік", "служба"]),
            row(["1", "2", "3", "4"]),
            row(["", "2) другий", "", ""], merged=(0, 2, 3)),
        ]
        out = table_rows(rows, roles, lambda *a: None)
        assert [r.text("deadline") for r in out] == ["2025 рік", "2025 рік"]
        assert [r.text("executors") for r in out] == ["служба", "служба"]


class SecondaryColumnsTestCase:
    def test_a_second_column_of_a_role_is_left_out_and_the_primary_one_kept(self):
        from planwatch.importer.structure.columns import roles_for_header

        header = [
            "№ з/п",
            "Найменування заходу",
            "Відповідальні виконавці",
            "Співвиконавці",
            "Строк виконання",
            "Обсяг фінансування, тис. грн",
            "Джерела фінансування",
            "Індикатор виконання",
            "Очікуваний результат",
        ]
        assert roles_for_header(header) == [
            "number",
            "measure",
            "executors",
            "extra",
            "deadline",
            "extra",
            "funding",
            "indicator",
            "extra",
        ]

    def test_two_primary_columns_of_one_role_are_no_header(self):
        from planwatch.importer.structure.columns import roles_for_header

        assert roles_for_header(["Назва заходу", "Строк", "Виконавець", "Виконавець"]) is None

    def test_an_amount_column_does_not_leak_into_the_funding_text(self):
        plan = build_plan(
            tsv_reader.read_text(
                "План заходів на 2025 рік\n№\tЗавдання\tЗахід\tСтрок\t"
                "Обсяг фінансування, тис. грн\tДжерела фінансування\tВиконавці\n"
                "1.\tЗавдання\t1) перший\t2025 рік\t150,0\tмісцевий бюджет\tслужба\n",
                "t.tsv",
            )
        )
        m = measures(plan)[0]
        assert (m["funding"]["text"], m["executors"]["text"]) == ("місцевий бюджет", "служба")

    def test_a_text_rendering_with_an_amount_column_keeps_fields_in_place(self):
        from planwatch.importer import parse_bytes

        text = (
            "ПЛАН ЗАХОДІВ на 2025 рік\n\tНайменування завдання\n\tНайменування заходу\n"
            "\tСтрок виконання\n\tОбсяг фінансування, тис. грн\n\tДжерела фінансування\n"
            "\tВідповідальні за виконання\n\t1. Запровадження підтримки сімей\n"
            "\t1) проведення інформаційної кампанії для батьків\n\t2025-2026 роки\n\t150,0\n"
            "\tмісцевий бюджет\n\tслужба у справах дітей\n"
            "\t2) створення мережі прийомних сімей у громаді\n\t2025 рік\n"
            "\tне потребує фінансування\n\tслужба у справах дітей\n"
        )
        plan = parse_bytes(text.encode(), "plan.txt")
        got = [(m["funding"]["text"], m["executors"]["text"]) for m in measures(plan)]
        assert got == [
            ("місцевий бюджет", "служба у справах дітей"),
            ("не потребує фінансування", "служба у справах дітей"),
        ]
