"""Duties read from the plan's own words: the oblast plan's annual summary by 10 January."""

import datetime as dt
import io
import json
from pathlib import Path

import time_machine
from django.conf import settings
from django.core.management import CommandError, call_command

from planwatch.monitoring.duties import summary_due, sync_duties
from planwatch.monitoring.models import Duty, DutyKind
from planwatch.monitoring.periods import Period
from planwatch.plans.imports import create_draft
from planwatch.plans.publish import publish_draft
from tests.web.base import BaseTestCase
from tests.web.factory import make_plan

OBLAST_TEXT = Path(settings.PLANWATCH_SAMPLES_DIR) / "text" / "002-oblast-luhansk-2018-2026.txt"


def duties_json(plan_id: int, year: int) -> list[dict]:
    out = io.StringIO()
    call_command("duties", "--plan", str(plan_id), "--year", str(year), "--json", stdout=out)
    return json.loads(out.getvalue())


class OblastPlanDutiesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        data = OBLAST_TEXT.read_bytes()
        draft = create_draft(data, OBLAST_TEXT.name, cls.oblast)
        cls.plan = publish_draft(draft, None).plan

    def test_the_annual_summary_is_due_on_10_january_and_executors_report_quarterly(self):
        rows = duties_json(self.plan.pk, 2025)
        summary = [r for r in rows if r["kind"] == DutyKind.SUMMARY_TO_HEAD]
        self.assertEqual([(r["period"], r["due"]) for r in summary], [("2025", "2026-01-10")])
        self.assertIn("служба у справах дітей", summary[0]["responsible"].casefold())
        executors = [r for r in rows if r["kind"] == DutyKind.EXECUTOR_REPORTS]
        self.assertEqual(
            [r["period"] for r in executors], ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
        )
        self.assertEqual(executors[0]["due"], "2025-04-20")

    def test_the_order_and_the_measure_are_one_duty_with_both_sentences(self):
        duty = Duty.objects.get(plan=self.plan, kind=DutyKind.SUMMARY_TO_HEAD)
        self.assertIn("голові облдержадміністрації", duty.source_text)
        self.assertIn("щорічного підсумкового звіту", duty.source_text)
        self.assertTrue(duty.from_plan)
        self.assertFalse(duty.confirmed)

    def test_the_dashboard_date_of_the_summary_comes_from_the_duty(self):
        due, duty = summary_due(self.plan, Period.parse("2025-Q4"))
        self.assertEqual(due, dt.date(2026, 1, 10))  # was 04.02.2026: executor days + 15
        self.assertEqual(duty.kind, DutyKind.SUMMARY_TO_HEAD)

    def test_walking_2025_the_next_duty_due_is_the_one_the_plan_says(self):
        from planwatch.monitoring.duties import duties_for, year_duties

        rows = year_duties(duties_for(self.plan), 2025)
        expected = {
            "2025-02-15": ("2025-Q1", DutyKind.EXECUTOR_REPORTS),
            "2025-07-15": ("2025-Q2", DutyKind.EXECUTOR_REPORTS),
            "2025-12-20": ("2025", DutyKind.SUMMARY_TO_HEAD),
        }
        for day, (period, kind) in expected.items():
            with time_machine.travel(dt.datetime.fromisoformat(f"{day}T09:00+02:00"), tick=False):
                today = dt.date.today()
                upcoming = [r for r in rows if r[2] >= today and r[0].kind == kind]
                self.assertEqual(upcoming[0][1].label, period, day)
        self.assertEqual(
            [r[2] for r in rows if r[0].kind == DutyKind.SUMMARY_TO_HEAD], [dt.date(2026, 1, 10)]
        )

    def test_a_confirmed_duty_survives_a_new_reading_and_is_not_doubled(self):
        duty = Duty.objects.get(plan=self.plan, kind=DutyKind.SUMMARY_TO_HEAD)
        Duty.objects.filter(pk=duty.pk).update(confirmed=True, due_day=15)
        sync_duties(self.plan)
        kinds = list(Duty.objects.filter(plan=self.plan).values_list("kind", "due_day"))
        self.assertIn((DutyKind.SUMMARY_TO_HEAD, 15), kinds)
        self.assertIn((DutyKind.SUMMARY_TO_HEAD, 10), kinds)  # the plan's own, unconfirmed
        sync_duties(self.plan)
        self.assertEqual(Duty.objects.filter(plan=self.plan).count(), len(kinds))


class DefaultDutyTestCase(BaseTestCase):
    def test_a_plan_that_says_nothing_gets_the_schedule_as_its_executors_duty(self):
        plan = make_plan(self.community)
        duties = list(Duty.objects.filter(plan=plan))
        self.assertEqual(
            [(d.kind, d.frequency, d.due_days) for d in duties],
            [(DutyKind.EXECUTOR_REPORTS, "quarterly", 20)],
        )
        self.assertEqual(duties[0].responsible_label, "executors of the plan")
        due, duty = summary_due(plan, Period.parse("2025-Q3"))
        self.assertEqual((due, duty), (dt.date(2025, 11, 4), None))  # schedule: 35 days

    def test_the_default_duty_follows_the_schedule(self):
        plan = make_plan(self.community)
        plan.reporting_schedule.executor_due_days = 10
        plan.reporting_schedule.frequency = "half_yearly"
        plan.reporting_schedule.save()
        sync_duties(plan, reread=False)
        duty = Duty.objects.get(plan=plan)
        self.assertEqual((duty.frequency, duty.due_days), ("half_yearly", 10))

    def test_the_command_refuses_an_unknown_plan_in_ukrainian(self):
        with self.assertRaisesMessage(CommandError, "план з id 999999 не знайдено"):
            duties_json(999999, 2025)
