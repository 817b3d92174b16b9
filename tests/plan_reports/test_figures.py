"""The report's indicators (baseline → target → actual per period) and funding (planned vs
spent) sections, in the dataset and in the three formats."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

from planwatch.monitoring.models import ExpectedReport, Indicator, IndicatorValue, Spending
from planwatch.monitoring.periods import ReportPeriod
from planwatch.plan_reports import docx, xlsx
from planwatch.plan_reports.dataset import build_dataset
from planwatch.plan_reports.pdf import render_html
from tests.plan_reports.base import TODAY, ReportsTestCase


class ReportFiguresTestCase(ReportsTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        m1 = cls.mplan.current_revision.measures.order_by("position")[0]
        m1.funding = {
            "text": "місцевий бюджет",
            "sources": ["local_budget"],
            "amounts": [
                {"year": 2025, "amount": "1250.5", "unit": "тис. грн", "source": "local_budget"},
                {"year": 2026, "amount": "1000", "unit": "тис. грн", "source": "local_budget"},
            ],
        }
        m1.save()
        cls.ind = Indicator.objects.get(measure=m1)  # proposed from "охоплення 100 % сімей"
        cls.ind.baseline_value, cls.ind.baseline_year = Decimal(60), 2024
        cls.ind.yearly_targets = {"2025": "80"}
        cls.ind.save()
        expected_report = ExpectedReport.objects.get(
            measure=m1, organization=cls.service, period="2025-Q3"
        )
        IndicatorValue.objects.create(
            report=expected_report.report, indicator=cls.ind, value=Decimal(85)
        )
        Spending.objects.create(
            report=expected_report.report, source="local_budget", amount=Decimal("300.25")
        )
        other = ExpectedReport.objects.get(measure=m1, organization=cls.center, period="2025-Q3")
        Spending.objects.create(report=other.report, source="local_budget", amount=Decimal("0.05"))

    def dataset(self, label="2025"):
        return build_dataset(self.mplan, ReportPeriod.parse(label, TODAY), TODAY)

    def test_the_dataset_has_both_tables(self):
        f = self.dataset().figures
        (row,) = f.indicator_rows
        self.assertEqual(row[2], "%")
        self.assertEqual(row[3], "60 (2024)")
        self.assertIn("80", row[4])
        self.assertIn("III квартал 2025: 85 (85)", row[5])
        self.assertEqual(row[7], "106,3 %")  # 85 of 80
        self.assertIn("Відсотки ніколи не додаються", " ".join(f.indicator_notes))
        self.assertEqual(
            f.money_values[0][:4], ["2025", "місцевий бюджет", Decimal("1250.5"), Decimal("300.30")]
        )
        self.assertEqual(f.money_rows[0][2:], ["1 250,5", "300,3", "24 %"])

    def test_the_three_formats_carry_the_sections(self):
        data = self.dataset()
        html = render_html(data, with_charts=True)
        self.assertIn("Показники: базове значення, ціль, фактичне", html)
        self.assertIn("Фінансування: заплановано і витрачено", html)
        self.assertEqual(html.count("data:image/png"), 5)
        with zipfile.ZipFile(io.BytesIO(docx.render(data, with_charts=False))) as z:
            body = z.read("word/document.xml").decode()
        self.assertIn("Фінансування: заплановано і витрачено", body)
        self.assertIn("1 250,5", body)
        with zipfile.ZipFile(io.BytesIO(xlsx.render(data))) as z:
            names = z.read("xl/workbook.xml").decode()
        self.assertIn("Показники", names)
        self.assertIn("Фінансування", names)

    def test_a_quarter_counts_only_its_own_spending(self):
        f = self.dataset("2025-Q2").figures
        self.assertEqual(f.money_values[0][3], Decimal(0))
