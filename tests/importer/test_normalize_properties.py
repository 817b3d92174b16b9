"""Any text: the cell parsers never raise, return the documented keys, and keep start <= end."""

from datetime import date

from hypothesis import example, given
from hypothesis import strategies as st

from planwatch.importer.normalize import (
    format_normalized,
    normalize_plan,
    parse_deadline,
    parse_funding,
    parse_indicator,
    reporting_periods,
    split_executors,
)

DEADLINE_KEYS = {"start", "end", "recurrence", "due", "condition", "reporting_periods", "warnings"}
RECURRENCES = {None, "monthly", "quarterly", "half_yearly", "annually", "continuous", "as_needed"}
KINDS = {"department", "institution", "service", "council", "administration", "partner"}
KINDS |= {"person", "other"}

# Text made of the pieces real cells are made of, so that the parsers' branches are reached.
PIECES = st.sampled_from(
    [
        "2025",
        "2019",
        "2026",
        "1990",
        "2099",
        "-",
        "–",
        "˗",
        " ",
        ",",
        ";",
        "(",
        ")",
        "«",
        "»",
        "роки",
        "року",
        "рік",
        "I",
        "ІІ",
        "IV",
        "Х",
        "кв.",
        "квартал",
        "півріччя",
        "березень",
        "червня",
        "листопаді",
        "10січня",
        "31",
        "0",
        "до",
        "кінця",
        "з",
        "по",
        "починаючи",
        "протягом",
        "щороку",
        "щокварталу",
        "постійно",
        "у разі потреби",
        "після",
        "01.01.2025",
        "32.13.2025",
        "державний",
        "та",
        "місцеві",
        "бюджети",
        "(за згодою)",
        "(за згодою))",
        "КП",
        "відділ",
        "освіти",
        "департаменти:",
        "обласний",
        "районні",
        "центри",
        "100 %",
        "\n",
    ]
)
CELL = st.one_of(st.text(max_size=80), st.lists(PIECES, max_size=14).map(" ".join))
PERIOD = st.one_of(
    st.none(),
    st.builds(
        lambda a, b: {"start": a, "end": b}, st.integers(1990, 2040), st.integers(1990, 2040)
    ),
    st.just({"start": None, "end": 2026}),
    st.just([2018, 2026]),
)


@given(CELL, PERIOD)
def test_deadline_never_raises_and_keeps_its_shape(text, period):
    value = parse_deadline(text, period)
    assert set(value) >= DEADLINE_KEYS
    assert value["recurrence"] in RECURRENCES
    assert all(isinstance(w, str) for w in value["warnings"])
    if value["start"] and value["end"]:
        assert date.fromisoformat(value["start"]) <= date.fromisoformat(value["end"])
    assert value["reporting_periods"] == reporting_periods(value, period)


@given(CELL)
def test_funding_never_raises_and_keeps_its_shape(text):
    value = parse_funding(text)
    assert len(value["sources"]) == len(set(value["sources"]))


@given(CELL)
def test_executors_never_raise_and_keep_their_shape(text):
    for entry in split_executors(text):
        assert entry["name"] and isinstance(entry["by_consent"], bool)
        assert entry["kind"] in KINDS


@given(CELL)
def test_indicator_never_raises_and_keeps_its_shape(text):
    for target in parse_indicator(text)["targets"]:
        assert isinstance(target["value"], int | float) and isinstance(target["unit"], str)


@given(st.lists(st.tuples(CELL, CELL, CELL, CELL), max_size=4), PERIOD)
def test_normalize_plan_never_raises_and_keeps_text(rows, period):
    measures = [
        {"deadline": {"text": d}, "funding": {"text": f}, "executors": {"text": e}, "indicator": i}
        for d, f, e, i in rows
    ]
    plan = {"period": period, "nodes": [{"children": [], "measures": measures}]}
    normalize_plan(plan)
    for (d, f, e, _), measure in zip(rows, measures, strict=True):
        assert measure["deadline"]["text"] == d and measure["funding"]["text"] == f
        assert measure["executors"]["text"] == e
        assert isinstance(format_normalized(measure), list)
    assert isinstance(plan["organizations"], list)


KEYS = ["nodes", "children", "measures", "deadline", "funding", "executors", "indicator"]
KEYS += ["text", "period", "start", "end", "warnings", "name"]
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | CELL,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS), inner),
    max_leaves=12,
)


@example({"nodes": None, "period": {"start": "¹"}})
@given(st.dictionaries(st.sampled_from(KEYS), JSONISH))
def test_normalize_plan_survives_any_json_shape(plan):
    normalize_plan(plan)
    assert isinstance(plan["organizations"], list)
