"""Title, approval, period, columns: what a person reads above the table."""

from __future__ import annotations

import pytest

from planwatch.importer import parse_file
from tests.conftest import SHARED
from tests.importer.samples import GOLD, gold, require_shared


@pytest.mark.parametrize("num", sorted(GOLD))
class SampleMetadataTestCase:
    def test_it_reads_the_approval_and_period_from_the_text_rendering(self, num):
        require_shared()
        want = gold(num)["plan"]
        plan = parse_file(SHARED / "samples" / "text" / f"{GOLD[num]}.txt", normalize=False)
        assert plan["approval"]["date"] == want["approval_date"]
        assert plan["approval"]["number"] == want["approval_number"]
        assert plan["approval"]["text"] == want["approved_by"]
        assert [plan["period"]["start"], plan["period"]["end"]] == want["period"]
        assert plan["columns"] == want["columns"]
        assert plan["title"].casefold() == want["title"].casefold()

    def test_the_docx_gives_the_same_period_and_approval_date(self, num):
        require_shared()
        want = gold(num)["plan"]
        plan = parse_file(SHARED / "samples" / "docx" / f"{num}-merged.docx", normalize=False)
        assert [plan["period"]["start"], plan["period"]["end"]] == want["period"]
        assert plan["approval"]["date"] == want["approval_date"]


class TitleAndPeriodFallbackTestCase:
    HEADER = "\tНайменування заходу\n\tСтрок виконання\n\tВиконавці\n\n"
    ROWS = "\t1) захід\n\t2025 рік\n\tвідділ освіти\n\n\t2) інший\n\t2027 рік\n\tслужба у справах дітей\n"

    def parse(self, preamble: str) -> dict:
        from planwatch.importer import parse_bytes

        return parse_bytes((preamble + self.HEADER + self.ROWS).encode(), "plan.docx.txt")

    def test_no_title_paragraph_gives_no_title_and_a_warning_never_the_file_name(self):
        plan = self.parse("ЗАТВЕРДЖЕНО\nрішенням сільської ради\n20.05.2025 № 5\n\n")
        assert plan["title"] is None
        assert any("no title paragraph" in w["message"] for w in plan["warnings"])
        assert "plan.docx" not in str(plan["title"])

    def test_the_period_comes_from_the_deadlines_and_is_set_on_the_plan(self):
        plan = self.parse("План заходів громади\n\n")
        assert plan["period"] == {"start": 2025, "end": 2027}
        assert any("deadlines" in w["message"] and "2025-2027" in w["message"]
                   for w in plan["warnings"])  # fmt: skip

    def test_the_period_comes_from_the_approval_when_the_title_has_none(self):
        plan = self.parse("ЗАТВЕРДЖЕНО\nрішенням ради про план на 2024-2028 роки\n01.02.2024 № 7\n\n"
                          "План заходів громади\n\n")  # fmt: skip
        assert plan["title"] == "План заходів громади"
        assert plan["period"] == {"start": 2024, "end": 2028}
        assert any("approving act" in w["message"] for w in plan["warnings"])

    def test_a_period_in_the_title_needs_no_warning(self):
        plan = self.parse("План заходів громади на 2025-2026 роки\n\n")
        assert plan["period"] == {"start": 2025, "end": 2026}
        assert not any("period" in w["message"] for w in plan["warnings"])
