"""The PDF: a landscape A4 document from the HTML template, with the charts and page numbers."""

from __future__ import annotations

from planwatch.reports import pdf
from planwatch.reports.dataset import build_dataset
from planwatch.reports.periods import ReportPeriod
from planwatch.reports.render import render
from tests.reports.base import TODAY, ReportsTestCase


class PdfTestCase(ReportsTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.dataset = build_dataset(cls.mplan, ReportPeriod.parse("2025-Q3", TODAY), TODAY)

    def test_the_html_has_the_plan_table_and_the_charts(self):
        html = pdf.render_html(self.dataset)
        self.assertIn("size: A4 landscape", html)
        self.assertIn("counter(page)", html)
        self.assertEqual(html.count("data:image/png;base64,"), 3)
        self.assertIn("Службою проведено 4 засідання.", html)
        self.assertNotIn("Ще не прийнято", html)

    def test_it_is_a_pdf_with_landscape_a4_pages(self):
        from weasyprint import HTML

        self.assertTrue(render(self.dataset, "pdf").startswith(b"%PDF"))
        page = HTML(string=pdf.render_html(self.dataset, with_charts=False)).render().pages[0]
        self.assertEqual((round(page.width), round(page.height)), (1123, 794))  # CSS px
