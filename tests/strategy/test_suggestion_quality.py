"""Issue 8 target: operational-goal suggestions between samples 000 and 001, both directions.

Reads the samples' text renderings with the importer (normalize=False). The reference is built
from one plan's headings and the measures printed under them; the other plan's headings are
hidden and its measures are judged on their texts and their order (sequence decoding, see
strategy/sequence.py); the text-only figures are kept as floors too.
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
def quality(reference: str, hidden: str, sequence: bool = True):
    return cross_plan_quality(plan(reference), plan(hidden), sequence=sequence)


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
        # Measured: 97.0 % (65/67) / 100 %.
        q = quality("000", "001")
        self.assertGreaterEqual(q.top1_rate, 0.92, describe(q))
        self.assertGreaterEqual(q.top3_rate, 0.98, describe(q))

    def test_it_meets_the_target_from_the_city_plan_to_the_village_plan(self):
        # Measured: 92.3 % (84/91) / 100 % — one measure above the top-1 target.
        q = quality("001", "000")
        self.assertGreaterEqual(q.top1_rate, 0.92, describe(q))
        self.assertGreaterEqual(q.top3_rate, 0.98, describe(q))

    def test_text_alone_holds_its_measured_level(self):
        # Each measure on its own (single-measure suggestions): 94.0 % / 98.5 % and
        # 87.9 % / 95.6 %. Floors, so a regression of the per-measure scores shows.
        for reference, hidden, top1, top3 in (
            ("000", "001", 0.94, 0.985),
            ("001", "000", 0.87, 0.95),
        ):
            with self.subTest(reference=reference, hidden=hidden):
                q = quality(reference, hidden, sequence=False)
                self.assertGreaterEqual(q.top1_rate, top1, describe(q))
                self.assertGreaterEqual(q.top3_rate, top3, describe(q))

    def test_sequence_decoding_does_not_lean_on_the_strategy_order(self):
        # The hidden plan's goals in reverse order (each goal's measures still together): the
        # decoder learns "back" steps instead of "next" ones and still meets the target.
        for reference, hidden in (("000", "001"), ("001", "000")):
            with self.subTest(reference=reference, hidden=hidden):
                q = cross_plan_quality(
                    plan(reference), _goals_reversed(plan(hidden)), sequence=True
                )
                self.assertGreaterEqual(q.top1_rate, 0.92, describe(q))
                self.assertGreaterEqual(q.top3_rate, 0.98, describe(q))

    def test_headings_alone_are_weak_evidence(self):
        # Why the suggester uses already-linked measures as examples: headings only give 58 %
        # per measure (84 % with the sequence).
        q = cross_plan_quality(plan("000"), plan("001"), with_examples=False, sequence=False)
        self.assertLess(q.top1_rate, 0.7)


def _goals_reversed(doc: dict) -> dict:
    """The plan with its strategic goals, and the operational goals in each, in reverse order."""

    def flip(nodes):
        out = []
        for node in nodes:
            node = dict(node)
            if node.get("kind") in ("section", "strategic_goal"):
                node["children"] = flip(node.get("children") or [])[::-1]
            out.append(node)
        return out

    return {**doc, "nodes": flip(doc["nodes"])[::-1]}


class ProductEvidenceQualityTestCase(unittest.TestCase):
    """What the product used before issue 22 for a plan with its own tasks (kept as a floor of
    the matcher; the product now reads only the text, the indicator and the order, see
    test_layouts.py): the measure's text plus its task's
    title, measures under one task nudged towards one goal, and the measures' order. The hidden
    plan's task titles are the Strategy's own wording here, so these figures are an upper bound.
    Measured: 98.5 % / 100 % and 98.9 % / 100 % (without the sequence 98.5 / 100, 97.8 / 98.9)."""

    def test_it_meets_the_targets_in_both_directions(self):
        for reference, hidden in (("000", "001"), ("001", "000")):
            with self.subTest(reference=reference, hidden=hidden):
                q = cross_plan_quality(plan(reference), plan(hidden), product=True)
                self.assertGreaterEqual(q.top1_rate, 0.92, describe(q))
                self.assertGreaterEqual(q.top3_rate, 0.98, describe(q))
