"""Money per year in programmes: the two-row money header, amounts, totals, the mismatch warning."""

from __future__ import annotations

import copy

import pytest

from planwatch.importer import parse_bytes
from planwatch.importer.structure.columns import roles_for_header
from planwatch.importer.structure.money import assign, column_spec
from planwatch.importer.walk import iter_measures
from tests.importer.money_fixtures import (
    BODY,
    TOTALS,
    programme_docx,
    programme_tsv,
    programme_xlsx,
)

SOURCES = {
    "p.docx": programme_docx,
    "p.xlsx": programme_xlsx,
    "p.tsv": lambda: programme_tsv().encode(),
}


def money(funding: dict) -> list[tuple]:
    return [(a["year"], a["amount"], a["unit"], a["source"]) for a in funding["amounts"]]


@pytest.fixture(params=sorted(SOURCES), scope="module")
def plan(request):
    return parse_bytes(SOURCES[request.param](), request.param)


def test_every_year_and_total_is_exact(plan):
    measures = list(iter_measures(plan))
    assert [m["number"] for m in measures] == ["1)", "2)", "3)"]
    first, second, third = (m["funding"] for m in measures)
    assert money(first) == [
        (2025, "1250.5", "тис. грн", "local_budget"),
        (2026, "1250.50", "тис. грн", "local_budget"),
        (2027, None, "тис. грн", "local_budget"),
    ]
    assert (first["total"], first["total_text"]) == ("2501.0", "2 501,0")
    assert money(second) == [
        (2025, "0", "тис. грн", "state_budget"),
        (2026, None, "тис. грн", "state_budget"),
        (2027, "10", "тис. грн", "state_budget"),
    ]
    assert second["total"] == "10"
    # two sources in the source cell: the amount's source is not known
    assert money(third) == [(2026, "1000", "тис. грн", None), (2027, None, "тис. грн", None)]
    assert third["total"] == "1000"
    assert all(m["funding"]["text"] == row[4] for m, row in zip(measures, BODY, strict=True))


def test_the_totals_row_is_the_plans_totals_not_a_measure(plan):
    assert not any("Усього" in m["text"] for m in iter_measures(plan))
    totals = plan["totals"]
    assert totals["text"] == "Усього за програмою"
    assert [(a["year"], a["amount"]) for a in totals["funding"]["amounts"]] == [
        (2025, "1250.5"),
        (2026, "2250.50"),
        (2027, "10"),
    ]
    assert totals["funding"]["total"] == "3511.0"


def test_nothing_unplaced_and_no_warnings(plan):
    assert "unplaced" not in plan
    assert plan["warnings"] == []
    assert all(not m["warnings"] for m in iter_measures(plan))


def test_the_columns_say_year_and_unit(plan):
    amount_cols = [c for c in plan["source_columns"] if c["role"] == "amount"]
    assert [c["index"] for c in amount_cols] == [5, 6, 7, 8]
    specs = [column_spec(c["header"]) for c in amount_cols]
    assert [(s["year"], s["total"], s["unit"]) for s in specs] == [
        (2025, False, "тис. грн"),
        (2026, False, "тис. грн"),
        (2027, False, "тис. грн"),
        (None, True, "тис. грн"),
    ]


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_a_changed_number_makes_the_total_mismatch_warning(name):
    body = copy.deepcopy(BODY)
    body[1][8] = "12"  # the years sum to 10
    totals = [*TOTALS]
    totals[8] = "3 500"  # the years sum to 3 511.00
    build = {"p.docx": programme_docx, "p.xlsx": programme_xlsx, "p.tsv": programme_tsv}[name]
    data = build(body, totals)
    data = data.encode() if isinstance(data, str) else data
    plan = parse_bytes(data, name)
    second = list(iter_measures(plan))[1]
    assert second["warning_codes"] == [
        {"code": "funding_total_mismatch", "params": {"total": "12", "sum": "10"}}
    ]
    assert second["funding"]["total"] == "12"
    codes = [(w["code"], w["params"]) for w in plan["warnings"]]
    assert codes == [("totals_total_mismatch", {"total": "3500", "sum": "3511.00"})]
    first = list(iter_measures(plan))[0]
    assert first["warnings"] == []


def test_a_cell_that_is_no_number_is_warned_and_kept():
    body = copy.deepcopy(BODY)
    body[0][6] = "за потребою"
    plan = parse_bytes(programme_docx(body), "p.docx")
    first = next(iter_measures(plan))
    assert first["funding"]["amounts"][1]["text"] == "за потребою"
    assert first["funding"]["amounts"][1]["amount"] is None
    assert [c["code"] for c in first["warning_codes"]] == ["amount_not_a_number"]


def test_a_single_amount_column_takes_the_plans_single_year():
    from tests.importer.test_layout_variants import docx_bytes

    header = [
        "№ з/п",
        "Найменування заходу",
        "Строк виконання",
        "Виконавці",
        "Джерела фінансування",
        "Обсяг фінансування, тис. грн",
    ]
    row = ["1)", "захід", "2025 рік", "служба", "місцевий бюджет", "150,0"]
    plan = parse_bytes(docx_bytes(header, [row]), "plan.docx")
    (measure,) = iter_measures(plan)
    # the helper's title says 2025-2026: no single year, so the amount has none
    assert money(measure["funding"]) == [(None, "150.0", "тис. грн", "local_budget")]
    assert "total" not in measure["funding"]
    plan["period"] = {"start": 2025, "end": 2025}
    from planwatch.importer.normalize import normalize_plan

    normalize_plan(plan)
    (measure,) = iter_measures(plan)
    assert money(measure["funding"]) == [(2025, "150.0", "тис. грн", "local_budget")]


def test_a_lone_amount_column_without_a_source_column_stays_the_funding_column():
    header = ["Найменування заходу", "Строк виконання", "Виконавці", "Обсяг фінансування, тис. грн"]
    roles = roles_for_header(header)
    assert assign(header, roles) == ["measure", "deadline", "executors", "funding"]


def test_year_sub_columns_without_a_source_column_are_amounts():
    from tests.importer.test_layout_variants import docx_bytes

    header = ["№", "Найменування заходу", "Строк", "Виконавці", "Обсяг фінансування, тис. грн", ""]
    rows = [
        ["", "", "", "", "2025", "2026"],
        ["1)", "захід номер 1", "2025 рік", "служба", "10,0", "-"],
    ]
    plan = parse_bytes(docx_bytes(header, rows), "plan.docx")
    (measure,) = iter_measures(plan)
    assert money(measure["funding"]) == [
        (2025, "10.0", "тис. грн", None),
        (2026, None, "тис. грн", None),
    ]
    assert "unplaced" not in plan


def test_a_person_can_say_a_column_holds_an_amount():
    from tests.importer.test_layout_variants import docx_bytes

    header = ["№", "Найменування заходу", "Строк", "Виконавці", "Джерела", "2026"]
    row = ["1)", "захід", "2026 рік", "служба", "місцевий бюджет", "1 000,5"]
    plan = parse_bytes(docx_bytes(header, [row]), "plan.docx", column_roles={5: "amount"})
    (measure,) = iter_measures(plan)
    assert money(measure["funding"]) == [(2026, "1000.5", None, "local_budget")]
    assert plan["source_columns"][5]["role"] == "amount"


def test_a_line_per_cell_text_rendering_keeps_the_amount_column():
    text = (
        "ПЛАН ЗАХОДІВ на 2025 рік\n\tНайменування завдання\n\tНайменування заходу\n"
        "\tСтрок виконання\n\tОбсяг фінансування, тис. грн\n\tДжерела фінансування\n"
        "\tВідповідальні за виконання\n\t1. Запровадження підтримки сімей\n"
        "\t1) проведення інформаційної кампанії для батьків\n\t2025 рік\n\t1\u00a0150,0\n"
        "\tмісцевий бюджет\n\tслужба у справах дітей\n"
        "\t2) створення мережі прийомних сімей у громаді\n\t2025 рік\n"
        "\tне потребує фінансування\n\tслужба у справах дітей\n"
    )
    plan = parse_bytes(text.encode(), "plan.txt")
    first, second = iter_measures(plan)
    assert money(first["funding"]) == [(2025, "1150.0", "тис. грн", "local_budget")]
    assert "amounts" not in second["funding"]
    assert "unplaced" not in plan


def test_the_row_of_years_repeated_on_a_new_page_is_no_data():
    from tests.importer.money_fixtures import YEARS

    body = copy.deepcopy(BODY)
    body.insert(2, ["", "", "", "", "", *YEARS])  # the header's lower row printed again
    plan = parse_bytes(programme_docx(body), "p.docx")
    measures = list(iter_measures(plan))
    assert [m["funding"]["total"] for m in measures] == ["2501.0", "10", "1000"]
    assert [a["year"] for a in measures[1]["funding"]["amounts"]] == [2025, 2026, 2027]
    assert all(not m["warnings"] for m in measures)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Обсяг фінансування, тис. грн / 2025", (2025, False, "тис. грн")),
        ("Орієнтовні обсяги фінансування, тис. гривень / 2026 рік", (2026, False, "тис. грн")),
        ("Орієнтовні обсяги фінансування (вартість), грн / у 2027 році", (2027, False, "грн")),
        ("Обсяг фінансування, млн грн / 2025 р.", (2025, False, "млн грн")),
        ("Обсяги фінансування / Всього", (None, True, None)),
        ("Обсяг фінансування, тис. грн", (None, False, "тис. грн")),
    ],
)
def test_what_an_amount_column_holds(header, expected):
    spec = column_spec(header)
    assert (spec["year"], spec["total"], spec["unit"]) == expected


@pytest.mark.parametrize(
    "header", ["Джерела фінансування", "Обсяг та джерела фінансування", "Строк виконання"]
)
def test_other_columns_are_no_amounts(header):
    assert column_spec(header) is None


def test_planwatch_show_prints_the_money():
    from planwatch.importer.normalize import format_normalized

    plan = parse_bytes(programme_docx(), "p.docx")
    first = next(iter_measures(plan))
    assert (
        "фінансування: local_budget; кошти (тис. грн): 2025: 1250.5; 2026: 1250.50; 2027: —; "
        "усього: 2501.0"
    ) in format_normalized(first)


def test_a_measure_over_one_row_per_source_keeps_each_rows_money():
    body = copy.deepcopy(BODY)
    body.insert(1, ["", "", "", "", "державний бюджет", "100", "200", "–", "300"])
    plan = parse_bytes(programme_docx(body), "p.docx")
    first = next(iter_measures(plan))
    funding = first["funding"]
    assert [(a["row"], a["year"], a["amount"], a["source"]) for a in funding["amounts"]] == [
        (0, 2025, "1250.5", "local_budget"),
        (0, 2026, "1250.50", "local_budget"),
        (0, 2027, None, "local_budget"),
        (1, 2025, "100", "state_budget"),
        (1, 2026, "200", "state_budget"),
        (1, 2027, None, "state_budget"),
    ]
    assert [(s["total"], s["source"]) for s in funding["subtotals"]] == [
        ("2501.0", "local_budget"),
        ("300", "state_budget"),
    ]
    assert funding["total"] == "2801.0"
    assert len(list(iter_measures(plan))) == 3
    assert "unplaced" not in plan
    assert not [c for c in first.get("warning_codes", []) if "total" in c["code"]]
    body[1][8] = "301"
    plan = parse_bytes(programme_docx(body), "p.docx")
    codes = next(iter_measures(plan))["warning_codes"]
    assert {"code": "funding_total_mismatch", "params": {"total": "301", "sum": "300"}} in codes
