"""The PDF: a landscape A4 document from the HTML template, with the charts and page numbers."""

from __future__ import annotations

import io
from collections import Counter

import pikepdf

from planwatch.monitoring.periods import ReportPeriod
from planwatch.plan_reports import pdf
from planwatch.plan_reports.dataset import build_dataset
from planwatch.plan_reports.render import render
from tests.plan_reports.base import TODAY, ReportsTestCase


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


def page_texts(data: bytes) -> list[str]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


def footer_numbers(data: bytes) -> list[str]:
    """The text in the bottom 12 mm of each page (where the page number goes)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    out = []
    try:
        for i in range(len(document)):
            page = document[i]
            width = page.get_width()
            text = page.get_textpage().get_text_bounded(left=0, bottom=0, right=width, top=34)
            out.append(text.strip())
    finally:
        document.close()
    return out


class ParallelPdfTestCase(PdfTestCase):
    """A long report is cut at a heading and laid out in two processes; the joined document
    has every page numbered in order and the same text as the one made in one go."""

    def setUp(self) -> None:
        from unittest import mock

        from planwatch.plan_reports import pdf

        patch = mock.patch.object(pdf, "PARALLEL_MIN_PAGES", 0)  # cut even this small plan
        patch.start()
        self.addCleanup(patch.stop)

    def test_the_cut_is_at_a_heading_that_follows_a_measure(self):
        cut = pdf.cut_row(self.dataset)
        self.assertIsNotNone(cut)
        self.assertGreater(cut, 0)
        self.assertFalse(self.dataset.rows[cut - 1].is_heading)

    def test_two_parts_joined_are_numbered_and_hold_the_whole_text(self):
        from django.utils import translation

        from planwatch.documents import pdf_parallel

        with translation.override("uk"):
            joined = pdf.render(self.dataset)
            html = pdf.render_html(self.dataset)
        alone = pdf_parallel.html_to_pdf(html)
        self.assertGreater(len(page_texts(joined)), len(page_texts(alone)) - 1)
        numbers = footer_numbers(joined)
        self.assertEqual(numbers, [str(n) for n in range(1, len(numbers) + 1)])
        words = lambda data: Counter(w for w in " ".join(page_texts(data)).split())  # noqa: E731
        self.assertEqual(words(alone) - words(joined), Counter())  # nothing lost
        header = " ".join(c.title for c in self.dataset.columns).split()
        extra = words(joined) - words(alone)  # the second part opens a page: its table header
        self.assertLessEqual(set(extra), set(header) | {str(n) for n in range(20)})
        with pikepdf.Pdf.open(io.BytesIO(joined)) as document:
            self.assertIn("ІНФОРМАЦІЯ", str(document.docinfo.get("/Title", "")).upper())

    def test_a_dead_helper_falls_back_to_one_process(self):
        from concurrent.futures import Future
        from concurrent.futures.process import BrokenProcessPool
        from unittest import mock

        from planwatch.documents import pdf_parallel

        broken: Future = Future()
        broken.set_exception(BrokenProcessPool("killed"))
        with mock.patch.object(pdf_parallel, "submit", return_value=broken):
            data = pdf.render(self.dataset)
        self.assertTrue(data.startswith(b"%PDF"))
        self.assertIn("Службою проведено 4 засідання.", " ".join(page_texts(data)))
