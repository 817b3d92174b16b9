"""Headings however typed, and goal columns beside the measures (issue 15)."""

from __future__ import annotations

import pytest

from planwatch.importer import parse_bytes
from planwatch.importer.structure import classify
from planwatch.importer.structure.columns import level_kind, role_of_header
from tests.importer.test_layout_variants import docx_bytes, tree


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("IV. Розвиток послуг", "IV"),
        ("ІУ. Розвиток послуг", "ІУ"),  # Cyrillic І and У typed for I and V
        ("У. Розвиток послуг", "У"),
        ("УІІ. Розвиток послуг", "УІІ"),
        ("ХІ. Розвиток послуг", "ХІ"),
        ("Ⅳ. Розвиток послуг", "Ⅳ"),
        ("Розділ ІУ. Розвиток послуг", "ІУ"),
    ],
)
def test_roman_numerals_in_look_alikes_are_sections(text, number):
    h = classify.heading(text)
    assert (h.kind, h.number, h.title) == ("section", number, "Розвиток послуг")


@pytest.mark.parametrize("text", ["УУ. Розвиток", "ІІІІ. Розвиток", "ХУХ. Розвиток"])
def test_letters_that_are_no_numeral_are_no_section(text):
    h = classify.heading(text)
    assert h is None or h.kind != "section"


@pytest.mark.parametrize(
    ("text", "number", "title"),
    [
        ("Напрям 2. Профілактика", "2", "Профілактика"),
        ("Ціль 1: Підтримка сімей", "1", "Підтримка сімей"),
        ("1.2 Підтримка сімей", "1.2", "Підтримка сімей"),
    ],
)
def test_generic_labels_and_numbers_without_dots_are_headings(text, number, title):
    h = classify.heading(text)
    assert (h.number, h.title) == (number, title)


@pytest.mark.parametrize(
    ("header", "role", "kind"),
    [
        ("Операційна ціль", "heading", "operational_goal"),
        ("Стратегічні цілі", "heading", "strategic_goal"),
        ("Найменування напряму", "heading", None),
        ("Ціль", "heading", None),
        ("Розділ", "heading", "section"),
        ("Найменування завдання", "task", None),
        ("Операційна ціль 1.1. Запровадження підтримки", None, None),  # a heading, not a header
    ],
)
def test_level_headers(header, role, kind):
    assert role_of_header(header) == role
    assert level_kind(header) == kind


HEADER = ["Операційна ціль", "Найменування заходу", "Строк виконання", "Виконавці"]


def rows(goal_cells: list[str]) -> list[list[str]]:
    measures = [("1) перший", "2025 рік"), ("2) другий", "2026 рік"), ("1) третій", "2025 рік")]
    return [
        [goal, text, deadline, "служба у справах дітей"]
        for goal, (text, deadline) in zip(goal_cells, measures, strict=True)
    ]


@pytest.mark.parametrize(
    "goals",
    [
        ["1.1. Підтримка", "", "1.2. Захист"],  # typed once, empty below
        ["1.1. Підтримка", "1.1. Підтримка", "1.2. Захист"],  # repeated on each row
    ],
)
def test_a_goal_column_opens_one_heading_over_its_measures(goals):
    table = [["Стратегічна ціль 1. Сім'я", "", "", ""], *rows(goals)]
    plan = parse_bytes(docx_bytes(HEADER, table, {0: (0, 3)}), "p.docx")
    assert tree(plan) == [
        ("strategic_goal", "1", "Сім'я"),
        ("operational_goal", "1.1", "Підтримка"),
        ("measure", "1)", "перший", "2025 рік"),
        ("measure", "2)", "другий", "2026 рік"),
        ("operational_goal", "1.2", "Захист"),
        ("measure", "1)", "третій", "2025 рік"),
    ]
    assert [c["role"] for c in plan["source_columns"]] == [
        "heading",
        "measure",
        "deadline",
        "executors",
    ]
    assert not [w for w in plan["warnings"] if w["code"] == "unplaced_text"]


def test_a_merged_goal_column_opens_one_heading():
    import io

    from docx import Document

    doc = Document()
    t = doc.add_table(rows=4, cols=4)
    for i, text in enumerate(HEADER):
        t.cell(0, i).text = text
    for r, values in enumerate(rows(["1.1. Підтримка", "", "1.2. Захист"]), start=1):
        for i, text in enumerate(values):
            t.cell(r, i).text = text
    t.cell(1, 0).merge(t.cell(2, 0))
    out = io.BytesIO()
    doc.save(out)
    plan = parse_bytes(out.getvalue(), "p.docx")
    assert [(k, n) for k, n, *_ in tree(plan)] == [
        ("operational_goal", "1.1"),
        ("measure", "1)"),
        ("measure", "2)"),
        ("operational_goal", "1.2"),
        ("measure", "1)"),
    ]


def test_a_goal_column_in_a_text_rendering_is_a_heading_level():
    lines = [
        "ПЛАН ЗАХОДІВ на 2025-2026 роки",
        *[f"\t{h}" for h in HEADER],
        "\tСтратегічна ціль 1. Сім'я",
        *["\t1.1. Підтримка", "\t1) перший", "\t2025 рік", "\tслужба у справах дітей"],
        *["\t", "\t2) другий", "\t2026 рік", "\tслужба у справах дітей"],
        *["\t1.2. Захист", "\t1) третій", "\t2025 рік", "\tвідділ освіти"],
    ]
    plan = parse_bytes("\n".join(lines).encode(), "p.txt")
    assert plan["source"]["format"] == "text"
    assert [(k, n) for k, n, *_ in tree(plan)] == [
        ("strategic_goal", "1"),
        ("task", "1.1"),
        ("measure", "1)"),
        ("measure", "2)"),
        ("task", "1.2"),
        ("measure", "1)"),
    ]
    assert plan["source_columns"][0]["role"] == "heading"
