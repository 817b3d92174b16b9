"""Open data: CSV (UTF-8 with BOM, formula-safe) and JSON of measures and statuses, the
dataset passport, the columns documented, identifiers stable across revisions."""

from __future__ import annotations

import csv
import io
import json

import time_machine

from planwatch.plans.models import Measure
from planwatch.plans.publish import publish_draft
from planwatch.public.opendata import COLUMNS, safe_cell
from tests.public.base import NOW, PublicTestCase
from tests.support.factory import make_draft
from tests.support.monitoring_base import monitored_plan_dict


@time_machine.travel(NOW, tick=False)
class PublicOpenDataTestCase(PublicTestCase):
    def rows(self, plan=None) -> list[dict]:
        response = self.client.get(f"/public/plans/{(plan or self.mplan).pk}/measures.csv")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"\xef\xbb\xbf"))
        self.assertIn("attachment", response["Content-Disposition"])
        return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))

    def test_the_csv_has_the_documented_columns_and_the_statuses(self):
        rows = self.rows()
        self.assertEqual(list(rows[0]), [c.name for c in COLUMNS])
        self.assertEqual(len(rows), 3)
        first = rows[0]
        self.assertEqual((first["status"], first["status_label"]), ("done", "Виконано"))
        self.assertIn("Служба у справах дітей: Проведено навчання", first["done"])
        self.assertEqual(first["last_period"], "2025-Q3")
        self.assertEqual(rows[1]["overdue"], "true")
        self.assertIn("Центр соціальних служб", first["executors"])

    def test_the_json_matches_the_csv(self):
        body = json.loads(self.get("measures.json").content)
        self.assertEqual(len(body["records"]), 3)
        self.assertEqual(body["records"][0]["status"], "done")
        self.assertIs(body["records"][1]["overdue"], True)
        self.assertTrue(body["dataset"].endswith(f"/public/plans/{self.mplan.pk}/passport.json"))

    def test_the_passport_names_title_publisher_license_dates_and_columns(self):
        passport = json.loads(self.get("passport.json").content)
        self.assertIn("План моніторингу", passport["title"])
        self.assertEqual(passport["publisher"]["name"], self.community.name)
        self.assertEqual(passport["license_id"], "cc-by-4.0")
        self.assertTrue(passport["metadata_modified"].startswith("20"))
        self.assertEqual([c["name"] for c in passport["columns"]], [c.name for c in COLUMNS])
        self.assertEqual({r["format"] for r in passport["resources"]}, {"CSV", "JSON"})

    def test_the_columns_are_documented_on_a_public_page(self):
        response = self.client.get("/public/open-data/")
        for column in COLUMNS:
            self.assertContains(response, f"<code>{column.name}</code>")

    def test_cells_that_look_like_formulas_get_an_apostrophe(self):
        for text in ("=1+1", "+380", "-2", "@SUM(A1)", "\tx", "\rx"):
            self.assertEqual(safe_cell(text), "'" + text)
        self.assertEqual(safe_cell("звичайний текст"), "звичайний текст")
        m = self.measures()[2]
        m.text = '=HYPERLINK("http://evil.example","клік")'
        m.save(update_fields=["text"])
        self.assertEqual(self.rows()[2]["measure"], "'" + m.text)

    def test_identifiers_survive_a_new_revision(self):
        before = {r["measure"]: r["measure_uid"] for r in self.rows()}
        draft = make_draft(self.community, monitored_plan_dict(extra=1), plan=self.mplan)
        publish_draft(draft, self.coordinator)
        self.mplan.refresh_from_db()
        after = self.rows()
        self.assertEqual(after[0]["revision"], "2")
        kept = {r["measure"]: r["measure_uid"] for r in after if r["measure"] in before}
        self.assertEqual(kept, before)
        new = [r for r in after if r["measure"] not in before]
        current = Measure.objects.get(revision=self.mplan.current_revision, text=new[0]["measure"])
        self.assertEqual(new[0]["measure_uid"], str(current.pk))

    def test_a_hidden_plan_has_no_open_data(self):
        self.mplan.is_public = False
        self.mplan.save(update_fields=["is_public"])
        for path in ("measures.csv", "measures.json", "passport.json"):
            response = self.client.get(f"/public/plans/{self.mplan.pk}/{path}")
            self.assertEqual(response.status_code, 404)
