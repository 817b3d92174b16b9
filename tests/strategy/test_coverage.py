import datetime as dt
import io

from openpyxl import load_workbook

from planwatch.strategy.crosswalk import confirm
from tests.support.strategy_base import (
    StrategyBaseTestCase,
    publish_linked,
    strategy_plan_dict,
)


class CoverageTestCase(StrategyBaseTestCase):
    def setUp(self):
        self.login(self.reviewer)  # reviewer of the district: sees both communities

    def get(self, **params):
        return self.client.get("/strategy/", {"org": self.district.pk, **params})

    def test_it_counts_each_organisations_measures_per_goal(self):
        matrix = self.get().context["matrix"]
        self.assertEqual(
            [c.name for c in matrix.columns][:2], [self.community.name, self.other_community.name]
        )
        by_number = {row.item.number: row for row in matrix.rows}
        self.assertEqual(by_number["1.1"].cells[0].measures, 2)
        self.assertEqual(by_number["1.1"].cells[1].measures, 0)

    def test_suggestions_are_not_coverage_until_confirmed(self):
        matrix = self.get().context["matrix"]
        row = next(r for r in matrix.rows if r.item.number == "2.2")
        self.assertEqual(row.suggested, 1)
        measure = self.own.current_revision.measures.order_by("position").last()
        confirm(measure, self.item("2.2"), self.coordinator)
        row = next(r for r in self.get().context["matrix"].rows if r.item.number == "2.2")
        self.assertEqual((row.cells[1].measures, row.suggested), (1, 0))

    def test_goals_no_plan_covers_are_listed_first(self):
        extra = self.item("2.2").parent
        from planwatch.strategy.models import Level, StrategyItem

        gap = StrategyItem.objects.create(
            document=self.document,
            parent=extra,
            level=Level.OPERATIONAL_GOAL,
            number="2.3",
            title="Ціль, якої не виконує жоден план",
            position=99,
        )
        response = self.get()
        self.assertEqual(response.context["matrix"].ordered()[0].item, gap)
        self.assertContains(response, "Ціль, якої не виконує жоден план")

    def test_it_exports_the_matrix_to_xlsx(self):
        response = self.client.get("/strategy/coverage.xlsx", {"org": self.district.pk})
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(response.content)).active
        header = [c.value for c in sheet[3]]
        self.assertIn(self.community.name, header)
        self.assertEqual(sheet.cell(row=4, column=1).value, "1.1")

    def test_an_outsider_cannot_see_another_districts_coverage(self):
        self.client.logout()
        self.login(self.outsider)
        self.assertEqual(self.get().status_code, 404)

    def test_its_query_count_does_not_grow_with_the_data(self):
        self.get()  # warm caches (content types, sessions)
        with self.assertNumQueries(13) as small:
            self.get()
        publish_linked(self.other_community, strategy_plan_dict("Ще план", copies=3))
        with self.assertNumQueries(len(small.captured_queries)):
            self.get()


class CoverageStatusTestCase(StrategyBaseTestCase):
    def test_cells_count_measures_by_their_reported_status_and_overdue(self):
        from unittest import mock

        from planwatch.strategy.coverage import coverage_matrix

        first, second = self.printed.current_revision.measures.order_by("position")[:2]
        statuses = {first.pk: "done", second.pk: "not_done"}
        with mock.patch("planwatch.strategy.coverage.measure_statuses", return_value=statuses):
            matrix = coverage_matrix(self.district, self.document, dt.date(2027, 6, 1))
        cell = next(r for r in matrix.rows if r.item.number == "1.1").cells[0]
        self.assertEqual((cell.measures, cell.done, cell.not_done, cell.overdue), (2, 1, 1, 1))

    def test_without_reports_every_measure_is_no_data(self):
        from planwatch.strategy.coverage import coverage_matrix

        matrix = coverage_matrix(self.district, self.document, dt.date(2025, 6, 1))
        cell = next(r for r in matrix.rows if r.item.number == "2.1").cells[0]
        self.assertEqual((cell.measures, cell.no_data, cell.overdue), (2, 2, 0))

    def test_the_summary_partial_for_roll_up_reports_names_the_gaps(self):
        from django.template import Context, Template

        html = Template("{% load strategy_tags %}{% strategy_coverage_summary org %}").render(
            Context({"org": self.other_community})
        )
        self.assertIn("0 з 4 цілей", html)
        self.assertIn("2.2. Реалізація права дитини", html)
