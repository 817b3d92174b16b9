"""Cells a converter cut in two are joined back only when the first is visibly unfinished."""

from __future__ import annotations

import pytest

from planwatch.importer import parse_bytes
from planwatch.importer.grid import Cell
from planwatch.importer.structure.segment import rejoin_cut_cells

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


# ---- measures numbered "1.", "1.1.", "1.1.1." ------------------------------------------------
def measures(text: str) -> list[tuple[str, str, str]]:
    plan = parse_bytes(text.encode(), "t.txt", normalize=False)
    found = [m for n in plan["nodes"] for m in n["measures"]] + plan.get("measures", [])
    return [
        (m["number"], m["text"], m["executors"]["text"] if m["executors"] else "") for m in found
    ]


@pytest.mark.parametrize("number", ["1)", "3.", "1.3.", "1.1.3."])
def test_a_measure_cut_after_its_number_is_one_measure(number):
    body = (
        f"\n\t{number} створення та\n\tпоширення інструментів самооцінки\n\t2025 рік\n"
        "\tбюджет громади\n\tвідділ освіти\n"
    )
    ((got, text, executors),) = measures(HEADER + body)
    assert (got.rstrip("."), text, executors) == (
        number.rstrip("."),
        "створення та поширення інструментів самооцінки",
        "відділ освіти",
    )


def cells_of(*texts: str) -> list[Cell]:
    return [Cell(t, lines=(n,)) for n, t in enumerate(texts, start=1)]


def test_a_numbered_task_is_not_joined_to_the_unnumbered_measure_below_it():
    # a task in capitals, its measure unnumbered in lower case on the next line
    cells = cells_of("1.1 Забезпечення доступу до послуг", "створення мережі послуг", "2025 рік")
    assert [c.text for c in rejoin_cut_cells(cells)] == [c.text for c in cells]
    # a measure's number before lower-case words: the sentence goes on in the next cell
    cells = cells_of("1.1. створення мережі", "послуг у громаді", "2025 рік")
    assert [c.text for c in rejoin_cut_cells(cells)] == [
        "1.1. створення мережі послуг у громаді",
        "2025 рік",
    ]


def test_a_measure_in_capitals_cut_in_two_is_joined_where_the_plan_numbers_its_measures():
    rows = [
        "1. створення мережі послуг",
        "2. Забезпечення використання працівниками\n\tзакладів охорони здоров’я протоколів",
        "3. проведення навчань",
        "4. організація дозвілля",
    ]
    body = "".join(f"\n\t{r}\n\t2025 рік\n\tбюджет громади\n\tвідділ освіти\n" for r in rows)
    assert [t for _, t, _ in measures(HEADER + body)] == [
        "створення мережі послуг",
        "Забезпечення використання працівниками закладів охорони здоров’я протоколів",
        "проведення навчань",
        "організація дозвілля",
    ]


@pytest.mark.parametrize("number", ["1)", "2.", "1.2.", "1.1.2."])
def test_a_last_measure_with_every_cell_empty_is_a_measure(number):
    body = (
        "\n\t1. створення мережі послуг\n\t2025 рік\n\tбюджет громади\n\tвідділ освіти\n"
        f"\n\t{number} сприяння впровадженню проєктів\n\t\n\t\n\t\n"
    ).replace("1. створення", f"{number.replace('2', '1')} створення")
    got = measures(HEADER + body)
    assert [(n.rstrip("."), t) for n, t, _ in got][-1] == (
        number.rstrip("."),
        "сприяння впровадженню проєктів",
    )
    assert len(got) == 2


def test_an_executors_list_ending_with_a_comma_does_not_take_the_indicator():
    header = "\tНайменування заходу\n\tСтрок виконання\n\tВиконавці\n\tІндикатори виконання\n"
    body = (
        "\n\t1. підготовка відео-сюжетів про дітей\n\t2018-2026 роки\n"
        "\tдепартамент масових комунікацій, служба у справах дітей,\n"
        "\tстворення відео-сюжетів про дітей, які мають правові підстави для влаштування в сім'ї громадян України\n"
    )
    plan = parse_bytes((header + body).encode(), "t.txt", normalize=False)
    (m,) = plan["measures"] if plan.get("measures") else plan["nodes"][0]["measures"]
    assert m["executors"]["text"].startswith("департамент масових комунікацій")
    assert "створення" not in m["executors"]["text"]
    assert m["indicator"]["text"].startswith("створення відео-сюжетів про дітей")


def test_a_quote_left_open_does_not_take_the_next_columns_organisation():
    header = "\tНайменування заходу\n\tВиконавці\n\tСтрок виконання\n\tІндикатори виконання\n"
    body = (
        "\n\t1) підписання договору з організацією «Благодійний фонд «СОС\n"
        "\tобласна державна адміністрація, БФ «СОС Дитяче містечко» (за згодою)\n"
        "\tIV квартал 2018 року\n\tпідписання договору\n"
    )
    plan = parse_bytes((header + body).encode(), "t.txt", normalize=False)
    (m,) = plan["measures"] if plan.get("measures") else plan["nodes"][0]["measures"]
    assert m["text"] == "підписання договору з організацією «Благодійний фонд «СОС"
    assert m["executors"]["text"].startswith("обласна державна адміністрація")
    assert m["deadline"]["text"] == "IV квартал 2018 року"
