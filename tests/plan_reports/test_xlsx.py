"""The workbook, read back with openpyxl: a filterable measures sheet and summary figures."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from planwatch.monitoring.models import ExpectedReport
from planwatch.monitoring.models.reports import RECEIVED_STATES
from planwatch.monitoring.periods import ReportPeriod
from planwatch.plan_reports.dataset import build_dataset
from planwatch.plan_reports.render import render
from tests.plan_reports.base import TODAY, ReportsTestCase


class XlsxTestCase(ReportsTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        dataset = build_dataset(cls.mplan, ReportPeriod.parse("2025-Q3", TODAY), TODAY)
        cls.data = render(dataset, "xlsx")

    def setUp(self) -> None:
        self.book = load_workbook(io.BytesIO(self.data))

    def test_it_has_a_measures_sheet_with_an_autofilter(self):
        sheet = self.book["Заходи"]
        self.assertTrue(sheet.auto_filter.ref.startswith("A1:"))
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertEqual(sheet.max_row, 1 + len(self.measures()))

    def test_each_measure_row_carries_its_headings_status_and_texts(self):
        sheet = self.book["Заходи"]
        header = [c.value for c in sheet[1]]
        first = dict(zip(header, [c.value for c in sheet[2]], strict=True))
        self.assertEqual(first["Розділ / ціль / завдання"], "1 › 1.1 Завдання 1")
        self.assertEqual(first["Статус"], "Виконується")
        self.assertIn(
            "Службою проведено 4 засідання.", first["Стан виконання (інформація виконавців)"]
        )

    def test_summary_figures_are_numbers_that_match_the_database(self):
        sheet = self.book["Підсумки"]
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
        statuses = {r[0]: r[1] for r in rows if r[0] in ("Не виконано", "Виконується", "Виконано")}
        self.assertEqual(statuses, {"Виконано": 0, "Виконується": 1, "Не виконано": 1})
        expected_reports = ExpectedReport.objects.counted().filter(
            plan=self.mplan, period="2025-Q3"
        )
        service = next(r for r in rows if r[0] == "Служба у справах дітей")
        own = expected_reports.filter(organization=self.service)
        self.assertEqual(service[1], own.count())
        self.assertEqual(service[2], own.filter(report__state__in=RECEIVED_STATES).count())


class XlsxFormulaTestCase(ReportsTestCase):
    def test_text_that_looks_like_a_formula_stays_text(self):
        self.center.name = '=HYPERLINK("http://evil")'
        self.center.save(update_fields=["name"])
        dataset = build_dataset(self.mplan, ReportPeriod.parse("2025-Q3", TODAY), TODAY)
        book = load_workbook(io.BytesIO(render(dataset, "xlsx")))
        cells = [c for row in book["Підсумки"].iter_rows() for c in row if c.value]
        evil = [c for c in cells if str(c.value).startswith("=HYPERLINK")]
        self.assertTrue(evil)
        self.assertTrue(all(c.data_type == "s" for c in evil))
