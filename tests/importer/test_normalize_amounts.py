"""Amounts typed the Ukrainian way: property tests (hypothesis) and the forms plans print."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planwatch.importer.normalize.amounts import normalize_amounts, parse_amount

SPACES = st.sampled_from([" ", "\u00a0", "\u2009", "\u202f"])


def grouped(whole: int, space: str) -> str:
    """1250 → "1 250" with the given space between groups of three."""
    return f"{whole:,}".replace(",", space)


@given(
    whole=st.integers(min_value=0, max_value=10**9),
    frac=st.one_of(st.none(), st.text("0123456789", min_size=1, max_size=3)),
    space=SPACES,
    group=st.booleans(),
    comma=st.booleans(),
)
def test_ukrainian_numbers_read_exactly(whole, frac, space, group, comma):
    typed = grouped(whole, space) if group else str(whole)
    if frac is not None:
        typed += ("," if comma else ".") + frac
    value, ok = parse_amount(typed)
    assert ok
    expected = str(whole) + (f".{frac}" if frac is not None else "")
    assert value == expected  # as typed: "1250,50" keeps its trailing zero
    assert isinstance(value, str)
    assert Decimal(value) == Decimal(expected)


@given(st.sampled_from(["-", "–", "—", "‒", "−", "--"]), SPACES)
def test_a_dash_is_no_amount_and_no_doubt(dash, space):
    assert parse_amount(f"{space}{dash}{space}") == (None, True)


@given(st.text(max_size=30))
def test_never_raises_and_never_returns_a_float(text):
    value, ok = parse_amount(text)
    assert value is None or (isinstance(value, str) and Decimal(value) >= 0)
    assert isinstance(ok, bool)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1 250,5", "1250.5"),
        ("1250,50", "1250.50"),
        ("1 250", "1250"),
        ("1\u00a0250,5", "1250.5"),
        ("12\u2009345\u2009678,9", "12345678.9"),
        ("0", "0"),
        ("0,0", "0.0"),
        ("150,0 тис. грн", "150.0"),
        ("–", None),
        ("-", None),
        ("", None),
    ],
)
def test_the_forms_plans_print(typed, expected):
    assert parse_amount(typed) == (expected, True)


@pytest.mark.parametrize("typed", ["за потребою", "12 50", "1,250.5", "1.2.3"])
def test_text_that_is_no_number_is_not_understood(typed):
    assert parse_amount(typed) == (None, False)


def test_the_sum_of_the_years_is_exact_in_decimals():
    funding = {
        "sources": ["local_budget"],
        "amounts": [{"year": y, "unit": "тис. грн", "text": "0,1"} for y in (2025, 2026, 2027)],
        "total_text": "0,3",
    }
    assert normalize_amounts(funding) == []  # 0.1 + 0.1 + 0.1 == 0.3 in decimals
    assert funding["total"] == "0.3"
    funding["total_text"] = "0,4"
    assert normalize_amounts(funding) == ["funding: the total 0.4 is not the sum of the years 0.3"]


def test_running_twice_changes_nothing():
    funding = {"sources": [], "amounts": [{"year": None, "unit": None, "text": "1 000"}]}
    normalize_amounts(funding, {"start": 2026, "end": 2026})
    once = repr(funding)
    normalize_amounts(funding, {"start": 2026, "end": 2026})
    assert repr(funding) == once
    assert funding["amounts"] == [
        {"year": 2026, "unit": None, "text": "1 000", "amount": "1000", "source": None}
    ]


@pytest.mark.parametrize("typed", ["в межах кошторису", "не потребує фінансування"])
def test_words_of_a_funding_kind_in_a_money_cell_are_no_doubt(typed):
    funding = {"sources": [], "amounts": [{"year": 2025, "unit": None, "text": typed}]}
    assert normalize_amounts(funding) == []
    assert funding["amounts"][0]["amount"] is None
