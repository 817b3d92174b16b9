"""Sequence decoding of a plan's measures (strategy/sequence.py) on small, readable tables."""

from __future__ import annotations

import random
import unittest

import numpy as np

from planwatch.strategy.matching import Suggester, Target
from planwatch.strategy.sequence import (
    BACK,
    NEXT,
    STAY,
    decode,
    expected_steps,
    forward_backward,
    likelihoods,
    shares,
    step_kinds,
    transition_parts,
)


def plan_scores(goals: list[int], k: int = 5, seed: int = 0, noise: float = 0.04) -> np.ndarray:
    """Scores like the suggester's: the right goal a little ahead, with noise."""
    rng = np.random.default_rng(seed)
    table = rng.uniform(0.2, 0.3, (len(goals), k)) + rng.normal(0, noise, (len(goals), k))
    table[np.arange(len(goals)), goals] += 0.08
    return table


def calibrated(table: np.ndarray, goals: list[int]) -> float:
    """The temperature under which softmax(table / T) fits the right goals best — what
    `Suggester.temperature()` does on the reference's examples."""

    def loss(t):
        x = table / t
        x = x - x.max(axis=1, keepdims=True)
        return np.mean(np.log(np.exp(x).sum(axis=1)) - x[np.arange(len(goals)), goals])

    return float(min(np.geomspace(0.002, 1.0, 200), key=loss))


class DecodeTestCase(unittest.TestCase):
    def test_expected_steps_equal_the_full_transition_counts(self):
        # The fast path (diagonals and a scan) against ξ summed over each kind's cells.
        rng = np.random.default_rng(3)
        for n, k, decay in ((12, 7, None), (12, 7, 0.8), (30, 40, 0.6), (2, 3, None)):
            evidence = likelihoods(rng.random((n, k)), 0.05)
            kinds = step_kinds(k)
            parts = transition_parts(shares(kinds, decay), np.array([0.4, 0.3, 0.2, 0.1]))
            _, xi = forward_backward(evidence, parts.sum(axis=0))
            full = [xi[kinds == kind].sum() for kind in range(4)]
            np.testing.assert_allclose(expected_steps(evidence, parts, decay), full, atol=1e-9)

    def test_a_jump_decay_prefers_near_goals_ahead(self):
        # After a run on goal 1 the evidence favours goal 9 a little over goal 3: shared
        # evenly, 9 wins; with a decay the nearer jump does.
        table = np.full((4, 10), 0.2)
        table[:3, 1] = 0.4
        table[3, 3], table[3, 9] = 0.5, 0.51
        self.assertEqual(int(np.argmax(decode(table, 0.05).posterior[3])), 9)
        self.assertEqual(int(np.argmax(decode(table, 0.05, decay=0.8).posterior[3])), 3)

    def test_step_kinds(self):
        self.assertEqual(
            step_kinds(3).tolist(), [[STAY, NEXT, 2], [BACK, STAY, NEXT], [BACK, BACK, STAY]]
        )

    def test_a_weak_outlier_inside_a_run_is_read_as_the_run_s_goal(self):
        goals = [0] * 6 + [1] * 6 + [2] * 6
        table = plan_scores(goals, noise=0.0)
        table[8] = [0.30, 0.28, 0.2, 0.2, 0.2]  # a measure of goal 1 that reads like goal 0
        self.assertEqual(int(np.argmax(table[8])), 0)
        decoded = decode(table, temperature=0.04)
        self.assertEqual(decoded.posterior.argmax(axis=1).tolist(), goals)
        np.testing.assert_allclose(decoded.posterior.sum(axis=1), 1.0)

    def test_strong_evidence_of_its_own_keeps_a_measure_s_goal(self):
        goals = [0] * 5 + [3] + [0] * 5
        decoded = decode(plan_scores(goals, noise=0.0) + np.eye(5)[goals] * 0.5, 0.04)
        self.assertEqual(decoded.posterior.argmax(axis=1).tolist(), goals)

    def test_it_learns_how_a_plan_moves_between_goals(self):
        in_order = [g for g in range(5) for _ in range(8)]
        table = plan_scores(in_order, noise=0.02)
        decoded = decode(table, calibrated(table, in_order))
        self.assertGreater(decoded.steps[STAY], 0.7)
        self.assertGreater(decoded.steps[NEXT], decoded.steps[BACK])
        backwards = in_order[::-1]
        table = plan_scores(backwards, noise=0.02)
        self.assertGreater(decode(table, calibrated(table, backwards)).steps[BACK], 0.05)
        shuffled = in_order[:]
        random.Random(1).shuffle(shuffled)
        table = plan_scores(shuffled, noise=0.02)
        self.assertLess(decode(table, calibrated(table, shuffled)).steps[STAY], 0.5)

    def test_a_plan_without_runs_keeps_most_of_its_own_ranking(self):
        # The price of the option: a plan whose measures jump between goals loses a little
        # (here ≤ 5 points) where the evidence is weak; a plan with runs gains much more.
        goals = [g for g in range(5) for _ in range(8)]
        random.Random(2).shuffle(goals)
        table = plan_scores(goals, noise=0.02, seed=2)
        alone = (table.argmax(axis=1) == goals).mean()
        posterior = decode(table, calibrated(table, goals)).posterior
        self.assertGreaterEqual((posterior.argmax(axis=1) == goals).mean(), alone - 0.06)

    def test_one_measure_and_none(self):
        self.assertEqual(decode(np.array([[0.1, 0.3]]), 0.05).posterior.argmax(), 1)
        self.assertEqual(decode(np.zeros((0, 3)), 0.05).posterior.shape, (0, 3))


class SuggesterSequenceTestCase(unittest.TestCase):
    def setUp(self):
        self.suggester = Suggester(
            [
                Target(
                    "adoption",
                    ["Усиновлення дітей"],
                    [
                        "інформаційна кампанія про усиновлення",
                        "консультації кандидатів в усиновлювачі",
                    ],
                    "sg2",
                ),
                Target(
                    "foster",
                    ["Прийомні сім'ї та патронат"],
                    ["відбір патронатних вихователів", "навчання прийомних батьків"],
                    "sg2",
                ),
                Target(
                    "inclusion",
                    ["Інклюзивна освіта дітей з інвалідністю"],
                    [
                        "ресурсні кімнати в закладах освіти",
                        "асистенти вчителя в інклюзивних класах",
                    ],
                    "sg1",
                ),
            ]
        )

    def test_the_temperature_is_calibrated_once_on_the_examples(self):
        temperature = self.suggester.temperature()
        self.assertTrue(0.005 <= temperature <= 1.0)
        self.assertEqual(self.suggester.temperature(), temperature)

    def test_a_plan_s_measures_in_order_get_posteriors(self):
        texts = [
            "популяризація усиновлення дітей",
            "кампанія про усиновлення дітей старшого віку",
            "ресурсні кімнати в гімназіях",
            "асистенти вчителя",
        ]
        ranked = self.suggester.suggest_many(texts, k=3, sequence=True)
        self.assertEqual(
            [r[0].key for r in ranked], ["adoption", "adoption", "inclusion", "inclusion"]
        )
        for row in ranked:
            self.assertLessEqual(sum(s.score for s in row), 1.0001)
            self.assertGreaterEqual(row[0].score, row[1].score)

    def test_single_measure_suggestions_still_work(self):
        self.assertEqual(self.suggester.suggest("навчання прийомних батьків")[0].key, "foster")
        one = self.suggester.suggest_many(["навчання прийомних батьків"], sequence=True)
        self.assertEqual(one[0][0].key, "foster")


class AsideTestCase(unittest.TestCase):
    """`decode(asides=True)` (plan-to-plan links): a measure may stand outside the walk."""

    def walk(self) -> np.ndarray:
        # Twelve measures walking states 0..11 in step, weak evidence (0.3 vs 0.2), and
        # measure 6 restating state 2 strongly (0.6) — out of order.
        table = np.full((12, 12), 0.2)
        table[np.arange(12), np.arange(12)] = 0.3
        table[6] = 0.2
        table[6, 2] = 0.6
        return table

    def test_strong_evidence_out_of_order_keeps_its_own_link(self):
        plain = decode(self.walk(), 0.05, decay=0.8)
        aside = decode(self.walk(), 0.05, decay=0.8, asides=True)
        self.assertNotEqual(plain.posterior[6].argmax(), 2)  # the walk overrules it
        self.assertEqual(aside.posterior[6].argmax(), 2)
        # … while the measures in step keep theirs, and ε is learned small but not zero.
        others = [t for t in range(12) if t != 6]
        self.assertEqual(list(aside.posterior[others].argmax(axis=1)), others)
        self.assertGreater(aside.aside, 0.0)
        self.assertLess(aside.aside, 0.5)
        np.testing.assert_allclose(aside.posterior.sum(axis=1), 1.0)

    def test_anchors_are_certain_and_pull_their_neighbours(self):
        table = np.full((6, 6), 0.2)  # no evidence at all
        got = decode(table, 0.05, decay=0.8, asides=True, anchors={2: 4, 3: None})
        np.testing.assert_allclose(got.posterior[2], np.eye(6)[4])
        # No evidence of their own: the neighbours lean on the anchor (a stay is likeliest).
        for row in (1, 4):
            self.assertEqual(got.posterior[row].argmax(), 4)
            self.assertGreater(got.posterior[row, 4], 2 / 6)
        self.assertAlmostEqual(got.posterior[3].sum(), 1.0)  # "none of them": no state forced

    def test_without_asides_the_decoding_is_unchanged(self):
        table = plan_scores([0, 0, 1, 1, 2, 2, 3, 4], seed=5)
        np.testing.assert_allclose(
            decode(table, 0.05).posterior, decode(table, 0.05, asides=False).posterior
        )
