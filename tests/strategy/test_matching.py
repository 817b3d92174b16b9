"""The text pipeline, the suggester and the similarity index on small, readable inputs."""

from __future__ import annotations

import unittest

from planwatch.strategy.matching import SimilarityIndex, Suggester, Target, clean, lemmas


class TextTestCase(unittest.TestCase):
    def test_apostrophes_and_kept_hyphenation_are_made_uniform(self):
        self.assertEqual(clean("Сімʼї соціально- психологічної"), "сім'ї соціально-психологічної")

    def test_it_keeps_content_lemmas_and_drops_filler(self):
        self.assertEqual(
            lemmas("забезпечення підтримки сімей з дітьми"), ["підтримка", "сім'я", "діти"]
        )


class SuggesterTestCase(unittest.TestCase):
    def setUp(self):
        self.suggester = Suggester(
            [
                Target(
                    "adoption",
                    ["Усиновлення дітей"],
                    ["інформаційна кампанія про усиновлення"],
                    "sg2",
                ),
                Target(
                    "foster",
                    ["Прийомні сім'ї та патронат"],
                    ["відбір патронатних вихователів"],
                    "sg2",
                ),
                Target("inclusion", ["Інклюзивна освіта дітей з інвалідністю"], [], "sg1"),
            ]
        )

    def test_it_ranks_the_goal_whose_examples_read_alike_first(self):
        best = self.suggester.suggest("популяризація усиновлення дітей старшого віку")
        self.assertEqual(best[0].key, "adoption")
        self.assertEqual(len(best), 3)
        self.assertGreater(best[0].score, best[1].score)

    def test_a_goal_without_examples_is_judged_on_its_headings(self):
        self.assertEqual(
            self.suggester.suggest("ресурсні кімнати для дітей з інвалідністю")[0].key, "inclusion"
        )

    def test_no_texts_no_suggestions(self):
        self.assertEqual(self.suggester.suggest_many([]), [])


class SimilarityIndexTestCase(unittest.TestCase):
    def setUp(self):
        texts = [
            "облаштування ресурсних кімнат у закладах освіти",  # plan 1
            "інформаційна кампанія про усиновлення",  # plan 1
            "створення ресурсних кімнат у школах громади",  # plan 2
            "кампанія щодо популяризації усиновлення дітей",  # plan 2
            "ресурсна кімната в гімназії",  # plan 3
        ]
        self.index = SimilarityIndex(["a1", "a2", "b1", "b2", "c1"], [1, 1, 2, 2, 3], texts)

    def test_it_finds_the_same_deed_in_other_plans_best_first(self):
        found = self.index.nearest(["a1"], k=5, min_score=0.05)
        self.assertEqual([n.key for n in found["a1"]][:1], ["b1"])

    def test_it_never_returns_the_same_plan(self):
        found = self.index.nearest(["a1", "a2", "b1", "b2", "c1"], k=5, min_score=0.0)
        for key, neighbours in found.items():
            self.assertFalse({n.key[0] for n in neighbours} & {key[0]})

    def test_unknown_keys_are_skipped(self):
        self.assertEqual(self.index.nearest(["zz"]), {})


class GroupMeansTestCase(unittest.TestCase):
    def test_rows_of_one_group_share_their_mean_and_none_stays_alone(self):
        import numpy as np

        from planwatch.strategy.matching import group_means

        table = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]])
        out = group_means(table, ["a", "a", None])
        self.assertEqual(out.tolist(), [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]])
        self.assertEqual(group_means(table, [None, None, None]).tolist(), table.tolist())
