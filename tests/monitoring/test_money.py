"""Money per year from an imported programme survives publish, shows on the measure page and
goes out in the plan's JSON export."""

from __future__ import annotations

import json

from django.utils import translation

from planwatch.importer import parse_bytes
from planwatch.plans import document as docs
from planwatch.plans.executors import renormalize_measure
from tests.importer.money_fixtures import programme_docx
from tests.support.base import BaseTestCase
from tests.support.factory import make_plan


class MoneyPublishTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        doc = parse_bytes(programme_docx(), "programme.docx")
        cls.programme = make_plan(cls.community, doc=doc, user=cls.coordinator)

    def measure(self, number: str):
        return self.programme.current_revision.measures.get(number=number)

    def test_amounts_survive_publish(self):
        funding = self.measure("1)").funding
        self.assertEqual(
            [(a["year"], a["amount"], a["source"]) for a in funding["amounts"]],
            [
                (2025, "1250.5", "local_budget"),
                (2026, "1250.50", "local_budget"),
                (2027, None, "local_budget"),
            ],
        )
        self.assertEqual(funding["total"], "2501.0")
        self.assertEqual(self.measure("1)").funding_text, "місцевий бюджет")

    def test_the_measure_page_shows_the_amounts(self):
        self.login(self.coordinator)
        m = self.measure("1)")
        with translation.override("uk"):
            response = self.client.get(f"/plans/{self.programme.pk}/measures/{m.pk}/")
        self.assertContains(response, '<td data-year="2025">1250.5</td>', html=False)
        self.assertContains(response, '<td data-year="2027">–</td>', html=False)
        self.assertContains(response, "<td data-total>2501.0</td>", html=False)
        self.assertContains(response, "Фінансування за роками, тис. грн")

    def test_the_public_measure_page_shows_the_amounts(self):
        m = self.measure("2)")
        response = self.client.get(f"/public/plans/{self.programme.pk}/measures/{m.pk}/")
        self.assertContains(response, '<td data-year="2025">0</td>', html=False)
        self.assertContains(response, '<td data-year="2027">10</td>', html=False)

    def test_the_json_export_carries_the_amounts(self):
        response = self.client.get(f"/public/plans/{self.programme.pk}/export.json")
        self.assertEqual(response.status_code, 200)
        data = json.loads(response.content)
        measures = [m for n in data["nodes"] for m in _measures(n)] + data.get("measures", [])
        by_number = {m["number"]: m for m in measures}
        self.assertEqual(
            [(a["year"], a["amount"]) for a in by_number["3)"]["funding"]["amounts"]],
            [(2026, "1000"), (2027, None)],
        )
        self.assertEqual(by_number["2)"]["funding"]["total"], "10")
        self.assertNotIn("Усього за програмою", [m["text"] for m in measures])

    def test_editing_the_source_of_a_published_measure_keeps_its_money(self):
        m = self.measure("1)")
        m.funding_text = "державний бюджет"
        renormalize_measure(m, {"funding_text"}, {"start": 2025, "end": 2027})
        self.assertEqual(
            [(a["year"], a["amount"], a["source"]) for a in m.funding["amounts"]],
            [
                (2025, "1250.5", "state_budget"),
                (2026, "1250.50", "state_budget"),
                (2027, None, "state_budget"),
            ],
        )
        self.assertEqual((m.funding["sources"], m.funding["total"]), (["state_budget"], "2501.0"))


def test_editing_the_source_in_a_draft_keeps_the_money():
    plan = parse_bytes(programme_docx(), "programme.docx")
    measure = plan["measures"][0]
    measure["uid"] = "m1"
    doc = {
        "period": plan["period"],
        "nodes": [{"uid": "n1", "children": [], "measures": [measure]}],
    }
    assert docs.edit_measure(doc, "m1", {"funding": "державний бюджет"}) == ["funding"]
    funding = doc["nodes"][0]["measures"][0]["funding"]
    assert funding["text"] == "державний бюджет"
    assert funding["sources"] == ["state_budget"]
    assert [(a["year"], a["amount"], a["source"]) for a in funding["amounts"]] == [
        (2025, "1250.5", "state_budget"),
        (2026, "1250.50", "state_budget"),
        (2027, None, "state_budget"),
    ]
    assert funding["total"] == "2501.0"


def _measures(node: dict):
    yield from node.get("measures", [])
    for child in node.get("children", []):
        yield from _measures(child)
