"""Issue 22 on the held-out sets (tests/strategy/blind_sets.py): written by one person, labelled
by another. Floors sit at what was measured (figures: README of fixtures/blind and the issue
note); the targets (links top-1 ≥ 90 %, top-3 ≥ 98 %; Strategy top-1 ≥ 80 %, top-3 ≥ 95 %) are
not reached here yet, and these floors only keep the matcher from getting worse on them."""

from __future__ import annotations

import unittest

from tests.strategy.blind_sets import evaluate_links, evaluate_strategy
from tests.strategy.layouts import LAYOUTS

# set → (labelled measures that carry out an upper one, top-1 floor, top-3 floor)
LINK_FLOORS = {"A": (38, 20, 31), "B": (27, 17, 25)}
STRATEGY_FLOOR = (36, 22, 30)


class BlindSetsTestCase(unittest.TestCase):
    def test_links_hold_their_measured_level(self):
        for name, (n, top1, top3) in LINK_FLOORS.items():
            with self.subTest(set=name):
                s = evaluate_links(name)
                self.assertEqual(s.n, n)
                self.assertGreaterEqual(s.top1, top1, s.line())
                self.assertGreaterEqual(s.top3, top3, s.line())

    def test_strategy_holds_its_measured_level_in_every_layout(self):
        n, top1, top3 = STRATEGY_FLOOR
        for layout in LAYOUTS:
            with self.subTest(layout=layout):
                s = evaluate_strategy(layout)
                self.assertEqual((s.n, s.unmatched), (n, 0))
                self.assertGreaterEqual(s.top1, top1, s.line())
                self.assertGreaterEqual(s.top3, top3, s.line())
