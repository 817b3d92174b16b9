"""The report dataset: figures agree with the database, texts are attributed, queries fixed."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from planwatch.monitoring.models import ExpectedReport, ReportState
from planwatch.monitoring.models.reports import RECEIVED_STATES
from planwatch.monitoring.periods import ReportPeriod
from planwatch.plan_reports.dataset import build_dataset, plan_columns
from planwatch.plans.models import Plan
from tests.plan_reports.base import TODAY, ReportsTestCase
from tests.support.factory import make_plan
from tests.support.monitoring_base import make_report, monitored_plan_dict


def q3() -> ReportPeriod:
    return ReportPeriod.parse("2025-Q3", TODAY)


class DatasetTestCase(ReportsTestCase):
    def dataset(self, plan=None, period=None):
        return build_dataset(plan or self.mplan, period or q3(), TODAY)

    def test_it_counts_measures_by_status_from_accepted_reports_only(self):
        counts = {s.key: s.count for s in self.dataset().summary.statuses}
        self.assertEqual(counts["in_progress"], 1)  # done + in progress → in progress
        self.assertEqual(counts["not_done"], 1)
        self.assertEqual(counts["no_data"], 1)  # measure 3: only submitted
        self.assertEqual(counts["done"], 0)
        self.assertEqual(sum(counts.values()), len(self.measures()))

    def test_completeness_matches_the_database(self):
        expected_reports = ExpectedReport.objects.counted().filter(
            plan=self.mplan, period="2025-Q3"
        )
        received = expected_reports.filter(report__state__in=RECEIVED_STATES).count()
        totals = self.dataset().summary.totals
        self.assertEqual(totals.expected, expected_reports.count())
        self.assertEqual(totals.received, received)
        self.assertEqual(totals.completeness, round(100 * received / expected_reports.count()))
        self.assertEqual(
            totals.accepted, expected_reports.filter(report__state=ReportState.ACCEPTED).count()
        )

    def test_each_executor_text_is_attributed_to_its_organisation(self):
        first = self.dataset().measures[0]
        self.assertEqual(
            [(n.org, n.narrative) for n in first.notes],
            [
                ("Служба у справах дітей", "Службою проведено 4 засідання."),
                ("Центр соціальних служб", "Центр провів тренінг для 12 сімей."),
            ],
        )
        self.assertEqual(first.values, ["охоплення 100 % сімей: 85 % (Служба у справах дітей)"])

    def test_a_submitted_report_is_not_in_the_document(self):
        third = self.dataset().measures[2]
        self.assertEqual(third.notes, [])
        self.assertEqual(third.status, "no_data")

    def test_a_year_report_shows_each_distinct_text_once_with_its_period(self):
        make_report(
            self._expected_report(1, self.service, "2025-Q4"),
            ReportState.ACCEPTED,
            narrative="Службою проведено 4 засідання.",
        )
        year = self.dataset(period=ReportPeriod.parse("2025", TODAY))
        note = year.measures[0].notes[0]
        self.assertEqual(note.narrative, "Службою проведено 4 засідання.")
        self.assertIn("IV", note.period_title)

    def test_a_quarter_report_leaves_out_other_quarters(self):
        make_report(
            self._expected_report(2, self.service, "2025-Q2"), ReportState.ACCEPTED, narrative="Q2"
        )
        notes = self.dataset().measures[1].notes
        self.assertEqual([n.narrative for n in notes], ["Не виконано."])

    def test_overdue_measures_are_listed(self):
        # measure 2 ended 2025-12-31 and is "not done": overdue in the year report
        year = self.dataset(period=ReportPeriod.parse("2025", TODAY))
        self.assertEqual([m.number for m in year.summary.overdue_measures], ["2)"])
        self.assertEqual(self.dataset().summary.overdue_measures, [])

    def test_the_plan_columns_keep_the_plan_order_and_words(self):
        cols = plan_columns(
            [
                "№ з/п",
                "Найменування завдання",
                "Найменування заходу",
                "Термін виконання",
                "Джерела фінансуван- ня",
                "Виконавці",
            ]
        )
        self.assertEqual(
            [c.key for c in cols],
            ["number", "measure", "deadline", "funding", "executors", "done", "status"],
        )
        self.assertEqual(cols[3].title, "Джерела фінансування")

    def test_heading_rows_come_before_their_measures(self):
        rows = self.dataset().rows
        self.assertTrue(rows[0].is_heading)
        self.assertEqual(rows[0].title, "Ціль перша")
        self.assertFalse(rows[2].is_heading)

    def test_bad_periods_are_refused(self):
        for label in ("2025-Q5", "25", "last", ""):
            self.assertIsNone(ReportPeriod.parse(label, TODAY))
        self.assertEqual(ReportPeriod.parse("all", TODAY, 2024).start.year, 2024)


class DatasetQueryCountTestCase(ReportsTestCase):
    def queries(self, plan) -> int:
        with CaptureQueriesContext(connection) as ctx:
            build_dataset(plan, ReportPeriod.parse("2025", TODAY), TODAY)
        return len(ctx.captured_queries)

    def test_the_query_count_does_not_grow_with_the_plan(self):
        big = make_plan(self.community, doc=monitored_plan_dict(extra=40), user=self.coordinator)
        for expected_report in ExpectedReport.objects.filter(plan=big, period="2025-Q3"):
            make_report(expected_report, ReportState.ACCEPTED)
        related = Plan.objects.select_related("owner", "current_revision")
        big, mplan = related.get(pk=big.pk), related.get(pk=self.mplan.pk)
        small = self.queries(mplan)
        with self.assertNumQueries(small):
            build_dataset(big, ReportPeriod.parse("2025", TODAY), TODAY)
        self.assertLessEqual(small, 11)  # + indicators, their values, funding, spending


class ColumnWidthsTestCase(ReportsTestCase):
    """Columns share the page by what they hold, within ¾ and twice their default."""

    def columns(self):
        from planwatch.plan_reports.dataset import MeasureRow, fit_widths

        return fit_widths, MeasureRow, plan_columns(["№", "Захід", "Строк", "Виконавці"])

    def test_long_reports_widen_the_done_column_and_fixed_columns_keep_their_width(self):
        from planwatch.plan_reports.dataset import WIDTHS, Note

        fit_widths, MeasureRow, columns = self.columns()
        note = Note("Служба у справах дітей", "III квартал 2025", "Виконано", "текст " * 300)
        rows = [
            MeasureRow(i, f"{i}.", "Короткий захід", {"deadline": "2025 рік"}, notes=[note] * 3)
            for i in range(10)
        ]
        fit_widths(columns, rows)
        width = {c.key: c.width for c in columns}
        self.assertGreater(width["done"], WIDTHS["done"])
        self.assertEqual(
            (width["number"], width["deadline"]), (WIDTHS["number"], WIDTHS["deadline"])
        )
        for c in columns:
            self.assertGreaterEqual(c.width, round(WIDTHS[c.key] * 0.75), c.key)  # or its word
            self.assertLessEqual(c.width, WIDTHS[c.key] * 2, c.key)

    def test_with_nothing_reported_the_plan_columns_keep_their_room(self):
        from planwatch.plan_reports.dataset import WIDTHS

        fit_widths, MeasureRow, columns = self.columns()
        rows = [
            MeasureRow(i, f"{i}.", "Захід " * 40, {"executors": "Служба " * 8}) for i in range(5)
        ]
        fit_widths(columns, rows)
        width = {c.key: c.width for c in columns}
        self.assertLess(width["done"], WIDTHS["done"])
        self.assertGreater(width["measure"], WIDTHS["measure"])
