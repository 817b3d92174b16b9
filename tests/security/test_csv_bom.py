"""Every CSV download starts with exactly one byte-order mark (issue 14: the plan export had
two — the template writer's and the view's — so Excel showed "ï»¿" in the first cell)."""

from __future__ import annotations

from django.test import TestCase, override_settings

from tests.security.world import World
from tests.support.monitoring_base import EVIDENCE_DIR

BOM = "\ufeff".encode()


@override_settings(PLANWATCH_EVIDENCE_ROOT=EVIDENCE_DIR)
class CsvBomTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.world = World()
        cls.world.plan.is_public = True
        cls.world.plan.save(update_fields=["is_public"])

    def test_every_csv_download_has_one_bom(self):
        pk = self.world.plan.pk
        client = self.world.client("coordinator")
        for url in (
            f"/plans/{pk}/export.csv",
            f"/public/plans/{pk}/export.csv",
            f"/public/plans/{pk}/measures.csv",
        ):
            body = client.get(url).content
            self.assertTrue(body.startswith(BOM), url)
            self.assertFalse(body[len(BOM) :].startswith(BOM), f"{url}: two BOMs")
            self.assertEqual(body.count(BOM), 1, url)
