"""Table layouts real plans use beyond the samples: built as .docx here, parsed end to end."""

from __future__ import annotations

import io

from docx import Document

from planwatch.importer import parse_bytes

HEADER = ["№ з/п", "Зміст заходу", "Термін виконання", "Виконавці", "Джерела фінансування"]


def docx_bytes(header: list[str], rows: list[list[str]], spans: dict[int, tuple] = {}) -> bytes:  # noqa: B006
    """A one-table document; ``spans`` row → (first, last) columns merged into one cell."""
    doc = Document()
    doc.add_paragraph("ПЛАН ЗАХОДІВ на 2025-2026 роки")
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    for i, text in enumerate(header):
        table.rows[0].cells[i].text = text
    for r, values in enumerate(rows, start=1):
        for i, text in enumerate(values):
            table.rows[r].cells[i].text = text
        if r - 1 in spans:
            first, last = spans[r - 1]
            table.rows[r].cells[first].merge(table.rows[r].cells[last])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def tree(plan: dict) -> list[tuple]:
    out = []

    def walk(nodes):
        for n in nodes:
            out.append((n["kind"], n["number"], n["title"]))
            for m in n.get("measures", []):
                out.append(("measure", m["number"], m["text"], m["deadline"]["text"]))
            walk(n.get("children", []))

    walk(plan["nodes"])
    return out + [("loose", m["number"], m["text"]) for m in plan.get("measures") or []]


def measure_row(number: str, k: int) -> list[str]:
    return [number, f"захід номер {k}", "2025 рік", "служба у справах дітей", "місцевий бюджет"]


class NumberColumnTestCase:
    def test_a_section_numbered_in_the_number_column_is_a_heading(self):
        rows = [["I.", "Профілактика", "", "", ""], measure_row("1.", 1), measure_row("2.", 2)]
        plan = parse_bytes(docx_bytes(HEADER, rows, {0: (1, 4)}), "plan.docx")
        assert tree(plan) == [
            ("section", "I", "Профілактика"),
            ("measure", "1", "захід номер 1", "2025 рік"),
            ("measure", "2", "захід номер 2", "2025 рік"),
        ]

    def test_measures_numbered_1_in_the_number_column_are_not_shifted_cells(self):
        rows = [["1.", "Завдання", "", "", ""], measure_row("1)", 1), measure_row("2)", 2)]
        plan = parse_bytes(docx_bytes(HEADER, rows, {0: (1, 4)}), "plan.docx")
        assert [t for t in tree(plan) if t[0] == "measure"] == [
            ("measure", "1)", "захід номер 1", "2025 рік"),
            ("measure", "2)", "захід номер 2", "2025 рік"),
        ]
        assert not any("shifted" in w["message"] for w in plan["warnings"])


class TwoRowHeaderTestCase:
    def test_year_subcolumns_under_an_amount_header_are_left_out(self):
        header = [*HEADER, "Обсяг фінансування, тис. грн", ""]
        rows = [
            ["", "", "", "", "", "2025", "2026"],
            ["1)", "захід номер 1", "2025 рік", "служба", "місцевий бюджет", "10,0", "-"],
        ]
        plan = parse_bytes(docx_bytes(header, rows), "plan.docx")
        m = [t for t in tree(plan) if t[0] in ("measure", "loose")]
        assert [(t[1], t[2]) for t in m] == [("1)", "захід номер 1")]
        assert plan["measures"][0]["funding"]["text"] == "місцевий бюджет"


class HeadingRowsTestCase:
    """Plans that number everything in the № column and leave a heading's other cells empty."""

    def test_dotted_numbering_makes_the_tree(self):
        rows = [
            ["1.", "Розвиток сімейних форм", "", "", ""],
            ["1.1.", "Підтримка прийомних сімей", "", "", ""],
            measure_row("1.1.1.", 1),
            measure_row("1.1.2.", 2),
            ["1.2.", "Розвиток послуг", "", "", ""],
            measure_row("1.2.1.", 3),
        ]
        plan = parse_bytes(docx_bytes(HEADER, rows), "plan.docx")
        assert [t[:2] for t in tree(plan)] == [
            ("section", "1"),
            ("task", "1.1"),
            ("measure", "1.1.1"),
            ("measure", "1.1.2"),
            ("task", "1.2"),
            ("measure", "1.2.1"),
        ]
        assert plan["nodes"][0]["children"][1]["measures"][0]["text"] == "захід номер 3"

    def test_a_heading_numbered_like_the_others_with_its_own_cells_is_its_own_measure(self):
        rows = [
            ["1.", "Підтримка прийомних сімей", "", "", ""],
            measure_row("1)", 1),
            ["2.", "Окремий захід", "2026 рік", "відділ освіти", "державний бюджет"],
        ]
        plan = parse_bytes(docx_bytes(HEADER, rows), "plan.docx")
        assert tree(plan) == [
            ("task", "1", "Підтримка прийомних сімей"),
            ("measure", "1)", "захід номер 1", "2025 рік"),
            ("task", "2", "Окремий захід"),
            ("measure", "", "Окремий захід", "2026 рік"),
        ]

    def test_a_measure_with_empty_cells_stays_a_measure(self):
        rows = [measure_row("1", 1), ["2", "захід без строку", "", "", ""], measure_row("3", 3)]
        plan = parse_bytes(docx_bytes(HEADER, rows), "plan.docx")
        assert [t[1] for t in tree(plan)] == ["1", "2", "3"]
