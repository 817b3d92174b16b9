"""A person's say on what each column holds (``column_roles``) and the columns as read."""

from __future__ import annotations

import pytest

from planwatch.importer import PlanImportError, parse_bytes
from tests.importer.test_layout_variants import docx_bytes, tree

HEADER = ["Ціль", "Зміст заходу", "Дата", "Хто", "Коментар"]
ROWS = [
    [
        "1.1. Підтримка сімей",
        "1) консультування батьків",
        "2025 рік",
        "служба у справах дітей",
        "ок",
    ],
    ["", "2) тренінги для батьків", "2026 рік", "центр соціальних служб", ""],
]


def tsv(header: list[str], rows: list[list[str]]) -> bytes:
    return "\n".join("\t".join(r) for r in [header, *rows]).encode()


def test_the_override_names_columns_the_header_does_not():
    # "Дата" and "Хто" name no role: without the override there is no plan table at all
    with pytest.raises(PlanImportError):
        parse_bytes(tsv(HEADER, ROWS), "plan.tsv")
    roles = {0: "heading", 1: "measure", 2: "deadline", 3: "executors", 4: "ignore"}
    plan = parse_bytes(tsv(HEADER, ROWS), "plan.tsv", column_roles=roles)
    assert tree(plan) == [
        ("task", "1.1", "Підтримка сімей"),
        ("measure", "1)", "консультування батьків", "2025 рік"),
        ("measure", "2)", "тренінги для батьків", "2026 рік"),
    ]
    first = plan["nodes"][0]["measures"][0]
    assert first["executors"]["text"] == "служба у справах дітей"
    assert "extra" not in first  # column 4 was ignored on request
    assert [(c["index"], c["header"], c["role"]) for c in plan["source_columns"]] == [
        (0, "Ціль", "heading"),
        (1, "Зміст заходу", "measure"),
        (2, "Дата", "deadline"),
        (3, "Хто", "executors"),
        (4, "Коментар", "ignore"),
    ]


def test_the_override_replaces_the_guess_and_moves_a_role():
    header = ["Захід", "Строк виконання", "Виконавці", "Примітка"]
    rows = [["1) захід", "2025 рік", "служба у справах дітей", "2026 рік"]]
    guessed = parse_bytes(docx_bytes(header, rows), "p.docx")
    assert [c["role"] for c in guessed["source_columns"]] == [
        "measure",
        "deadline",
        "executors",
        "extra",
    ]
    assert guessed["measures"][0]["extra"] == {"Примітка": "2026 рік"}
    plan = parse_bytes(docx_bytes(header, rows), "p.docx", column_roles={3: "deadline"})
    measure = plan["measures"][0]
    assert measure["deadline"]["text"] == "2026 рік"
    # the column that had the role by guess keeps its text as an extra column
    assert measure["extra"] == {"Строк виконання": "2025 рік"}
    assert [c["role"] for c in plan["source_columns"]][:2] == ["measure", "extra"]


def test_an_unknown_role_is_a_clear_error():
    with pytest.raises(PlanImportError, match="unknown role 'when'"):
        parse_bytes(tsv(HEADER, ROWS), "plan.tsv", column_roles={2: "when"})


def test_an_ignored_column_is_left_out_without_a_warning():
    roles = {0: "heading", 1: "measure", 2: "deadline", 3: "executors", 4: "ignore"}
    plan = parse_bytes(tsv(HEADER, ROWS), "plan.tsv", column_roles=roles)
    assert "unplaced" not in plan
    assert not [w for w in plan["warnings"] if w["code"] == "unplaced_text"]
    roles[4] = "extra"
    plan = parse_bytes(tsv(HEADER, ROWS), "plan.tsv", column_roles=roles)
    assert plan["nodes"][0]["measures"][0]["extra"] == {"Коментар": "ок"}


def test_extra_columns_survive_the_template_export_and_import():
    from planwatch.importer.template import write_csv, write_xlsx

    header = ["Захід", "Строк виконання", "Виконавці", "Примітка"]
    rows = [
        ["1) захід один", "2025 рік", "служба у справах дітей", "перевірено"],
        ["2) захід два", "2026 рік", "відділ освіти", ""],
    ]
    plan = parse_bytes(docx_bytes(header, rows), "p.docx")
    assert [m.get("extra") for m in plan["measures"]] == [{"Примітка": "перевірено"}, None]
    for data, name in ((write_xlsx(plan), "p.xlsx"), (write_csv(plan), "p.csv")):
        again = parse_bytes(data if isinstance(data, bytes) else data.encode(), name)
        assert [m.get("extra") for m in again["measures"]] == [{"Примітка": "перевірено"}, None]
        assert "unplaced" not in again
