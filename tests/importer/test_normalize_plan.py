"""normalize_plan on whole plans: coverage of the samples, text untouched, idempotent."""

import copy

import pytest

from planwatch.importer.normalize import format_normalized, normalize_plan
from planwatch.importer.walk import iter_measures
from tests.importer.test_normalize_organizations import plan_from_gold


def dated_share(plan: dict) -> tuple[int, int]:
    """(cells with start and end, non-empty cells that are neither conditional nor as-needed)."""
    cells = [m["deadline"] for m in iter_measures(plan) if m["deadline"]["text"].strip()]
    counted = [c for c in cells if not c["condition"] and c["recurrence"] != "as_needed"]
    return sum(1 for c in counted if c["start"] and c["end"]), len(counted)


@pytest.mark.parametrize("num", ["000", "001", "002"])
def test_at_least_98_percent_of_deadline_cells_get_dates(num):
    plan = plan_from_gold(num)
    normalize_plan(plan)
    dated, counted = dated_share(plan)
    assert dated / counted >= 0.98
    for measure in iter_measures(plan):
        deadline = measure["deadline"]
        if deadline["text"] and not (deadline["start"] and deadline["end"]):
            assert any(w.startswith("deadline:") for w in measure["warnings"])


@pytest.mark.parametrize("num", ["000", "001", "002"])
def test_it_keeps_text_and_is_idempotent(num):
    plan = plan_from_gold(num)
    before = copy.deepcopy(plan)
    normalize_plan(plan)
    once = copy.deepcopy(plan)
    normalize_plan(plan)
    assert plan == once
    for old, new in zip(iter_measures(before), iter_measures(plan), strict=True):
        for cell in ("deadline", "funding", "executors", "indicator"):
            assert new[cell]["text"] == old[cell]["text"]


def test_it_walks_nested_nodes_and_top_level_measures():
    inner = {"deadline": {"text": "2025 рік"}, "executors": {"text": "ССД"}}
    top = {"deadline": "щокварталу", "funding": {"text": "місцевий бюджет"}}
    plan = {
        "period": {"start": 2025, "end": 2026},
        "measures": [top],
        "nodes": [{"children": [{"children": [], "measures": [inner]}], "measures": []}],
    }
    normalize_plan(plan)
    assert inner["deadline"]["end"] == "2025-12-31"
    assert inner["executors"]["organizations"][0]["id"] == "org-1"
    assert top["deadline"] == {
        "text": "щокварталу",
        "start": "2025-01-01",
        "end": "2026-12-31",
        "recurrence": "quarterly",
        "due": None,
        "condition": None,
        "reporting_periods": ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
        + ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"],
    }
    assert top["funding"]["sources"] == ["local_budget"] and top["warnings"] == []
    assert plan["organizations"][0]["name"] == "ССД"


def test_without_a_period_it_takes_the_years_of_the_deadlines():
    measures = [{"deadline": {"text": "2025-2026 роки"}}, {"deadline": {"text": "постійно"}}]
    plan = {"nodes": [{"children": [], "measures": measures}]}
    normalize_plan(plan)
    assert measures[1]["deadline"]["start"] == "2025-01-01"
    assert measures[1]["deadline"]["end"] == "2026-12-31"
    assert plan["period"] == {"start": 2025, "end": 2026} and plan["warnings"]


def test_format_normalized_prints_short_lines():
    measure = {
        "deadline": {"text": "2025-2026 роки, щокварталу"},
        "funding": {"text": "місцевий бюджет, позабюджетні кошти"},
        "executors": {"text": "відділ освіти, ГО «Надія» (за згодою)"},
        "indicator": {"text": "забезпечення 100 % дітей"},
    }
    plan = {"period": {"start": 2024, "end": 2026}, "measures": [measure]}
    normalize_plan(plan)
    assert format_normalized(measure) == [
        "строк: 2025-01-01 … 2026-12-31, щокварталу; звітні періоди 2025-Q1…2026-Q4 (8)",
        "фінансування: local_budget, extra_budgetary",
        "виконавці: [1] відділ освіти (department); [2] ГО «Надія» (partner, за згодою)",
        "показники: 100 %",
    ]
