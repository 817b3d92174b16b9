"""Approval up the chain: the community submits a period, only the district above decides;
an accepted period locks the plan's reports until the district reopens it."""

from __future__ import annotations

import datetime as dt

import time_machine

from planwatch.monitoring.models import (
    Approval,
    ApprovalEvent,
    ApprovalState,
    ExecutionReport,
    ExpectedReport,
    Notification,
    NotificationKind,
    Outcome,
    ReportState,
)
from tests.support.chain_base import ChainTestCase
from tests.support.factory import make_plan
from tests.support.monitoring_base import KYIV, make_report

NOW = dt.datetime(2025, 10, 12, 9, 0, tzinfo=KYIV)
LOCKED = "заблоковано"


@time_machine.travel(NOW, tick=False)
class ApprovalTestCase(ChainTestCase):
    def act(self, user, action: str, comment: str = "", period: str = "2025-Q3", plan=None):
        self.login(user)
        current = Approval.objects.filter(plan=plan or self.mplan, period=period).first()
        data = {"action": action, "comment": comment, "version": current.version if current else ""}
        return self.client.post(self.approval_url(period, plan), data)

    def state(self, period: str = "2025-Q3") -> str | None:
        row = Approval.objects.filter(plan=self.mplan, period=period).first()
        return row.state if row else None

    def notified(self, user) -> list[str]:
        rows = Notification.objects.filter(user=user, kind=NotificationKind.APPROVAL)
        return [n.text for n in rows]

    def test_a_period_goes_up_comes_back_with_a_comment_and_is_accepted(self):
        self.assertEqual(self.act(self.coordinator, "submit").status_code, 302)
        approval = Approval.objects.get(plan=self.mplan, period="2025-Q3")
        self.assertEqual(
            (approval.state, approval.parent), (ApprovalState.SUBMITTED, self.district)
        )
        self.assertEqual(len(self.notified(self.district_coordinator)), 1)
        self.assertIn("подає на погодження", self.notified(self.district_coordinator)[0])
        self.assertEqual(self.notified(self.coordinator), [])  # never the actor
        self.assertEqual(self.notified(self.oblast_coordinator), [])  # not the next level up

        refused = self.act(self.district_coordinator, "return", comment="  ")
        self.assertEqual(refused.status_code, 400)
        self.assertContains(refused, "коментар обов’язковий", status_code=400)
        self.assertEqual(self.state(), ApprovalState.SUBMITTED)
        self.act(self.district_coordinator, "return", comment="Додайте дані про охоплення.")
        self.assertEqual(self.state(), ApprovalState.RETURNED)
        self.assertIn("Додайте дані про охоплення.", self.notified(self.coordinator)[0])

        self.act(self.coordinator, "submit")
        self.act(self.district_coordinator, "accept")
        self.assertEqual(self.state(), ApprovalState.ACCEPTED)
        actions = list(ApprovalEvent.objects.filter(approval__plan=self.mplan).values_list(
            "action", "user__username"))  # fmt: skip
        self.assertEqual(
            actions,
            [
                ("submitted", "coordinator"),
                ("returned", "district-coordinator"),
                ("submitted", "coordinator"),
                ("accepted", "district-coordinator"),
            ],
        )
        page = self.client.get(self.approval_url())
        self.assertContains(page, "Прийнято вищим рівнем")
        self.assertContains(page, "Додайте дані про охоплення.")

    def test_an_accepted_period_locks_its_reports_until_it_is_reopened(self):
        draft = make_report(self.expected_report(1), state=ReportState.DRAFT)
        accepted = make_report(
            self.expected_report(2), state=ReportState.ACCEPTED, outcome=Outcome.DONE
        )
        self.act(self.coordinator, "submit")
        self.act(self.district_coordinator, "accept")
        self.login(self.executor)
        data = {"outcome": "done", "narrative": "Змінено.", "action": "save", "seen": draft.version}
        response = self.client.post(
            f"/monitoring/reports/{self.expected_report(1).pk}/", data, follow=True
        )
        self.assertContains(response, LOCKED)
        draft.refresh_from_db()
        self.assertEqual(draft.narrative, "Проведено навчання для фахівців.")
        page = self.client.get(f"/monitoring/reports/{self.expected_report(1).pk}/")
        self.assertNotContains(page, 'name="narrative"')
        self.assertContains(page, LOCKED)
        # the "my measures" page and a coordinator's reopening of one report are refused too
        cards = self.client.post("/monitoring/", {
            f"r{self.expected_report(1).pk}-outcome": "done", f"r{self.expected_report(1).pk}-narrative": "Ще раз.",
            "action": "save"}, follow=True)  # fmt: skip
        draft.refresh_from_db()
        self.assertEqual(draft.narrative, "Проведено навчання для фахівців.")
        self.login(self.coordinator)
        response = self.client.post(
            f"/monitoring/reports/{self.expected_report(2).pk}/review/",
            {"action": "reopen", "comment": "Помилка", "version": accepted.version},
            follow=True,
        )
        self.assertContains(response, LOCKED)
        accepted.refresh_from_db()
        self.assertEqual(accepted.state, ReportState.ACCEPTED)

        refused = self.act(self.district_coordinator, "reopen", comment="")
        self.assertEqual(refused.status_code, 400)
        self.act(self.district_coordinator, "reopen", comment="Уточнити кількість сімей.")
        self.assertEqual(self.state(), ApprovalState.REOPENED)
        self.login(self.executor)
        self.client.post(f"/monitoring/reports/{self.expected_report(1).pk}/", data)
        draft.refresh_from_db()
        self.assertEqual(draft.narrative, "Змінено.")
        self.assertIn("Уточнити кількість сімей.", self.notified(self.coordinator)[0])
        self.assertIsNotNone(cards)

    def test_other_periods_and_other_plans_stay_open(self):
        self.act(self.coordinator, "submit")
        self.act(self.district_coordinator, "accept")
        other = make_report(self.expected_report(1, period="2025-Q4"))
        self.login(self.executor)
        data = {"outcome": "done", "narrative": "Q4.", "action": "save", "seen": other.version}
        self.client.post(
            f"/monitoring/reports/{self.expected_report(1, period='2025-Q4').pk}/", data
        )
        other.refresh_from_db()
        self.assertEqual(other.narrative, "Q4.")

    def test_a_period_is_submitted_only_when_it_ended_and_nothing_waits_for_review(self):
        self.login(self.coordinator)
        early = {"action": "submit", "version": ""}
        response = self.client.post(self.approval_url("2025-Q4"), early, follow=True)
        self.assertContains(response, "Період ще не закінчився")
        self.assertIsNone(self.state("2025-Q4"))
        submitted = make_report(self.expected_report(1), state=ReportState.SUBMITTED)
        response = self.client.post(
            self.approval_url(), {"action": "submit", "version": ""}, follow=True
        )
        self.assertContains(response, "чекає на ваш розгляд")
        self.assertIsNone(self.state())
        submitted.accept(self.coordinator)
        self.act(self.coordinator, "submit")
        self.assertEqual(self.state(), ApprovalState.SUBMITTED)

    def test_only_the_direct_upper_body_decides(self):
        self.act(self.coordinator, "submit")
        for user in (self.oblast_coordinator, self.reviewer, self.coordinator):
            with self.subTest(user=user.username):
                self.assertEqual(self.act(user, "accept").status_code, 403)
        self.assertEqual(self.act(self.district_coordinator, "submit").status_code, 403)
        self.assertEqual(self.state(), ApprovalState.SUBMITTED)

    def test_a_neighbouring_community_and_executors_see_and_do_nothing(self):
        self.act(self.coordinator, "submit")
        for user in (self.outsider, self.executor, self.other_executor):
            self.login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(self.approval_url()).status_code, 404)
                for action in ("accept", "return", "reopen", "submit"):
                    forged = {"action": action, "comment": "x", "version": ""}
                    response = self.client.post(self.approval_url(), forged)
                    self.assertEqual(response.status_code, 404)
        self.login(self.outsider)
        self.assertNotContains(self.client.get("/monitoring/approvals/"), self.mplan.title)
        self.assertEqual(self.state(), ApprovalState.SUBMITTED)

    def test_a_community_coordinator_cannot_decide_for_a_neighbour_by_its_plan_id(self):
        bplan = make_plan(self.other_community, measures=2, title="План Бетівської громади")
        self.login(self.coordinator)
        for action in ("submit", "accept"):
            response = self.client.post(
                self.approval_url(plan=bplan), {"action": action, "version": ""}
            )
            self.assertEqual(response.status_code, 404)
        self.assertFalse(Approval.objects.filter(plan=bplan).exists())

    def test_the_upper_body_sees_what_waits_and_the_roll_up_shows_each_state(self):
        self.act(self.coordinator, "submit")
        self.login(self.district_coordinator)
        inbox = self.client.get("/monitoring/approvals/")
        self.assertContains(inbox, self.approval_url().replace("&", "&amp;"))
        rollup = self.client.get(f"/rollup/{self.district.pk}/?period=2025-Q3")
        rows = {p.id: a for _c, p, a in rollup.context["approval_rows"]}
        self.assertEqual(rows[self.mplan.pk].state, ApprovalState.SUBMITTED)
        self.assertIsNone(rows[self.plan.pk])
        self.assertContains(rollup, "Подано на вищий рівень")
        self.assertContains(rollup, "Не подано")
        self.login(self.coordinator)
        dashboard = self.client.get(f"/monitoring/plans/{self.mplan.pk}/?period=2025-Q3")
        self.assertContains(dashboard, "Подано на вищий рівень")

    def test_a_district_plan_goes_to_the_oblast(self):
        dplan = make_plan(self.district, measures=2, title="План району")
        district_expected_report = ExpectedReport.objects.filter(
            plan=dplan, period="2025-Q3"
        ).first()
        self.assertIsNotNone(district_expected_report)
        self.assertEqual(self.act(self.district_coordinator, "submit", plan=dplan).status_code, 302)
        self.assertEqual(Approval.objects.get(plan=dplan).parent, self.oblast)
        self.assertEqual(self.act(self.district_coordinator, "accept", plan=dplan).status_code, 403)
        self.act(self.oblast_coordinator, "accept", plan=dplan)
        self.assertEqual(Approval.objects.get(plan=dplan).state, ApprovalState.ACCEPTED)
        self.assertFalse(ExecutionReport.objects.filter(expected__plan=dplan).exists())
