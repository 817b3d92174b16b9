"""`strategy.links`: lower plan's measures → the upper plan's, on samples 000 and 001.

The samples have no district/oblast pair that shares measures (the oblast plan 002 follows
the 2017 strategy: one of its measures is copied by either local plan), so the two local
plans stand in for lower and upper, both ways. Labels: a copied text → that measure; otherwise
any measure under the task of the same title."""

from __future__ import annotations

import unittest
from functools import cache

from planwatch.strategy.evaluation import link_quality, wilson
from tests.strategy.test_suggestion_quality import plan


@cache
def quality(lower: str, upper: str):
    return link_quality(plan(lower), plan(upper))


def describe(q) -> str:
    low1, high1 = wilson(q.top1, q.scored)
    low3, high3 = wilson(q.top3, q.scored)
    return (
        f"top-1 {q.top1}/{q.scored} [{low1:.2f}, {high1:.2f}], "
        f"top-3 {q.top3}/{q.scored} [{low3:.2f}, {high3:.2f}], unscored {q.unmatched}"
    )


class LinkQualityTestCase(unittest.TestCase):
    def test_copied_measures_find_their_source_first(self):
        # Measured: 48/48 both ways (Wilson 95 %: 0.93–1.00).
        for lower, upper in (("001", "000"), ("000", "001")):
            with self.subTest(lower=lower, upper=upper):
                q = quality(lower, upper).copied
                self.assertEqual(q.scored, 48, describe(q))
                self.assertEqual(q.top1, q.scored, describe(q))

    def test_reworded_measures_find_a_measure_of_the_same_task(self):
        # Measured: 001→000 17/18 top-1, 18/18 top-3; 000→001 34/41, 41/41 (before the
        # link space of issue 22: 16/18, 18/18; 32/41, 39/41). A proxy label: any measure
        # under the same task; tests/strategy/test_link_sets.py has labels by meaning.
        for lower, upper, top1, top3 in (("001", "000", 16, 17), ("000", "001", 33, 40)):
            with self.subTest(lower=lower, upper=upper):
                q = quality(lower, upper).same_task
                self.assertGreaterEqual(q.top1, top1, describe(q))
                self.assertGreaterEqual(q.top3, top3, describe(q))

    def test_the_wilson_interval_brackets_the_rate(self):
        low, high = wilson(16, 18)
        self.assertLess(low, 16 / 18)
        self.assertGreater(high, 16 / 18)
        self.assertAlmostEqual(low, 0.672, places=2)
        self.assertEqual(wilson(0, 0), (0.0, 1.0))
