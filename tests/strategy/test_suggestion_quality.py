"""Issue 8 target: operational-goal suggestions between samples 000 and 001, both directions.

Reads the samples' text renderings with the importer (normalize=False). The reference is built
from one plan's headings and the measures printed under them; the other plan's headings are
hidden and each of its measures is judged on its own text alone.
"""

from __future__ import annotations

import unittest
from functools import cache

from planwatch.importer import parse_file
from planwatch.strategy.evaluation import cross_plan_quality
from tests.conftest import SHARED

TEXT = SHARED / "samples" / "text"


@cache
def plan(prefix: str) -> dict:
    (path,) = TEXT.glob(f"{prefix}-*.txt")
    return parse_file(path, normalize=False)


@cache
def quality(reference: str, hidden: str):
    return cross_plan_quality(plan(reference), plan(hidden))


def describe(q) -> str:
    lines = [f"top-1 {q.top1}/{q.scored} = {q.top1_rate:.1%}, top-3 {q.top3_rate:.1%}"]
    lines += [f"  {right} ← {text[:70]} (got {got})" for right, text, got in q.misses]
    return "\n".join(lines)


class SuggestionQualityTestCase(unittest.TestCase):
    def test_it_scores_every_measure_whose_goal_the_reference_prints(self):
        # 001 prints 6.3 "поінформованість" (4 measures) that 000 lacks; 000 prints 5.2, 6.2
        # and 6.4 (4 + 1 + 2 measures) that 001 lacks. Those cannot be right and are not scored.
        self.assertEqual(quality("000", "001").unmatched, 4)
        self.assertEqual(quality("001", "000").unmatched, 7)
        self.assertGreater(quality("000", "001").scored, 60)
        self.assertGreater(quality("001", "000").scored, 85)

    def test_it_meets_the_target_from_the_village_plan_to_the_city_plan(self):
        q = quality("000", "001")
        self.assertGreaterEqual(q.top1_rate, 0.92, describe(q))
        self.assertGreaterEqual(q.top3_rate, 0.98, describe(q))

    def test_it_holds_its_measured_level_from_the_city_plan_to_the_village_plan(self):
        # Floors at what the matcher measures today (87.9 % / 95.6 %), so a regression shows.
        q = quality("001", "000")
        self.assertGreaterEqual(q.top1_rate, 0.87, describe(q))
        self.assertGreaterEqual(q.top3_rate, 0.95, describe(q))

    @unittest.expectedFailure
    def test_it_meets_the_target_from_the_city_plan_to_the_village_plan(self):
        # Not met yet (see strategy/README.md): the city plan prints fewer tasks and measures
        # for several goals, and the two plans file some of the same measures under different
        # goals (refusal in the maternity ward: 1.1 in 001, 1.3 in 000).
        q = quality("001", "000")
        self.assertGreaterEqual(q.top1_rate, 0.92, describe(q))
        self.assertGreaterEqual(q.top3_rate, 0.98, describe(q))

    def test_headings_alone_are_weak_evidence(self):
        # Why the suggester uses already-linked measures as examples: headings only give ~64 %.
        q = cross_plan_quality(plan("000"), plan("001"), with_examples=False)
        self.assertLess(q.top1_rate, 0.8)


class ProductEvidenceQualityTestCase(unittest.TestCase):
    """What the product uses for a plan with its own tasks: the measure's text plus its task's
    title, and measures under one task nudged towards one goal. The hidden plan's task titles
    are the Strategy's own wording here, so these figures are an upper bound."""

    def test_it_meets_the_targets_in_both_directions(self):
        for reference, hidden in (("000", "001"), ("001", "000")):
            with self.subTest(reference=reference, hidden=hidden):
                q = cross_plan_quality(plan(reference), plan(hidden), product=True)
                self.assertGreaterEqual(q.top1_rate, 0.92, describe(q))
                self.assertGreaterEqual(q.top3_rate, 0.98, describe(q))
