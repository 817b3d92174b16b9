"""The upper plan's report and the roll-up carry, under each upper measure, what the
confirmed linked lower measures reported (issue 17 item 4): accepted reports only, with a
constant number of queries whatever the number of links."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from planwatch.monitoring.models import ExpectedReport, Outcome, ReportState, Spending
from planwatch.monitoring.periods import ReportPeriod
from planwatch.orgs.models import OrgKind, Role
from planwatch.plan_reports.dataset import build_dataset
from planwatch.plan_reports.render import build_and_render, render
from planwatch.plans.models import LinkState, MeasureLink
from planwatch.rollup.data import add_linked, build_rollup
from planwatch.rollup.documents import render as rollup_render
from planwatch.strategy import plan_links
from tests.plan_reports.test_pdf import page_texts
from tests.strategy.test_linked_plans import (
    DISTRICT_SERVICE,
    DISTRICT_TEXTS,
    OBLAST_TEXTS,
    plan_doc,
)
from tests.support.chain_base import ChainTestCase
from tests.support.factory import make_org, make_plan, make_user
from tests.support.monitoring_base import make_report

TODAY = dt.date(2026, 1, 20)
DISTRICT_DONE = "Навчено 40 фахівців району з питань захисту прав дитини."
COMMUNITY_DONE = "Громада створила дві прийомні сім'ї."
SUBMITTED_ONLY = "Звіт ще на перевірці в районі."
NOT_CONFIRMED = "Архів відремонтовано, але зв'язок лише запропоновано."


def docx_text(data: bytes) -> str:
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    return " ".join(re.sub(r"<[^>]+>", " ", xml.replace("</w:p>", "\n")).split())


def xlsx_text(data: bytes) -> str:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = (c for s in book.worksheets for row in s.iter_rows(values_only=True) for c in row)
    return " ".join(" ".join(str(c) for c in cells if c is not None).split())


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page_texts(data)).split())


class LinkedReportsTestCase(ChainTestCase):
    """Oblast plan (3 measures); the district plan links its measure 1 → oblast 2 and 2 →
    oblast 1 (confirmed), 3 → oblast 3 only suggested; the community plan (`mplan`) links
    its measure 1 → oblast 2 (confirmed)."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.district_service = make_org(DISTRICT_SERVICE, OrgKind.DEPARTMENT, cls.district)
        make_user("district-executor", cls.district_service, Role.EXECUTOR)
        cls.oblast_plan = make_plan(
            cls.oblast,
            doc=plan_doc(OBLAST_TEXTS, "Служба у справах дітей ОДА", "Обласний план"),
            user=cls.oblast_coordinator,
        )
        cls.district_plan = make_plan(
            cls.district,
            doc=plan_doc(DISTRICT_TEXTS, DISTRICT_SERVICE, "Районний план"),
            user=cls.district_coordinator,
        )
        upper = cls.measures_of(cls.oblast_plan)
        lower = cls.measures_of(cls.district_plan)
        link = plan_links.link_plan(cls.district_plan, cls.oblast_plan, cls.district_coordinator)
        plan_links.decide(
            link, {lower[0].pk: upper[1].pk, lower[1].pk: upper[0].pk}, cls.district_coordinator
        )
        MeasureLink.objects.filter(lower=lower[2]).update(upper=upper[2], state=LinkState.SUGGESTED)
        community = cls.measures_of(cls.mplan)
        link = plan_links.link_plan(cls.mplan, cls.oblast_plan, cls.coordinator)
        plan_links.decide(link, {community[0].pk: upper[1].pk}, cls.coordinator)
        cls.accepted(lower[0], DISTRICT_DONE, Outcome.DONE)
        cls.report(lower[1], ReportState.SUBMITTED, SUBMITTED_ONLY)
        cls.accepted(lower[2], NOT_CONFIRMED, Outcome.DONE)
        expected_report = cls.expected_report(community[0], cls.service)
        report = make_report(
            expected_report,
            ReportState.ACCEPTED,
            Outcome.IN_PROGRESS,
            narrative=COMMUNITY_DONE,
            values=[{"target": 2, "unit": "сімей", "text": "прийомних сімей", "value": 2}],
        )
        Spending.objects.create(report=report, source="local_budget", amount=Decimal("12.5"))

    @staticmethod
    def measures_of(plan):
        return list(plan.current_revision.measures.order_by("position"))

    @staticmethod
    def expected_report(measure, org=None):
        expected_reports = ExpectedReport.objects.filter(measure=measure, period="2025-Q3")
        return (
            (expected_reports.filter(organization=org) if org else expected_reports)
            .order_by("pk")
            .first()
        )

    @classmethod
    def report(cls, measure, state, narrative, outcome=Outcome.IN_PROGRESS):
        return make_report(cls.expected_report(measure), state, outcome, narrative=narrative)

    @classmethod
    def accepted(cls, measure, narrative, outcome):
        return cls.report(measure, ReportState.ACCEPTED, narrative, outcome)

    def dataset(self, linked=True):
        period = ReportPeriod.parse("2025-Q3", TODAY)
        return build_dataset(self.oblast_plan, period, TODAY, linked=linked)

    def test_each_upper_measure_carries_its_confirmed_lower_measures_accepted_reports(self):
        first, second, third = self.dataset().measures
        lower = self.measures_of(self.district_plan)
        self.assertEqual(
            [lm.org for lm in second.linked], [self.community.name, self.district.name]
        )
        community, district = second.linked
        self.assertEqual((district.number, district.text), (lower[0].number, lower[0].text))
        self.assertEqual([n.narrative for n in district.notes], [DISTRICT_DONE])
        (note,) = community.notes
        self.assertEqual(note.narrative, COMMUNITY_DONE)
        self.assertEqual(note.figures, ["прийомних сімей: 2 сімей"])
        self.assertEqual(note.spent, Decimal("12.5"))
        # oblast 1: the district's measure 2 is linked but its report is only submitted
        (only,) = first.linked
        self.assertEqual((only.number, only.notes), (lower[1].number, []))
        self.assertEqual(third.linked, [])  # the district's measure 3 is only suggested

    def test_the_three_formats_show_them_under_the_right_measure_in_ukrainian(self):
        dataset = self.dataset()
        for fmt, read in (("docx", docx_text), ("pdf", pdf_text), ("xlsx", xlsx_text)):
            with self.subTest(fmt):
                text = read(render(dataset, fmt))
                heading = "Пов’язані заходи нижчих планів" if fmt == "xlsx" else "Що звітували"
                self.assertIn(heading, text)
                self.assertIn(DISTRICT_DONE, text)
                self.assertIn(COMMUNITY_DONE, text)
                self.assertIn("витрачено 12,5 тис. грн", text)
                self.assertIn("прийнятого звіту за період немає", text)
                self.assertNotIn(SUBMITTED_ONLY, text)
                self.assertNotIn(NOT_CONFIRMED, text)
                if fmt != "xlsx":  # the table: oblast measure 2, its lower reports, measure 3
                    at = text.index(OBLAST_TEXTS[1][:40])
                    self.assertLess(at, text.index(DISTRICT_DONE))
                    self.assertLess(text.index(DISTRICT_DONE), text.index(OBLAST_TEXTS[2][:40]))

    def test_the_document_made_for_people_has_them_the_public_dataset_does_not(self):
        period = ReportPeriod.parse("2025-Q3", TODAY)
        made = docx_text(build_and_render(self.oblast_plan, period, TODAY, "docx"))
        self.assertIn(DISTRICT_DONE, made)
        self.assertTrue(all(not m.linked for m in self.dataset(linked=False).measures))

    def count(self, fn) -> int:
        with CaptureQueriesContext(connection) as queries:
            fn()
        return len(queries)

    def test_the_query_count_does_not_grow_with_the_links(self):
        period = ReportPeriod.parse("2025", TODAY)
        plain = self.count(lambda: build_dataset(self.oblast_plan, period, TODAY))
        before = self.count(lambda: build_dataset(self.oblast_plan, period, TODAY, linked=True))
        self.assertEqual(before, plain + 4)
        rollup = build_rollup(self.oblast, period, TODAY)
        rollup_before = self.count(lambda: add_linked(rollup))
        upper = self.measures_of(self.oblast_plan)
        for i in range(3):  # three more lower plans, each linked and reported on
            plan = make_plan(self.other_community, doc=plan_doc(DISTRICT_TEXTS, "Служба", f"П{i}"))
            link = plan_links.link_plan(plan, self.oblast_plan, self.coordinator)
            lower = self.measures_of(plan)
            plan_links.decide(link, {m.pk: upper[0].pk for m in lower}, self.coordinator)
            for m in lower:
                self.accepted(m, f"Звіт плану {i}", Outcome.DONE)
        dataset = build_dataset(self.oblast_plan, period, TODAY, linked=True)
        self.assertEqual(len(dataset.measures[0].linked), 1 + 9)
        after = self.count(lambda: build_dataset(self.oblast_plan, period, TODAY, linked=True))
        self.assertEqual(after, before)
        self.assertEqual(self.count(lambda: add_linked(rollup)), rollup_before)
        self.assertEqual(len(rollup.linked[0].lower), 1 + 9)

    def test_the_roll_up_documents_have_the_section(self):
        period = ReportPeriod.parse("2025-Q3", TODAY)
        data = add_linked(build_rollup(self.oblast, period, TODAY))
        for fmt, read in (("docx", docx_text), ("pdf", pdf_text), ("xlsx", xlsx_text)):
            with self.subTest(fmt):
                text = read(rollup_render(data, fmt))
                self.assertIn("Пов’язаний захід нижчого плану", text)
                if fmt != "xlsx":
                    self.assertIn("7. Пов’язані заходи нижчих планів: що звітували", text)
                self.assertIn(DISTRICT_DONE, text)
                self.assertIn(COMMUNITY_DONE, text)
                self.assertNotIn(SUBMITTED_ONLY, text)
                self.assertNotIn(NOT_CONFIRMED, text)

    def test_the_roll_up_download_carries_them_to_its_monitors_only(self):
        self.login(self.oblast_coordinator)
        url = f"/rollup/{self.oblast.pk}/report.docx?period=2025-Q3"
        self.assertIn(DISTRICT_DONE, docx_text(self.client.get(url).content))
        self.login(self.district_coordinator)  # not a monitor of the oblast
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_year_shortens_each_text_and_keeps_the_later_one(self):
        lower = self.measures_of(self.district_plan)
        expected_report = ExpectedReport.objects.filter(measure=lower[0], period="2025-Q2").first()
        long = "Проведено виїзні навчання для фахівців громад. " * 20
        make_report(expected_report, ReportState.ACCEPTED, Outcome.IN_PROGRESS, narrative=long)
        period = ReportPeriod.parse("2025", TODAY)
        second = build_dataset(self.oblast_plan, period, TODAY, linked=True).measures[1]
        (note,) = second.linked[1].notes
        self.assertEqual(note.outcome_label, "Виконано")  # the latest report's
        self.assertIn("III квартал 2025", note.period_title)
        self.assertIn(f"III квартал 2025: {DISTRICT_DONE}", note.narrative)
        self.assertIn("II квартал 2025: Проведено виїзні навчання", note.narrative)
        self.assertLess(len(note.narrative), 360)
        self.assertIn("…", note.narrative)
