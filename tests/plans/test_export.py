import csv
import io
import json

from planwatch.importer import parse_bytes
from planwatch.importer.walk import measures_with_headings
from planwatch.plans import document as docs
from tests.support.base import BaseTestCase


def measure_texts(doc: dict) -> list[tuple]:
    return [
        (
            m["number"],
            m["text"],
            m["deadline"]["text"],
            m["funding"]["text"],
            m["executors"]["text"],
        )
        for m, _node in measures_with_headings(docs.prepare(doc))
    ]


class ExportTestCase(BaseTestCase):
    def setUp(self):
        self.login(self.coordinator)

    def export(self, fmt: str):
        response = self.client.get(f"/plans/{self.plan.pk}/export.{fmt}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response["Content-Disposition"])
        return response

    def test_json_export_is_planwatch_plan_1(self):
        doc = json.loads(self.export("json").content)
        self.assertEqual(doc["format"], "planwatch-plan/1")
        self.assertEqual(len(measure_texts(doc)), 3)

    def test_xlsx_export_reimports_losslessly(self):
        original = json.loads(self.export("json").content)
        again = parse_bytes(self.export("xlsx").content, "plan.xlsx")
        self.assertEqual(measure_texts(again), measure_texts(original))

    def test_csv_export_reimports_losslessly(self):
        original = json.loads(self.export("json").content)
        body = self.export("csv").content
        again = parse_bytes(body, "plan.csv")
        self.assertEqual(measure_texts(again), measure_texts(original))
        self.assertTrue(list(csv.reader(io.StringIO(body.decode("utf-8-sig")))))

    def test_an_unknown_format_is_not_found(self):
        self.assertEqual(self.client.get(f"/plans/{self.plan.pk}/export.pdf").status_code, 404)
