"""Lower → upper plan links against labels by meaning (issue 22), in every layout.

Sets (tests/strategy/link_sets.py): a district plan composed from the oblast plan 002, a
starosta district's plan composed from the city plan 001 (both: the upper measures restated
plus measures of their own that carry out nothing above), and sample 000 read as a lower plan
of 001, labelled by meaning. Figures with Wilson 95 % intervals:
`PYTHONPATH=src:. python -m tests.strategy.link_sets` (README). Floors sit one measure below
what was measured; the issue's target (top-1 ≥ 90 %, top-3 ≥ 98 %) is not met on every set.
"""

from __future__ import annotations

import unittest

from planwatch.strategy.evaluation import label_key
from planwatch.strategy.links import links
from tests.strategy.layouts import LAYOUTS
from tests.strategy.link_sets import SETS, evaluate, imported_texts, link_set

# set → (labelled measures, top-1 floor, top-3 floor); measured 34/37 36/37, 25/29 28/29,
# 72/85 77/85 (before issue 22's link space: 31/37 35/37, 20/29 23/29, 72/85 79/85).
FLOORS = {"district-002": (37, 33, 35), "okrug-001": (29, 24, 27), "000-001": (85, 71, 76)}


def describe(score) -> str:
    return score.line() + "".join(f"\n  {m}" for m in score.misses)


class LinkSetQualityTestCase(unittest.TestCase):
    def test_each_set_meets_its_floor(self):
        for name, (n, top1, top3) in FLOORS.items():
            with self.subTest(set=name):
                score = evaluate(name)
                self.assertEqual(score.n, n)
                self.assertGreaterEqual(score.top1, top1, describe(score))
                self.assertGreaterEqual(score.top3, top3, describe(score))

    def test_measures_of_the_lower_plans_own_are_marked_none_fits(self):
        # Composed sets: every own measure flagged, no labelled one. 000 → 001: 4 of the 13
        # measures 001 has nothing for; the 2 labelled ones flagged were wrong at top-1.
        for name in ("district-002", "okrug-001"):
            with self.subTest(set=name):
                score = evaluate(name)
                self.assertEqual(score.own_flagged, score.own, describe(score))
                self.assertEqual(score.right_flagged, 0, describe(score))
        score = evaluate("000-001")
        self.assertGreaterEqual(score.own_flagged, 3, describe(score))
        self.assertLessEqual(score.right_flagged, 2, describe(score))

    def test_confident_rows_are_nearly_always_right(self):
        # Measured: 30/30, 16/16, 68/71.
        for name in SETS:
            with self.subTest(set=name):
                score = evaluate(name)
                self.assertGreaterEqual(score.confident_right, score.confident - 3)
                self.assertGreaterEqual(score.confident, score.n // 2, describe(score))


class LinkLayoutTestCase(unittest.TestCase):
    def test_every_layout_gives_the_same_candidates(self):
        # Both plans typed out in each layout (headings as rows, paragraphs, a first column,
        # a spreadsheet, flattened, none …) and read back by the importer: the same measures,
        # in the same order, get the same three candidates, so the figures above hold in
        # every layout.
        for name in SETS:
            lower, upper, _ = link_set(name)
            expected = self.candidates([m["text"] for m in lower], [m["text"] for m in upper])
            for layout in LAYOUTS:
                with self.subTest(set=name, layout=layout):
                    got = self.candidates(
                        imported_texts(name, "lower", layout),
                        imported_texts(name, "upper", layout),
                    )
                    self.assertEqual(got, expected)

    @staticmethod
    def candidates(lower, upper) -> list:
        keys = [label_key(text) for text in upper]
        return [
            (label_key(text), [keys[c.index] for c in row])
            for text, row in zip(lower, links(lower, upper), strict=True)
        ]
