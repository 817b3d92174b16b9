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
