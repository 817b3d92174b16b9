"""The Word document, read back with python-docx: page, fonts, title, the plan's table."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT

from planwatch.monitoring.periods import ReportPeriod
from planwatch.plan_reports.dataset import build_dataset
from planwatch.plan_reports.render import render
from tests.plan_reports.base import TODAY, ReportsTestCase


class DocxTestCase(ReportsTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        dataset = build_dataset(cls.mplan, ReportPeriod.parse("2025-Q3", TODAY), TODAY)
        cls.data = render(dataset, "docx")

    def setUp(self) -> None:
        self.doc = Document(io.BytesIO(self.data))

    def text(self) -> str:
        return "\n".join(p.text for p in self.doc.paragraphs)

    def plan_table(self):
        return self.doc.tables[-2]  # the last one is the signature block

    def test_it_is_landscape_a4_in_times_new_roman(self):
        section = self.doc.sections[0]
        self.assertEqual(section.orientation, WD_ORIENT.LANDSCAPE)
        self.assertEqual(round(section.page_width.mm), 297)
        self.assertEqual(self.doc.styles["Normal"].font.name, "Times New Roman")

    def test_pages_are_numbered(self):
        footer = self.doc.sections[0].footer.paragraphs[0]._p.xml
        self.assertIn("PAGE", footer)

    def test_the_title_names_the_plan_decision_and_period(self):
        text = self.text()
        self.assertIn("ІНФОРМАЦІЯ", text)
        self.assertIn("План моніторингу громади на 2025-2026 роки", text)
        self.assertIn("від 20.05.2025 № 297", text)
        self.assertIn("за III квартал 2025 року", text)

    def test_the_summary_gives_the_figures_of_the_dataset(self):
        text = self.text()
        self.assertIn("Усього заходів у плані: 3", text)
        self.assertIn("виконується — 1", text)
        status_table = self.doc.tables[0].cell(0, 0).tables[0]
        rows = {r.cells[0].text: r.cells[1].text for r in status_table.rows}
        self.assertEqual(rows["Не виконано"], "1")

    def test_the_plan_table_has_headings_then_measures_with_attributed_texts(self):
        table = self.plan_table()
        self.assertIn("Стан виконання", table.rows[0].cells[-3].text)
        self.assertEqual(table.rows[1].cells[0].text, "1")  # the column-number row
        self.assertIn("Ціль перша", table.rows[2].cells[0].text)
        done = "\n".join(row.cells[-3].text for row in table.rows[4:])
        self.assertIn("Служба у справах дітей, виконано: Службою проведено 4 засідання.", done)
        self.assertIn("Центр соціальних служб, виконується: Центр провів тренінг", done)
        self.assertNotIn("Ще не прийнято", done)

    def test_indicator_values_get_their_column(self):
        table = self.plan_table()
        self.assertIn("Досягнуті значення", table.rows[0].cells[-1].text)
        self.assertIn("85 %", "\n".join(r.cells[-1].text for r in table.rows))

    def test_charts_are_embedded(self):
        images = [r for r in self.doc.part.rels.values() if "image" in r.reltype]
        self.assertEqual(len(images), 3)


class DocxDatesTestCase(ReportsTestCase):
    """Sentences write a date in words ("станом на 23 листопада 2026 р."), tables and the
    decision's requisites keep figures ("від 20.05.2025 № 297")."""

    def test_prose_dates_are_in_words(self):
        dataset = build_dataset(self.mplan, ReportPeriod.parse("all", TODAY), TODAY)
        doc = Document(io.BytesIO(render(dataset, "docx")))
        text = "\n".join(p.text for p in doc.paragraphs)
        self.assertIn("станом на 23 листопада 2026 р.", text)
        self.assertIn("planwatch 23 листопада 2026 р. на підставі", text)
        self.assertNotIn("23.11.2026", text)
        self.assertIn("від 20.05.2025 № 297", text)
