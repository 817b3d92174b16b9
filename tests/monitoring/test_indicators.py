"""The indicator framework: prefilled from the plan's text, confirmed by the coordinator,
actual values (with a breakdown) entered by executors beside the narrative, progress."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planwatch.monitoring.indicators import plan_progress, sync_indicators
from planwatch.monitoring.models import (
    ExecutionReport,
    Indicator,
    IndicatorKind,
    IndicatorValue,
    ReportState,
    Spending,
)
from tests.monitoring.test_report_conflicts import page_data
from tests.support.monitoring_base import KYIV, MonitoringTestCase, make_report

QUARTERS = ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
CATS = ["вік: 0–5 років", "вік: 6–17 років", "діти з інвалідністю"]


class IndicatorTestCase(MonitoringTestCase):
    def families(self) -> Indicator:
        """Measure 2's indicator as a coordinator would set it up."""
        return Indicator.objects.create(
            measure=self.measures()[1],
            name="створення прийомних сімей",
            unit="сімей",
            kind=IndicatorKind.COUNT,
            baseline_value=Decimal("4"),
            baseline_year=2024,
            yearly_targets={"2025": "10", "2026": "20"},
            end_target=Decimal("20"),
            categories=CATS,
        )

    def enter(self, indicator, period, total, cats, spent=None, submit=True, user=None):
        expected_report = self.expected_report(2, period=period)
        data = {
            "outcome": "in_progress",
            "narrative": "Створено сім'ї.",
            "action": "submit" if submit else "save",
            f"n-i{indicator.pk}": total,
        }
        for i, value in enumerate(cats):
            data[f"n-i{indicator.pk}_c{i}"] = value
        for source, amount in (spent or {}).items():
            data[f"n-s_{source}"] = amount
        self.login(user or self.executor)
        return self.client.post(f"/monitoring/reports/{expected_report.pk}/", data), expected_report


class PrefillTestCase(IndicatorTestCase):
    def test_it_proposes_an_unconfirmed_indicator_per_parsed_target(self):
        (ind,) = Indicator.objects.filter(measure=self.measures()[0])
        self.assertEqual(ind.unit, "%")
        self.assertEqual(ind.kind, IndicatorKind.LEVEL)
        self.assertEqual(ind.end_target, Decimal("100"))
        self.assertFalse(ind.is_confirmed)
        self.assertEqual(sync_indicators(self.mplan), 0)  # again: nothing new

    def test_the_coordinator_confirms_it_with_a_baseline_and_yearly_targets(self):
        (ind,) = Indicator.objects.filter(measure=self.measures()[0])
        self.login(self.coordinator)
        url = f"/monitoring/plans/{self.mplan.pk}/measures/{ind.measure_id}/indicators/"
        self.assertContains(self.client.get(url), "охоплення 100 % сімей")
        p = f"i{ind.pk}-"
        response = self.client.post(
            url,
            {
                "indicator": ind.pk,
                p + "name": "охоплення сімей",
                p + "unit": "%",
                p + "kind": "level",
                p + "baseline_value": "40,5",
                p + "baseline_year": "2024",
                p + "end_target": "100",
                p + "targets_text": "2025: 70\n2026: 100",
                p + "categories_text": "стать: дівчата\nстать: хлопці",
            },
        )
        self.assertEqual(response.status_code, 302)
        ind.refresh_from_db()
        self.assertTrue(ind.is_confirmed)
        self.assertEqual(ind.baseline_value, Decimal("40.5"))
        self.assertEqual(ind.yearly_targets, {"2025": "70", "2026": "100"})
        self.assertEqual(ind.categories, ["стать: дівчата", "стать: хлопці"])

    def test_a_bad_target_line_is_refused(self):
        (ind,) = Indicator.objects.filter(measure=self.measures()[0])
        self.login(self.coordinator)
        url = f"/monitoring/plans/{self.mplan.pk}/measures/{ind.measure_id}/indicators/"
        p = f"i{ind.pk}-"
        response = self.client.post(
            url,
            {
                "indicator": ind.pk,
                p + "name": "x",
                p + "kind": "count",
                p + "targets_text": "багато",
            },
        )
        self.assertEqual(response.status_code, 400)
        ind.refresh_from_db()
        self.assertFalse(ind.is_confirmed)

    def test_only_the_plans_coordinators_open_the_indicator_page(self):
        m = self.measures()[0]
        url = f"/monitoring/plans/{self.mplan.pk}/measures/{m.pk}/indicators/"
        for user in (self.executor, self.outsider, self.other_executor):
            self.login(user)
            self.assertEqual(self.client.get(url).status_code, 404, user)
            self.assertEqual(self.client.post(url, {"new-name": "x"}).status_code, 404, user)


class ActualsTestCase(IndicatorTestCase):
    def test_four_quarters_with_a_breakdown_make_the_running_total(self):
        ind = self.families()
        figures = [
            ("2", ["1", "1", "0"]),
            ("", ["2", "1", "1"]),  # no total typed: the breakdown "вік" gives 3
            ("1,5", ["1", "0,5", ""]),
            ("4", ["3", "1", "1"]),
        ]
        for period, (total, cats) in zip(QUARTERS, figures, strict=True):
            response, expected_report = self.enter(ind, period, total, cats)
            self.assertEqual(response.status_code, 302, response.content[:2000])
            expected_report.report.refresh_from_db()
            expected_report.report.accept(self.coordinator)
        self.assertEqual(IndicatorValue.objects.filter(indicator=ind).count(), 14)
        (prog,) = [p for p in plan_progress(self.mplan) if p.indicator.pk == ind.pk]
        self.assertEqual([p.period for p in prog.periods], QUARTERS)
        self.assertEqual(
            [p.value for p in prog.periods], [Decimal(2), Decimal(3), Decimal("1.5"), Decimal(4)]
        )
        # baseline 4 + the quarters: a count adds up
        self.assertEqual(
            [p.cumulative for p in prog.periods],
            [Decimal(6), Decimal(9), Decimal("10.5"), Decimal("14.5")],
        )
        self.assertEqual(prog.periods[-1].target, Decimal(10))  # 2025's target
        self.assertEqual(prog.periods[-1].share, Decimal("145.0"))
        self.assertEqual(prog.share_of_end, Decimal("72.5"))
        self.assertEqual(prog.periods[1].categories["вік: 0–5 років"], Decimal(2))
        self.assertIsInstance(prog.cumulative, Decimal)
        self.assertEqual(prog.warnings, [])

    def test_implausible_values_are_kept_and_flagged(self):
        ind = self.families()
        response, expected_report = self.enter(ind, "2025-Q1", "40", ["30", "20", "1"])
        self.assertEqual(response.status_code, 302)
        expected_report.report.refresh_from_db()
        expected_report.report.accept(self.coordinator)
        (prog,) = [p for p in plan_progress(self.mplan) if p.indicator.pk == ind.pk]
        text = " ".join(prog.warnings)
        self.assertIn("44", text)  # 4 + 40 over three times the target of 10
        self.assertIn("50", text)  # the age breakdown adds up to more than the total

    def test_a_negative_value_is_refused(self):
        ind = self.families()
        response, expected_report = self.enter(ind, "2025-Q1", "-3", [])
        self.assertEqual(response.status_code, 200)
        self.assertFalse(IndicatorValue.objects.exists())

    def test_money_spent_is_saved_with_the_report(self):
        ind = self.families()
        response, expected_report = self.enter(
            ind, "2025-Q1", "1", [], spent={"local_budget": "12,345"}
        )
        self.assertEqual(response.status_code, 302)
        (spent,) = Spending.objects.all()
        self.assertEqual((spent.source, spent.amount), ("local_budget", Decimal("12.345")))
        self.assertEqual(Spending.objects.get().report.state, ReportState.SUBMITTED)

    def test_an_executor_of_another_organisation_cannot_enter_values(self):
        ind = self.families()
        response, _expected_report = self.enter(
            ind, "2025-Q1", "5", [], {"local_budget": "1"}, user=self.other_executor
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(IndicatorValue.objects.exists())
        self.assertFalse(Spending.objects.exists())

    def test_the_report_page_shows_the_progress(self):
        ind = self.families()
        response, expected_report = self.enter(ind, "2025-Q1", "2", ["1", "1", ""])
        expected_report.report.refresh_from_db()
        expected_report.report.accept(self.coordinator)
        self.login(self.coordinator)
        page = self.client.get(f"/monitoring/reports/{expected_report.pk}/")
        self.assertContains(page, "створення прийомних сімей")
        self.assertContains(page, "60,0")  # 6 of 10


@time_machine.travel(dt.datetime(2025, 10, 5, 10, 0, tzinfo=KYIV), tick=False)
class CardsPageTestCase(IndicatorTestCase):
    """The executor's cards page ("my measures this period") takes the numbers too."""

    def card_data(self, expected_report) -> dict:
        self.login(self.executor)
        response = self.client.get("/monitoring/")
        self.assertEqual(response.status_code, 200)
        return page_data(response)

    def test_values_with_a_breakdown_and_money_typed_the_ukrainian_way_are_saved(self):
        ind = self.families()
        expected_report = self.expected_report(2)
        data = self.card_data(expected_report)
        self.assertIn(f"n{expected_report.pk}-i{ind.pk}_c2", data)  # the breakdown is on the card
        data.update(
            {
                f"n{expected_report.pk}-i{ind.pk}": "1 250,5",
                f"n{expected_report.pk}-i{ind.pk}_c0": "1\u00a0000",
                f"n{expected_report.pk}-s_local_budget": "12,345",
                "action": f"save:{expected_report.pk}",
            }
        )
        response = self.client.post("/monitoring/", data)
        self.assertEqual(response.status_code, 302)
        values = dict(
            IndicatorValue.objects.filter(report__expected=expected_report).values_list(
                "category", "value"
            )
        )
        self.assertEqual(values, {"": Decimal("1250.5"), CATS[0]: Decimal("1000")})
        self.assertEqual(
            Spending.objects.get(report__expected=expected_report).amount, Decimal("12.345")
        )
        self.assertEqual(expected_report.report_or_none().state, ReportState.DRAFT)

        # shown again on the card, and "submit all" with nothing changed submits nothing
        data = self.card_data(expected_report)
        self.assertEqual(data[f"n{expected_report.pk}-i{ind.pk}"], "1250.5")
        self.client.post("/monitoring/", {**data, "action": "submit"})
        self.assertEqual(
            ExecutionReport.objects.get(expected=expected_report).state, ReportState.DRAFT
        )

    def test_a_card_with_only_numbers_changed_is_submitted(self):
        ind = self.families()
        expected_report = self.expected_report(2)
        make_report(expected_report, narrative="Створено сім'ї.", outcome="in_progress")
        data = self.card_data(expected_report)
        data.update({f"n{expected_report.pk}-i{ind.pk}": "3", "action": "submit"})
        self.assertEqual(self.client.post("/monitoring/", data).status_code, 302)
        report = ExecutionReport.objects.get(expected=expected_report)
        self.assertEqual(report.state, ReportState.SUBMITTED)
        self.assertEqual(report.indicator_values.get().value, Decimal(3))

    def test_a_bad_number_saves_nothing_and_is_marked(self):
        ind = self.families()
        expected_report = self.expected_report(2)
        data = self.card_data(expected_report)
        data.update(
            {
                f"r{expected_report.pk}-narrative": "Текст.",
                f"n{expected_report.pk}-i{ind.pk}": "-3",
                "action": f"save:{expected_report.pk}",
            }
        )
        response = self.client.post("/monitoring/", data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Нічого не збережено: виправте позначені поля.")
        self.assertContains(
            response, f'aria-describedby="id_n{expected_report.pk}-i{ind.pk}_error"'
        )
        self.assertFalse(ExecutionReport.objects.filter(expected=expected_report).exists())
        self.assertFalse(IndicatorValue.objects.exists())

    def test_a_page_without_the_number_fields_leaves_saved_numbers_alone(self):
        ind = self.families()
        expected_report = self.expected_report(2)
        report = make_report(expected_report, narrative="Чернетка.")
        IndicatorValue.objects.create(report=report, indicator=ind, value=Decimal("7"))
        data = {k: v for k, v in self.card_data(expected_report).items() if not k.startswith("n")}
        data.update(
            {
                f"r{expected_report.pk}-narrative": "Інший текст.",
                "action": f"save:{expected_report.pk}",
            }
        )
        self.assertEqual(self.client.post("/monitoring/", data).status_code, 302)
        self.assertEqual(IndicatorValue.objects.get().value, Decimal("7"))
        # nor are numbers that were not sent a change that "submit all" would hand in
        data = {k: v for k, v in self.card_data(expected_report).items() if not k.startswith("n")}
        self.client.post("/monitoring/", {**data, "action": "submit"})
        self.assertEqual(
            ExecutionReport.objects.get(expected=expected_report).state, ReportState.DRAFT
        )

    def test_the_cards_pages_queries_do_not_grow_with_indicators_and_numbers(self):
        ind = self.families()
        make_report(self.expected_report(2), narrative="Чернетка.")
        self.login(self.executor)
        before = self.count("/monitoring/")  # one draft, one indicator
        reports = [ExecutionReport.objects.get(expected=self.expected_report(2))]
        reports += [make_report(self.expected_report(n), narrative="Чернетка.") for n in (1, 3)]
        for n, report in enumerate(reports):
            extra = Indicator.objects.create(
                measure=self.measures()[n], name=f"показник {n}", categories=CATS
            )
            IndicatorValue.objects.create(report=report, indicator=extra, value=Decimal(n))
            IndicatorValue.objects.create(report=report, indicator=ind, value=Decimal("1.5"))
            Spending.objects.create(report=report, source="other", amount=Decimal("2.25"))
        self.assertEqual(self.count("/monitoring/"), before)

    def count(self, url) -> int:
        with CaptureQueriesContext(connection) as ctx:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(ctx.captured_queries)
