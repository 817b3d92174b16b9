"""Expected reports are computed from the plan and its schedule, and recomputed on change."""

from __future__ import annotations

from planwatch.monitoring.expected import measure_periods, sync_expected
from planwatch.monitoring.models import ExpectedReport, Frequency, PartnerPolicy, ReportState
from planwatch.monitoring.periods import Period, fold_quarter, period_of
from planwatch.monitoring.schedule import detect_schedule
from planwatch.plans.models import Measure
from planwatch.plans.publish import publish_draft
from tests.support.factory import make_draft
from tests.support.monitoring_base import MonitoringTestCase, make_report, monitored_plan_dict


class PeriodsTestCase(MonitoringTestCase):
    def test_a_quarter_label_parses_to_its_dates(self):
        q3 = Period.parse("2025-Q3")
        self.assertEqual((str(q3.start), str(q3.end)), ("2025-07-01", "2025-09-30"))

    def test_slower_schedules_fold_quarters(self):
        self.assertEqual(fold_quarter("2025-Q2", Frequency.HALF_YEARLY), "2025-H1")
        self.assertEqual(fold_quarter("2025-Q3", Frequency.HALF_YEARLY), "2025-H2")
        self.assertEqual(fold_quarter("2025-Q1", Frequency.ANNUAL), "2025")

    def test_garbage_labels_are_ignored(self):
        self.assertIsNone(Period.parse("2025-Q5"))
        self.assertIsNone(fold_quarter("soon", Frequency.QUARTERLY))

    def test_the_period_of_a_day(self):
        import datetime as dt

        self.assertEqual(period_of(dt.date(2025, 11, 23), Frequency.QUARTERLY).label, "2025-Q4")
        self.assertEqual(period_of(dt.date(2025, 11, 23), Frequency.ANNUAL).label, "2025")


class ExpectedReportsTestCase(MonitoringTestCase):
    def test_publishing_a_plan_computes_its_expected_reports(self):
        # measure 1: two executors × 8 quarters; 2: one × 4 (2025 only); 3: one + a partner × 8
        counts = ExpectedReport.objects.filter(plan=self.mplan)
        self.assertEqual(counts.count(), 16 + 4 + 16)
        self.assertEqual(counts.filter(optional=True).count(), 8)

    def test_the_due_date_is_twenty_days_after_the_period(self):
        self.assertEqual(str(self.expected_report(1, period="2025-Q3").due_date), "2025-10-20")

    def test_partners_by_consent_are_optional_by_default(self):
        expected_report = self.expected_report(3, org=self.partner)
        self.assertTrue(expected_report.optional)
        self.assertEqual(
            ExpectedReport.objects.counted().filter(organization=self.partner).count(), 0
        )

    def test_partners_can_be_left_out_or_required(self):
        schedule = self.mplan.reporting_schedule
        schedule.partners = PartnerPolicy.NONE
        schedule.save()
        sync_expected(self.mplan)
        self.assertFalse(ExpectedReport.objects.filter(organization=self.partner).exists())
        schedule.partners = PartnerPolicy.REQUIRED
        schedule.save()
        sync_expected(self.mplan)
        self.assertEqual(
            ExpectedReport.objects.counted().filter(organization=self.partner).count(), 8
        )

    def test_a_half_yearly_schedule_folds_the_periods(self):
        schedule = self.mplan.reporting_schedule
        schedule.frequency = Frequency.HALF_YEARLY
        schedule.save()
        sync_expected(self.mplan)
        periods = set(
            ExpectedReport.objects.filter(plan=self.mplan).values_list("period", flat=True)
        )
        self.assertEqual(periods, {"2025-H1", "2025-H2", "2026-H1", "2026-H2"})
        self.assertEqual(str(self.expected_report(2, period="2025-H2").due_date), "2026-01-20")

    def test_syncing_twice_changes_nothing(self):
        result = sync_expected(self.mplan)
        self.assertEqual((result.created, result.updated, result.deleted), (0, 0, 0))

    def test_a_expected_report_with_a_report_is_kept_inactive_when_no_longer_expected(self):
        written = self.expected_report(2, period="2025-Q4")
        make_report(written)
        schedule = self.mplan.reporting_schedule
        schedule.frequency = Frequency.ANNUAL
        schedule.save()
        result = sync_expected(self.mplan)
        written.refresh_from_db()
        self.assertFalse(written.is_active)
        self.assertEqual(result.deactivated, 1)
        self.assertTrue(
            ExpectedReport.objects.filter(measure=written.measure, period="2025").exists()
        )

    def test_editing_a_deadline_recomputes_the_expected_reports(self):
        self.login(self.coordinator)
        m = self.measures()[1]
        data = {
            "number": m.number,
            "text": m.text,
            "deadline": "2026 рік",
            "funding": m.funding_text,
            "executors": m.executors_text,
            "indicator": m.indicator_text,
            "version": m.version,
        }
        response = self.client.post(f"/plans/{self.mplan.pk}/measures/{m.pk}/edit/", data)
        self.assertEqual(response.status_code, 302)
        periods = set(ExpectedReport.objects.filter(measure=m).values_list("period", flat=True))
        self.assertEqual(periods, {"2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"})

    def test_a_new_revision_carries_written_reports_to_the_new_measure(self):
        report = make_report(self.expected_report(1), state=ReportState.ACCEPTED)
        draft = make_draft(
            self.community, monitored_plan_dict(), user=self.coordinator, plan=self.mplan
        )
        publish_draft(draft, self.coordinator)
        self.mplan.refresh_from_db()
        report.refresh_from_db()
        new_measure = self.measures()[0]
        self.assertEqual(report.expected.measure, new_measure)
        self.assertTrue(report.expected.is_active)
        old_expected_reports = ExpectedReport.objects.filter(
            plan=self.mplan, measure__revision__number=1
        )
        self.assertFalse(old_expected_reports.exists())

    def test_stored_reporting_periods_win_over_the_dates(self):
        m = Measure(
            deadline={"start": "2025-01-01", "end": "2026-12-31", "reporting_periods": ["2025-Q4"]}
        )
        self.assertEqual(measure_periods(m, Frequency.QUARTERLY, {}), ["2025-Q4"])

    def test_a_measure_waiting_for_an_event_owes_nothing(self):
        m = Measure(deadline={"condition": "після припинення воєнного стану"})
        self.assertEqual(measure_periods(m, Frequency.QUARTERLY, {"start": 2025, "end": 2026}), [])


class ScheduleFromPlanTestCase(MonitoringTestCase):
    def test_the_default_is_quarterly_within_twenty_days(self):
        schedule = self.mplan.reporting_schedule
        self.assertEqual((schedule.frequency, schedule.executor_due_days), ("quarterly", 20))
        self.assertEqual(schedule.source, "default")

    def test_an_annual_summary_measure_sets_the_summary_days(self):
        m = self.measures()[2]
        m.text = (
            "підготовка щорічного підсумкового звіту про результати моніторингу виконання плану"
        )
        m.deadline = {"recurrence": "annually", "due": "01-10", "reporting_periods": []}
        m.save()
        found = detect_schedule(self.mplan.current_revision)
        self.assertEqual(found["summary_due_days"], 10)
        self.assertNotIn("frequency", found)

    def test_half_yearly_information_sets_the_frequency_and_due_days(self):
        m = self.measures()[2]
        m.text = "надання інформації про стан виконання плану щороку до 20 січня та 20 липня"
        m.deadline = {"recurrence": "half_yearly", "due": "01-20", "reporting_periods": []}
        m.save()
        found = detect_schedule(self.mplan.current_revision)
        self.assertEqual((found["frequency"], found["executor_due_days"]), ("half_yearly", 20))


class DemoReportsTestCase(MonitoringTestCase):
    def test_demo_reports_fill_ended_periods_with_a_mix_of_states(self):
        import datetime as dt

        from planwatch.monitoring.demo import add_demo_reports
        from planwatch.monitoring.models import ExecutionReport

        created = add_demo_reports(today=dt.date(2026, 1, 25))
        states = set(ExecutionReport.objects.values_list("state", flat=True))
        self.assertGreater(created, 10)
        self.assertIn("accepted", states)
        self.assertGreaterEqual(len(states), 2)
        self.assertFalse(ExecutionReport.objects.filter(expected__period_start__gte="2026-01-01"))
        self.assertEqual(add_demo_reports(today=dt.date(2026, 1, 25)), 0)
