"""The combined roll-up report: .docx/.xlsx read back against the database; downloads; the
`rollup_report` command."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import time_machine
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

from planwatch.monitoring.models import ExpectedReport, Outcome
from tests.rollup.base import LATE, NOW, ON_TIME, RollupTestCase


@time_machine.travel(NOW, tick=False)
class RollupDocumentsTestCase(RollupTestCase):
    def setUp(self) -> None:
        self.report(self.mplan, 2, "2025-Q3", outcome=Outcome.NOT_DONE, submitted_at=LATE)
        self.report(self.bplan, 1, "2025-Q3", outcome=Outcome.DONE, submitted_at=ON_TIME)
        self.login(self.reviewer)

    def download(self, fmt: str, period: str = "2025") -> bytes:
        response = self.client.get(f"/rollup/{self.district.pk}/report.{fmt}?period={period}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response["Content-Disposition"])
        return response.content

    def expected_count(self, plan) -> int:
        return (
            ExpectedReport.objects.counted()
            .filter(plan=plan, period_start__year=2025, period_end__year=2025)
            .count()
        )

    def test_the_workbook_holds_the_figures_of_the_database(self):
        book = load_workbook(io.BytesIO(self.download("xlsx")))
        self.assertEqual(
            book.sheetnames, ["Громади", "Прострочені", "Показники", "Кошти", "Показники (рамка)"]
        )
        rows = {r[0]: r for r in book["Громади"].iter_rows(min_row=5, values_only=True)}
        community = rows[self.other_community.name]
        self.assertEqual(community[1], 2)  # measures
        self.assertEqual(community[2], 1)  # done
        self.assertEqual(community[9], f"1 / {self.expected_count(self.bplan)}")
        total = rows["Разом"]
        measures = sum(
            p.current_revision.measures.count() for p in (self.plan, self.mplan, self.bplan)
        )
        self.assertEqual(total[1], measures)
        self.assertEqual(total[4], 1)  # not done

    def test_overdue_measures_are_listed_in_the_workbook(self):
        book = load_workbook(io.BytesIO(self.download("xlsx", period="2025-Q4")))
        rows = list(book["Прострочені"].iter_rows(min_row=2, values_only=True))
        self.assertEqual(len(rows), 1)
        self.assertIn(self.measures()[1].text, rows[0][3])
        self.assertEqual(rows[0][5], "Не виконано")

    def test_the_word_document_is_landscape_times_with_the_summary(self):
        doc = Document(io.BytesIO(self.download("docx")))
        section = doc.sections[0]
        self.assertGreater(section.page_width, section.page_height)
        self.assertEqual(doc.styles["Normal"].font.name, "Times New Roman")
        text = "\n".join(p.text for p in doc.paragraphs)
        self.assertIn("Зведена інформація про стан виконання планів заходів", text)
        self.assertIn("(станом на 25 січня 2026 р.)", text)  # a date in a sentence, in words
        summary = doc.tables[0]
        cells = {r.cells[0].text.strip(): [c.text for c in r.cells] for r in summary.rows}
        self.assertEqual(cells[self.other_community.name][1], "2")
        self.assertEqual(cells["Разом"][1], "8")
        self.assertIn("PAGE", section.footer._element.xml)
        self.assertEqual(len(doc.inline_shapes), 2)  # the charts

    def test_the_pdf_is_a_pdf(self):
        self.assertTrue(self.download("pdf").startswith(b"%PDF"))

    def test_an_unknown_format_is_404(self):
        self.assertEqual(self.client.get(f"/rollup/{self.district.pk}/report.odt").status_code, 404)

    def test_a_formula_in_a_title_stays_text_in_the_workbook(self):
        self.bplan.title = '=HYPERLINK("http://evil")'
        self.bplan.save(update_fields=["title"])
        book = load_workbook(io.BytesIO(self.download("xlsx")))
        titles = [r[0] for r in book["Громади"].iter_rows(min_row=5, values_only=True)]
        self.assertIn('=HYPERLINK("http://evil")', titles)
        cell = next(
            c
            for c in book["Громади"]["A"]
            if c.value == titles[titles.index('=HYPERLINK("http://evil")')]
        )
        self.assertEqual(cell.data_type, "s")


@time_machine.travel(NOW, tick=False)
class RollupReportCommandTestCase(RollupTestCase):
    def test_it_writes_each_format(self):
        with tempfile.TemporaryDirectory() as tmp:
            for fmt in ("docx", "xlsx", "pdf"):
                out = Path(tmp) / f"r.{fmt}"
                call_command("rollup_report", "--org", str(self.oblast.pk), "--period", "2025",
                             "--format", fmt, "-o", str(out), stdout=io.StringIO())  # fmt: skip
                self.assertGreater(out.stat().st_size, 1000, fmt)

    def test_bad_input_is_a_clear_error_with_exit_code_2(self):
        cases = [
            (("999999", "2025", "pdf"), "no organisation"),
            ((str(self.oblast.pk), "2025-Q9", "pdf"), "bad period"),
            ((str(self.oblast.pk), "2025", "odt"), "unknown format"),
        ]
        for (org, period, fmt), message in cases:
            with self.assertRaises(CommandError) as caught:
                call_command("rollup_report", "--org", org, "--period", period, "--format", fmt,
                             "-o", "/tmp/never-written")  # fmt: skip
            self.assertIn(message, str(caught.exception))
            self.assertEqual(caught.exception.returncode, 2)
