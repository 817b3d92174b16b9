"""Cells a converter cut in two are joined back only when the first is visibly unfinished."""

from __future__ import annotations

from planwatch.importer import parse_bytes

HEADER = "\tНайменування заходу\n\tСтрок виконання\n\tДжерела фінансування\n\tВиконавці\n\n"


def only_measure(body: str) -> dict:
    plan = parse_bytes((HEADER + body).encode(), "t.txt", normalize=False)
    (measure,) = plan["nodes"][0]["measures"] if plan["nodes"] else plan["measures"]
    return measure


def test_a_year_and_its_unit_on_two_cells_are_one_deadline():
    m = only_measure("\t1) захід\n\t2025-2026\n\tроки\n\tмісцевий бюджет\n\tвідділ освіти\n")
    assert m["deadline"]["text"] == "2025-2026 роки"
    assert m["executors"]["text"] == "відділ освіти"


def test_an_executors_list_cut_after_a_comma_is_one_cell():
    m = only_measure(
        "\t1) захід\n\t2025 рік\n\tбюджет громади\n\tвідділ освіти,\n\tслужба у справах дітей\n"
    )
    assert m["executors"]["text"] == "відділ освіти, служба у справах дітей"


def test_a_complete_deadline_is_not_joined_to_the_next_cell():
    m = only_measure("\t1) захід\n\t2025 рік\n\tвідділ освіти\n")
    assert m["deadline"]["text"] == "2025 рік"
    assert m["executors"]["text"] == "відділ освіти"


def test_a_heading_glued_to_the_last_cell_on_its_line_opens_a_heading():
    plan = parse_bytes(
        (
            HEADER + "\tСтратегічна ціль 1. Перша\n\n\t1) захід\n\t2025 рік\n"
            "\tвідділ освіти (за згодою) Стратегічна ціль 2. Друга ціль плану\n\n"
            "\t1) інший захід\n\t2026 рік\n\tслужба у справах дітей\n"
        ).encode(),
        "t.txt",
        normalize=False,
    )
    first, second = plan["nodes"]
    assert first["measures"][0]["executors"]["text"] == "відділ освіти (за згодою)"
    assert second["title"] == "Друга ціль плану"
    assert second["measures"][0]["text"] == "інший захід"
