"""Lower → upper plan links against labels by meaning (issue 22), in every layout.

Sets (tests/strategy/link_sets.py): a district plan composed from the oblast plan 002, a
starosta district's plan composed from the city plan 001 (both: the upper measures restated
plus measures of their own that carry out nothing above), and sample 000 read as a lower plan
of 001, labelled by meaning. Figures with Wilson 95 % intervals:
`PYTHONPATH=src:. python -m tests.strategy.link_sets` (README). Floors sit one measure below
what was measured; the issue's target (top-1 ≥ 90 %, top-3 ≥ 98 %) is not met on every set.
The sets are read as the product reads them, with the texts' sentence embeddings (the real
model, each text encoded once per session: `tests/strategy/embedded.py`); the layout test
compares words only (the layouts change no word).
"""

from __future__ import annotations

import unittest

from planwatch.strategy.evaluation import label_key
from planwatch.strategy.links import links
from tests.strategy.layouts import LAYOUTS
from tests.strategy.link_sets import SETS, evaluate, imported_texts, learning, link_set

# set → (labelled measures, top-1 floor, top-3 floor); measured with the sentence embedding
# 35/37 37/37, 26/29 28/29, 75/85 82/85; words only 34/37 36/37, 25/29 28/29, 73/85 79/85
# (with asides in the sequence; before them 72/85 77/85 on 000-001, the same on the others;
# before issue 22's link space: 31/37 35/37, 20/29 23/29, 72/85 79/85).
FLOORS = {"district-002": (37, 34, 36), "okrug-001": (29, 25, 27), "000-001": (85, 74, 81)}


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
        # Measured with the embedding: own measures flagged 3/4, 3/3, 1/13 (words only 4/4,
        # 3/3, 4/13: the embedding moves an own measure's first candidate to one whose words
        # are closer). Labelled measures flagged 0, 0, 0 (words only 0, 1, 4) — "none fits"
        # never hid a right one.
        for name in ("district-002", "okrug-001"):
            with self.subTest(set=name):
                score = evaluate(name)
                self.assertGreaterEqual(score.own_flagged, score.own - 1, describe(score))
                self.assertLessEqual(score.right_flagged, 1, describe(score))
        score = evaluate("000-001")
        self.assertGreaterEqual(score.own_flagged, 1, describe(score))
        self.assertLessEqual(score.right_flagged, 1, describe(score))
        for name in SETS:
            self.assertEqual(evaluate(name).right_flagged_top1, 0, name)

    def test_confident_rows_are_nearly_always_right(self):
        # Measured: 31/33, 17/17, 72/76 (words only 30/30, 16/16, 68/71).
        for name in SETS:
            with self.subTest(set=name):
                score = evaluate(name)
                self.assertGreaterEqual(score.confident_right, score.confident - 4)
                self.assertGreaterEqual(score.confident, score.n // 2, describe(score))


class LearningTestCase(unittest.TestCase):
    """A person confirms the first measures of the lower plan in document order; the rest
    are suggested again with those decisions (anchors in the sequence, the confirmed texts
    as examples of their upper measures). Measured (README) by words only: the rest never got
    worse, +1 top-1 on 000-001 at 10 confirmed — what comes after a stretch of decided rows
    is mostly other upper measures, so a plan's own confirmations teach its other rows
    little. With the embedding: the same on the composed sets, 000-001 one measure less at
    24 (top-3), 49 and 74 (top-1) confirmed: the confirmed texts, examples by their words,
    pull a neighbouring restatement to their upper measure."""

    def test_confirming_the_first_measures_never_makes_the_rest_worse(self):
        for name in SETS:
            n = len(link_set(name)[2])
            for k in (round(n * 0.1), round(n * 0.25), round(n * 0.5)):
                with self.subTest(set=name, k=k):
                    before, after = learning(name, k, use=False), learning(name, k)
                    self.assertEqual(after.n, before.n)
                    slack = 1 if name == "000-001" else 0
                    self.assertGreaterEqual(after.top1, before.top1 - slack, describe(after))
                    self.assertGreaterEqual(after.top3, before.top3 - slack, describe(after))

    def test_a_decided_measure_comes_out_as_decided(self):
        lower, upper, labels = link_set("okrug-001")
        texts, upper_texts = [m["text"] for m in lower], [m["text"] for m in upper]
        plain = links(texts, upper_texts)
        wrong = next(row for row, right in enumerate(labels) if plain[row][0].index not in right)
        confirmed = {wrong: min(labels[wrong])}
        got = links(texts, upper_texts, confirmed=confirmed)
        self.assertEqual(got[wrong][0].index, min(labels[wrong]))
        self.assertAlmostEqual(got[wrong][0].score, 1.0)


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
