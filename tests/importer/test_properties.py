"""Properties that hold for any text: only the importer's own error, determinism, true lines."""

from __future__ import annotations

import contextlib

from hypothesis import given
from hypothesis import strategies as st

from planwatch.importer import PlanImportError, parse_bytes

HEADER = "\tНайменування заходу\n\tСтрок виконання\n\tВиконавці\n"
PIECES = st.sampled_from(
    [
        "\t1) захід",
        "\t2) інший захід",
        "\tб) шостий",
        "\t2025 рік",
        "\t2025-2026 роки",
        "\tвідділ освіти",
        "\tслужба у справах дітей (за згодою)",
        "\t",
        "",
        "продовження",
        "\tСтратегічна ціль 1. Ціль",
        "\t1.1 Завдання",
        "\tI. Розділ",
        "1\t2\t3",
        "\t«лапки",
        "\tмісцевий бюджет",
        "Керуючий справами\t\tІван ПЕТРЕНКО",
        "№ 5",
        "ЗАТВЕРДЖЕНО",
    ]
)
LINES = st.lists(st.one_of(PIECES, st.text(max_size=40)), max_size=40)


def parse(text: str):
    try:
        return parse_bytes(text.encode("utf-8"), "fuzz.txt")
    except PlanImportError:
        return None


def all_measures(plan: dict):
    def walk(node):
        yield from node["measures"]
        for c in node["children"]:
            yield from walk(c)

    for n in plan["nodes"]:
        yield from walk(n)
    yield from plan.get("measures", [])


class ImporterPropertiesTestCase:
    @given(st.text(max_size=400))
    def test_any_text_gives_a_plan_or_the_importers_own_error(self, text):
        parse(text)

    @given(LINES)
    def test_plan_like_text_gives_a_plan_or_the_importers_own_error(self, lines):
        parse(HEADER + "\n".join(lines))

    @given(LINES)
    def test_parsing_is_deterministic(self, lines):
        text = HEADER + "\n".join(lines)
        assert parse(text) == parse(text)

    @given(LINES)
    def test_every_measure_points_at_lines_that_exist_in_the_source(self, lines):
        text = HEADER + "\n".join(lines)
        plan = parse(text)
        if plan is None:
            return
        count = len(text.split("\n"))
        for m in all_measures(plan):
            assert m["lines"], m
            assert all(1 <= n <= count for n in m["lines"])

    @given(st.binary(max_size=300))
    def test_any_bytes_give_a_plan_or_the_importers_own_error(self, data):
        with contextlib.suppress(PlanImportError):
            parse_bytes(data, "fuzz.bin")
