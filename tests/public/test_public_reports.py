"""The monitoring report documents on the public page: accepted reports only, no personal data."""

from __future__ import annotations

import io

import time_machine
from docx import Document
from openpyxl import load_workbook

from tests.public.base import NOW, PublicTestCase


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


@time_machine.travel(NOW, tick=False)
class PublicReportTestCase(PublicTestCase):
    def test_the_plan_page_offers_each_year_and_the_whole_plan(self):
        response = self.get("")
        labels = [label for label, _title in response.context["report_periods"]]
        self.assertIn("all", labels)
        self.assertIn("2025", labels)
        self.assertContains(response, f"/public/plans/{self.mplan.pk}/report-2025.docx")

    def test_the_word_report_says_what_was_done_without_personal_data(self):
        response = self.get("report-2025.docx")
        self.assertIn("attachment", response["Content-Disposition"])
        # public: the proxy in front of the servers may keep it a few minutes
        self.assertIn("public", response["Cache-Control"])
        self.assertIn("max-age=300", response["Cache-Control"])
        text = docx_text(response.content)
        self.assertIn("Проведено навчання для 25 фахівців", text)
        for hidden in ("Ще не прийнятий", "Чернетка", "Повернутий звіт центру"):
            self.assertNotIn(hidden, text)
        for secret in ("Петренко", "067 123 45 67", "petrenko@"):
            self.assertNotIn(secret, text)

    def test_the_excel_report_has_no_personal_data_either(self):
        book = load_workbook(io.BytesIO(self.get("report-all.xlsx").content))
        values = [str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row]
        self.assertTrue(any("Проведено навчання" in v for v in values))
        self.assertFalse(any("Петренко" in v or "067 123" in v for v in values))

    def test_a_period_or_format_not_offered_is_not_found(self):
        for path in ("report-1999.docx", "report-2025.exe", "report-2025-Q9.pdf"):
            response = self.client.get(f"/public/plans/{self.mplan.pk}/{path}")
            self.assertEqual(response.status_code, 404, path)
