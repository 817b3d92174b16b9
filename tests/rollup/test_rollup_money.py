"""The roll-up adds up money exactly (Decimal) per year and source over three communities,
and combines indicators sharing a unit as it says (sums counts, never adds percentages)."""

from __future__ import annotations

from decimal import Decimal

from planwatch.monitoring.models import (
    ExpectedReport,
    Indicator,
    IndicatorKind,
    IndicatorValue,
    ReportState,
    Spending,
)
from planwatch.orgs.models import OrgKind
from planwatch.rollup.data import build_rollup, parse_period
from tests.rollup.base import NOW, RollupTestCase
from tests.support.factory import make_org, make_plan, make_plan_dict
from tests.support.monitoring_base import make_report

AMOUNTS = [  # planned per measure: 2025 local budget, 2026 local budget, 2025 state budget
    {"year": 2025, "amount": "100.10", "unit": "тис. грн", "source": "local_budget"},
    {"year": 2026, "amount": "200", "unit": "тис. грн", "source": "local_budget"},
    {"year": 2025, "amount": "1000000.5", "unit": "грн", "source": "state_budget"},
]


def money_plan(owner, title):
    doc = make_plan_dict(2, title=title)
    for m in doc["nodes"][0]["children"][0]["measures"]:
        m["funding"] = {"text": "місцевий бюджет", "sources": ["local_budget"], "amounts": AMOUNTS}
    return make_plan(owner, doc=doc)


class RollupMoneyTestCase(RollupTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.third = make_org("Гамівська селищна рада", OrgKind.COMMUNITY, cls.district)
        cls.money_plans = [
            money_plan(org, f"Програма {i}")
            for i, org in enumerate((cls.community, cls.other_community, cls.third))
        ]

    def spend(self, plan, period, amounts: dict, state=ReportState.ACCEPTED):
        for expected_report in ExpectedReport.objects.filter(plan=plan, period=period):
            report = make_report(expected_report, state=state)
            for source, amount in amounts.items():
                Spending.objects.create(report=report, source=source, amount=Decimal(amount))

    def rollup(self, period="2025"):
        return build_rollup(
            self.district, parse_period(period, self.district, NOW.date()), NOW.date()
        )

    def test_spent_money_adds_up_exactly_per_source_and_year(self):
        for i, plan in enumerate(self.money_plans):
            self.spend(plan, "2025-Q1", {"local_budget": "0.1", "state_budget": "333.333"})
            self.spend(plan, "2025-Q3", {"local_budget": "0.2"})
            if i == 2:  # a draft and next year's money are not counted in 2025
                self.spend(plan, "2025-Q4", {"local_budget": "99"}, state=ReportState.DRAFT)
                self.spend(plan, "2026-Q1", {"local_budget": "7"})
        data = self.rollup()
        rows = {(r.year, r.source): r for r in data.money.rows}
        # 3 communities × 2 measures × 1 executor: 6 reports a quarter
        self.assertEqual(rows[(2025, "local_budget")].spent, Decimal("1.8"))
        self.assertEqual(rows[(2025, "state_budget")].spent, Decimal("1999.998"))
        self.assertEqual(rows[(2025, "local_budget")].planned, Decimal("600.60"))
        self.assertEqual(rows[(2025, "state_budget")].planned, Decimal("6000.003"))
        self.assertNotIn((2026, "local_budget"), rows)  # outside the period
        self.assertEqual(data.money.spent, Decimal("2001.798"))
        self.assertIsInstance(data.money.spent, Decimal)
        self.assertEqual(rows[(2025, "*")].planned, Decimal("6600.603"))
        self.assertEqual(data.money.share, Decimal("30.3"))
        per = dict(data.community_money)
        self.assertEqual(len(per), 3)
        for money in per.values():
            spent = {(r.year, r.source): r.spent for r in money.rows}
            self.assertEqual(spent[(2025, "local_budget")], Decimal("0.6"))
            self.assertEqual(spent[(2025, "state_budget")], Decimal("666.666"))
        both = self.rollup("all")  # up to today (25 January 2026): 2026-Q1 has not ended
        rows = {(r.year, r.source): r for r in both.money.rows}
        self.assertEqual(rows[(2026, "local_budget")].planned, Decimal("1200"))
        self.assertEqual(rows[(2026, "local_budget")].spent, Decimal("0"))

    def test_counts_are_summed_and_percentages_never(self):
        for plan, (value, percent) in zip(
            self.money_plans, [("3", "80"), ("4.5", "40"), ("1", "95.5")], strict=True
        ):
            m = plan.current_revision.measures.order_by("position").first()
            fam = Indicator.objects.create(
                measure=m, name="сім'ї", unit="сімей", end_target=Decimal(10), baseline_value=1
            )
            cov = Indicator.objects.create(
                measure=m, name="охоплення", unit="%", kind=IndicatorKind.LEVEL, end_target=100
            )
            expected_report = ExpectedReport.objects.filter(measure=m, period="2025-Q2").first()
            report = make_report(expected_report, state=ReportState.ACCEPTED)
            IndicatorValue.objects.create(report=report, indicator=fam, value=Decimal(value))
            IndicatorValue.objects.create(report=report, indicator=cov, value=Decimal(percent))
        sums = {s.unit: s for s in self.rollup().indicator_sums}
        self.assertEqual(sums["сімей"].actual, Decimal("11.5"))  # 3 baselines + 8.5
        self.assertEqual(sums["сімей"].target, Decimal(30))
        self.assertEqual(sums["%"].actual, None)
        self.assertEqual((sums["%"].low, sums["%"].high), (Decimal(40), Decimal("95.5")))

    def test_the_page_shows_money_per_community(self):
        self.spend(self.money_plans[0], "2025-Q1", {"local_budget": "12.5"})
        self.login(self.reviewer)
        page = self.client.get(self.url())
        self.assertContains(page, "Гамівська селищна рада")
        self.assertContains(page, "25")

    def test_the_documents_add_up_the_money_and_say_how_indicators_combine(self):
        import io
        import zipfile

        from planwatch.rollup.documents import render

        for plan in self.money_plans:
            self.spend(plan, "2025-Q1", {"local_budget": "0.1"})
        m = self.money_plans[0].current_revision.measures.first()
        Indicator.objects.create(measure=m, name="а", unit="%", kind=IndicatorKind.LEVEL)
        Indicator.objects.create(measure=m, name="б", unit="%", kind=IndicatorKind.LEVEL)
        data = self.rollup()
        with zipfile.ZipFile(io.BytesIO(render(data, "docx"))) as z:
            body = z.read("word/document.xml").decode()
        self.assertIn("5. Кошти: заплановано і витрачено", body)
        self.assertIn("0,6", body)  # 6 reports × 0.1 over all communities
        self.assertIn("Відсотки не додаються і не усереднюються", body)
        with zipfile.ZipFile(io.BytesIO(render(data, "xlsx"))) as z:
            self.assertIn("Кошти", z.read("xl/workbook.xml").decode())
        self.assertTrue(render(data, "pdf").startswith(b"%PDF"))
