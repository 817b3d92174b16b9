"""`manage.py suggest_links --lower --upper --json`: the shape, the order, clear errors."""

from __future__ import annotations

import io
import json

from django.core.management import CommandError, call_command

from tests.support.base import BaseTestCase
from tests.support.factory import make_measure_dict, make_plan, make_plan_dict

UPPER = [
    "інформаційна кампанія з популяризації прийомних сімей та патронату",
    "облаштування ресурсних кімнат та інклюзивного середовища в закладах освіти",
    "підготовка кандидатів в усиновлювачі та супровід сімей усиновлювачів",
    "надання матеріальної допомоги сім'ям з дітьми у складних обставинах",
]
LOWER = [  # the upper plan's 2nd, 1st and 3rd measures, reworded by a district
    "створення інклюзивного середовища та ресурсних кімнат у школах району",
    "популяризація патронату та прийомних сімей у районі, інформаційна кампанія",
    "супровід сімей усиновлювачів і підготовка кандидатів в усиновлювачі",
]


def plan_of(owner, texts):
    doc = make_plan_dict(0)
    doc["nodes"][0]["measures"] = [
        make_measure_dict(n, text=text) for n, text in enumerate(texts, start=1)
    ]
    doc["nodes"][0]["children"] = []
    return make_plan(owner, doc=doc)


class SuggestLinksCommandTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.upper = plan_of(cls.oblast, UPPER)
        cls.lower = plan_of(cls.community, LOWER)

    def run_command(self, *args) -> str:
        out = io.StringIO()
        call_command("suggest_links", *args, stdout=out)
        return out.getvalue()

    def test_it_prints_each_lower_measure_with_up_to_three_candidates_best_first(self):
        rows = json.loads(
            self.run_command("--lower", self.lower.pk, "--upper", self.upper.pk, "--json")
        )
        self.assertEqual([r["lower"]["text"] for r in rows], LOWER)
        for row, expected in zip(rows, (UPPER[1], UPPER[0], UPPER[2]), strict=True):
            self.assertEqual(set(row["lower"]), {"number", "text"})
            self.assertEqual(len(row["candidates"]), 3)
            for candidate in row["candidates"]:
                self.assertEqual(set(candidate), {"number", "text", "score"})
            scores = [c["score"] for c in row["candidates"]]
            self.assertEqual(scores, sorted(scores, reverse=True))
            self.assertEqual(row["candidates"][0]["text"], expected)
            self.assertEqual(row["candidates"][0]["number"], f"{UPPER.index(expected) + 1})")
            # Added for the review (issue 22): whether anything fits, whether it may be
            # confirmed in bulk.
            self.assertFalse(row["none_fits"])
            self.assertGreater(row["similarity"], 0.07)
            self.assertIsInstance(row["confident"], bool)

    def test_a_measure_of_the_lower_plans_own_is_marked_none_fits(self):
        own = "ремонт даху будинку культури та заміна вуличного освітлення"
        lower = plan_of(self.community, [*LOWER, own])
        rows = json.loads(self.run_command("--lower", lower.pk, "--upper", self.upper.pk, "--json"))
        self.assertEqual(rows[-1]["lower"]["text"], own)
        self.assertTrue(rows[-1]["none_fits"])
        self.assertFalse(rows[-1]["confident"])
        self.assertEqual(len(rows[-1]["candidates"]), 3)  # the best ones are still shown
        self.assertEqual([r["none_fits"] for r in rows[:-1]], [False] * len(LOWER))

    def test_without_json_it_prints_readable_lines(self):
        out = self.run_command("--lower", self.lower.pk, "--upper", self.upper.pk)
        self.assertIn(LOWER[0][:60], out)
        self.assertIn(UPPER[1][:60], out)

    def test_an_unknown_plan_is_a_clear_error(self):
        with self.assertRaisesMessage(CommandError, "--upper: плану з id 999999 немає"):
            self.run_command("--lower", self.lower.pk, "--upper", 999999)


class SuggestLinksEncodesFirstTestCase(BaseTestCase):
    """Plans published before the embeddings have no vectors: the command encodes both
    plans' texts first (more than a request would), so its answer does not depend on what
    the cache held."""

    def test_every_text_of_both_plans_is_encoded_before_linking(self):
        from planwatch.strategy.models import TextVector
        from tests.strategy.embedded import FakeEncoder, with_encoder

        upper = plan_of(self.oblast, [f"{text} (захід {n})" for n, text in enumerate(UPPER * 2)])
        lower = plan_of(self.community, LOWER * 2)
        with with_encoder(FakeEncoder()) as fake:
            call_command(
                "suggest_links",
                "--lower",
                lower.pk,
                "--upper",
                upper.pk,
                "--json",
                stdout=io.StringIO(),
            )
        self.assertEqual(len(set(fake.encoded)), len(set(LOWER)) + 2 * len(UPPER))
        self.assertEqual(TextVector.objects.filter(model=FakeEncoder.name).count(), 11)
