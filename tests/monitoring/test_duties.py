"""Duties read from the plan's own words: the oblast plan's annual summary by 10 January."""

import datetime as dt
import io
import json
from pathlib import Path

import time_machine
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from planwatch.monitoring.duties import duties_for, summary_due, sync_duties, upcoming
from planwatch.monitoring.models import Duty, DutyKind
from planwatch.monitoring.periods import Period
from planwatch.orgs.models import Role
from planwatch.plans.imports import create_draft
from planwatch.plans.publish import publish_draft
from tests.support.base import BaseTestCase
from tests.support.factory import make_plan, make_user

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

    def test_walking_through_2025_the_next_duty_is_the_one_the_plan_says(self):
        walk = [
            ("2025-01-15", "2025-01-20", DutyKind.EXECUTOR_REPORTS, "2024-Q4"),
            ("2025-04-05", "2025-04-20", DutyKind.EXECUTOR_REPORTS, "2025-Q1"),
            ("2025-07-05", "2025-07-20", DutyKind.EXECUTOR_REPORTS, "2025-Q2"),
            ("2025-10-25", "2025-12-31", DutyKind.WORKING_GROUP, "2025-Q4"),
            ("2026-01-02", "2026-01-10", DutyKind.SUMMARY_TO_HEAD, "2025"),
        ]
        duties = duties_for(self.plan)
        for day, due, kind, period in walk:
            with time_machine.travel(dt.datetime.fromisoformat(f"{day}T09:00+02:00"), tick=False):
                duty, got_period, got_due = upcoming(duties, timezone.localdate())[0]
            self.assertEqual(
                (got_due.isoformat(), duty.kind, got_period.label), (due, kind, period)
            )

    def test_the_duties_page_on_2_january_2026_shows_the_summary_next(self):
        self.login(make_user("oblast-co", self.oblast, Role.COORDINATOR))
        with time_machine.travel(dt.datetime(2026, 1, 2, 9, tzinfo=dt.UTC), tick=False):
            response = self.client.get(f"/monitoring/plans/{self.plan.pk}/duties/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Найближчі строки")
        next_due = response.context["upcoming"][0]
        self.assertEqual((next_due[1].label, next_due[2]), ("2025", dt.date(2026, 1, 10)))

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
        self.assertEqual(duties[0].responsible_label, "виконавці плану")
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


class DutiesPageTestCase(BaseTestCase):
    def url(self, *parts) -> str:
        return "/".join([f"/monitoring/plans/{self.plan.pk}/duties", *map(str, parts)]) + "/"

    def duty(self) -> Duty:
        return Duty.objects.get(plan=self.plan)

    def test_the_coordinator_sees_the_duties_and_this_years_dates(self):
        self.login(self.coordinator)
        with time_machine.travel(dt.datetime(2025, 5, 1, 9, tzinfo=dt.UTC), tick=False):
            response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "20.04.2025")  # Q1 executors' reports: 20 days after
        self.assertContains(response, "20.01.2026")

    def test_adding_a_fixed_date_duty_confirms_it(self):
        self.login(self.coordinator)
        response = self.client.post(
            self.url(),
            {"kind": "annual_summary_to_head", "frequency": "annual", "due_rule": "fixed_date"}
            | {"due_day": "10", "due_month": "1", "responsible": self.service.pk},
        )
        self.assertEqual(response.status_code, 302)
        added = Duty.objects.get(plan=self.plan, kind=DutyKind.SUMMARY_TO_HEAD)
        self.assertTrue(added.confirmed)
        self.assertEqual(added.due_date(Period.parse("2025")), dt.date(2026, 1, 10))
        self.assertEqual(added.responsible_label, self.service.name)

    def test_a_day_that_does_not_exist_is_refused_in_ukrainian_and_nothing_is_saved(self):
        self.login(self.coordinator)
        response = self.client.post(
            self.url(),
            {"kind": "other", "frequency": "annual", "due_rule": "fixed_date"}
            | {"due_day": "31", "due_month": "2"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Такого дня в цьому місяці немає", status_code=400)
        self.assertEqual(Duty.objects.filter(plan=self.plan).count(), 1)

    def test_editing_the_rule_moves_the_due_date_and_confirms(self):
        self.login(self.coordinator)
        duty = self.duty()
        response = self.client.post(
            self.url(duty.pk),
            {"kind": "executor_reports", "frequency": "quarterly"}
            | {"due_rule": "day_of_next_month", "due_day": "5"},
        )
        self.assertEqual(response.status_code, 302)
        duty.refresh_from_db()
        self.assertTrue(duty.confirmed)
        self.assertEqual(duty.due_date(Period.parse("2025-Q3")), dt.date(2025, 10, 5))
        plan = self.plan.reporting_schedule
        plan.executor_due_days = 30
        plan.save()
        sync_duties(self.plan, reread=False)  # a confirmed duty no longer follows the schedule
        duty.refresh_from_db()
        self.assertEqual((duty.due_rule, duty.due_day), ("day_of_next_month", 5))

    def test_delete_needs_the_confirmation(self):
        self.login(self.coordinator)
        duty = self.duty()
        self.assertEqual(self.client.post(self.url(duty.pk, "delete")).status_code, 400)
        self.assertTrue(Duty.objects.filter(pk=duty.pk).exists())
        response = self.client.post(self.url(duty.pk, "delete"), {"confirm": "yes"})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Duty.objects.filter(pk=duty.pk).exists())

    def test_others_get_404_and_a_duty_of_another_plan_is_not_reachable(self):
        for user in (self.reviewer, self.executor, self.outsider):
            self.login(user)
            self.assertEqual(self.client.get(self.url()).status_code, 404, user)
        other = make_plan(self.other_community)
        foreign = Duty.objects.get(plan=other)
        self.login(self.coordinator)
        self.assertEqual(self.client.get(self.url(foreign.pk)).status_code, 404)
        response = self.client.post(self.url(foreign.pk, "delete"), {"confirm": "yes"})
        self.assertEqual(response.status_code, 404)
        self.assertTrue(Duty.objects.filter(pk=foreign.pk).exists())


class OblastDashboardTestCase(BaseTestCase):
    def test_the_dashboard_shows_the_summary_by_10_january(self):
        plan = publish_draft(
            create_draft(OBLAST_TEXT.read_bytes(), OBLAST_TEXT.name, self.community), None
        ).plan
        self.login(self.coordinator)
        response = self.client.get(f"/monitoring/plans/{plan.pk}/?period=2025-Q4")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "10.01.2026")
        self.assertNotContains(response, "04.02.2026")
        self.assertContains(response, "узагальнення — як визначено в обов’язках плану")
