"""Every shared sample, scored against its hand-checked gold with shared/tools/score_plan.py."""

from __future__ import annotations

import pytest

from planwatch.importer import parse_file
from tests.importer.samples import gold, require_shared, sample_sources, scorer


@pytest.mark.parametrize(("num", "path"), sample_sources(), ids=lambda v: getattr(v, "name", v))
class GoldenSampleTestCase:
    def test_it_finds_every_measure_and_reads_its_cells(self, num, path):
        require_shared()
        result = scorer().score(gold(num), parse_file(path))
        misses = {f: m[:2] for f, m in result["misses"].items() if m}
        assert result["f1"] >= 0.99, (
            result["unmatched_gold"][:3],
            result["unmatched_predicted"][:3],
        )
        assert result["fields"] >= 0.97, misses

    def test_every_measure_sits_under_its_own_headings(self, num, path):
        require_shared()
        score = scorer()
        g, plan = gold(num), parse_file(path, normalize=False)
        predicted = score.flatten_predicted(plan)
        wrong = []
        for i, j, _ in score.pair(g["measures"], predicted):
            want = [score.strip_heading_prefix(h) for h in g["measures"][i]["headings"]]
            got = [score.strip_heading_prefix(h) for h in predicted[j]["headings"]]
            if want != got:
                wrong.append((want[-1][:60], got[-1][:60] if got else None))
        assert len(wrong) <= len(predicted) * 0.01, wrong[:3]


@pytest.mark.parametrize("num", ["000", "001"])
class DroppedEmptyCellsTestCase:
    """Converters that drop empty cells entirely (no lone TAB) must still give the plan."""

    def test_it_still_finds_the_measures_and_their_cells(self, num):
        require_shared()
        from planwatch.importer import parse_bytes
        from tests.importer.samples import GOLD, SHARED

        source = (SHARED / "samples" / "text" / f"{GOLD[num]}.txt").read_text(encoding="utf-8")
        stripped = "\n".join(line for line in source.split("\n") if line.strip(" \t") or not line)
        assert stripped.count("\n\t\n") == 0
        result = scorer().score(gold(num), parse_bytes(stripped.encode(), "dropped.txt"))
        assert result["f1"] >= 0.98
        assert result["fields"] >= 0.96


class NoPageHeadersTestCase:
    """A converter that drops the repeated page headers still gives the oblast plan."""

    def test_rows_cut_by_a_page_break_are_found_without_the_header_between(self):
        require_shared()
        from planwatch.importer import parse_bytes
        from tests.importer.samples import GOLD, SHARED

        source = (SHARED / "samples" / "text" / f"{GOLD['002']}.txt").read_text(encoding="utf-8")
        lines = [line for line in source.split("\n") if line.strip() != "1\t2\t3\t4\t5\t6"]
        result = scorer().score(gold("002"), parse_bytes("\n".join(lines).encode(), "nohdr.txt"))
        assert result["f1"] >= 0.99
        assert result["fields"] >= 0.97
