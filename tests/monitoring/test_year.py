"""A year of monitoring with the time machine: quarterly reports, the annual summary due by
10 January handed over (prepared, signed, registered), the year submitted up the chain,
returned with a comment, submitted again and accepted; a report edit in the accepted year
is refused, the district reopens it, and the edit goes through."""

from __future__ import annotations

import datetime as dt
import io
import json

import time_machine
from django.core.management import call_command

from planwatch.monitoring.models import (
    Approval,
    ApprovalState,
    DutyKind,
    ExecutionReport,
    ExpectedReport,
    Handover,
    HandoverState,
    Notification,
    NotificationKind,
    ReportState,
)
from planwatch.plan_reports.models import JobStatus, ReportFile
from tests.support.chain_base import PDF, ChainTestCase, upload
from tests.support.monitoring_base import KYIV


def at(y: int, m: int, d: int, hour: int = 10):
    return time_machine.travel(dt.datetime(y, m, d, hour, 0, tzinfo=KYIV), tick=False)


class MonitoringYearTestCase(ChainTestCase):
    def submit(self, user, expected_report, text: str, action: str = "submit") -> None:
        self.login(user)
        report = ExecutionReport.objects.filter(expected=expected_report).first()
        data = {"outcome": "done", "narrative": text, "action": action,
                "seen": report.version if report else ""}  # fmt: skip
        self.client.post(f"/monitoring/reports/{expected_report.pk}/", data)

    def accept_all(self, period: str) -> None:
        self.login(self.coordinator)
        for report in ExecutionReport.objects.filter(
            expected__plan=self.mplan, expected__period=period, state=ReportState.SUBMITTED
        ):
            self.client.post(
                f"/monitoring/reports/{report.expected_id}/review/",
                {"action": "accept", "comment": "", "version": report.version},
            )

    def chain(self, user, action: str, comment: str = "", period: str = "2025"):
        self.login(user)
        row = Approval.objects.filter(plan=self.mplan, period=period).first()
        data = {"action": action, "comment": comment, "version": row.version if row else ""}
        return self.client.post(self.approval_url(period), data, follow=True)

    def owed(self) -> dict:
        self.login(self.coordinator)
        response = self.client.get(f"/monitoring/plans/{self.mplan.pk}/?period=2025-Q4")
        return {(r.duty.pk, r.period.label): r for r in response.context["handover_owed"]}

    def test_a_year_of_monitoring(self):
        out = io.StringIO()
        call_command("duties", "--plan", str(self.mplan.pk), "--year", "2025", "--json", stdout=out)
        rows = json.loads(out.getvalue())
        self.assertIn((DutyKind.SUMMARY_TO_HEAD.value, "2025", "2026-01-10"),
                      {(r["kind"], r["period"], r["due"]) for r in rows})  # fmt: skip
        executor = [r["period"] for r in rows if r["kind"] == "executor_reports"]
        self.assertEqual(executor, ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"])

        # Quarterly reports, each handed in 10 days after the quarter and accepted.
        for quarter, (y, m, d) in enumerate([(2025, 4, 10), (2025, 7, 10), (2025, 10, 10),
                                             (2026, 1, 3)], start=1):  # fmt: skip
            period = f"2025-Q{quarter}"
            with at(y, m, d):
                for expected_report in ExpectedReport.objects.counted().filter(
                    plan=self.mplan, period=period
                ):
                    writer = (
                        self.co_executor
                        if expected_report.organization == self.center
                        else self.executor
                    )
                    if quarter == 4 and writer is self.co_executor:
                        self.submit(writer, expected_report, "Чернетка центру.", action="save")
                        continue  # the centre keeps its Q4 report as a draft
                    self.submit(writer, expected_report, f"Виконано у {period}.")
                self.accept_all(period)
            accepted = ExecutionReport.objects.filter(
                expected__plan=self.mplan, expected__period=period, state=ReportState.ACCEPTED
            )
            self.assertEqual(accepted.count(), 3 if quarter == 4 else 4, period)
        draft = ExecutionReport.objects.get(expected__organization=self.center,
                                            expected__period="2025-Q4")  # fmt: skip
        self.assertEqual(draft.state, ReportState.DRAFT)

        # 5 January: the annual summary is owed (due 10 January), not yet overdue.
        with at(2026, 1, 5):
            row = self.owed()[(self.annual.pk, "2025")]
            self.assertEqual(row.due, dt.date(2026, 1, 10))
            self.assertFalse(row.is_overdue)
            document = ReportFile.objects.create(
                plan=self.mplan, period="2025", format="docx", status=JobStatus.DONE
            )
            self.client.post(
                self.handovers_url(),
                {"duty": self.annual.pk, "period": "2025", "document": document.pk},
            )
            item = Handover.objects.get(duty=self.annual, period="2025")
            self.assertEqual((item.state, item.document), (HandoverState.PREPARED, document))
        with at(2026, 1, 8):
            url = f"/monitoring/plans/{self.mplan.pk}/handover/{item.pk}/"
            self.client.post(url, {"action": "sign", "version": item.version,
                                   "file": upload("Звіт 2025.pdf", PDF)})  # fmt: skip
            item.refresh_from_db()
            self.client.post(url, {"action": "register", "version": item.version,
                                   "outgoing_number": "01-12/34", "outgoing_date": "2026-01-08",
                                   "addressee": "Голова облдержадміністрації"})  # fmt: skip
            item.refresh_from_db()
            self.assertEqual(item.state, HandoverState.SENT)
            self.assertNotIn((self.annual.pk, "2025"), self.owed())  # handed over in time

        # The year goes up to the district: returned with a comment, submitted again, accepted.
        with at(2026, 1, 9):
            self.chain(self.coordinator, "submit")
            self.assertEqual(Approval.objects.get(period="2025").state, ApprovalState.SUBMITTED)
        with at(2026, 1, 12):
            response = self.chain(self.district_coordinator, "return")
            self.assertContains(response, "коментар обов’язковий", status_code=400)
            self.chain(self.district_coordinator, "return", "Бракує даних IV кварталу.")
            self.assertEqual(Approval.objects.get(period="2025").state, ApprovalState.RETURNED)
        with at(2026, 1, 13):
            self.chain(self.coordinator, "submit")
        with at(2026, 1, 14):
            self.chain(self.district_coordinator, "accept")
            self.assertEqual(Approval.objects.get(period="2025").state, ApprovalState.ACCEPTED)

        # A report inside the accepted year cannot change.
        q4 = ExpectedReport.objects.get(organization=self.center, period="2025-Q4")
        with at(2026, 1, 20):
            self.login(self.co_executor)
            response = self.client.post(
                f"/monitoring/reports/{q4.pk}/",
                {
                    "outcome": "done",
                    "narrative": "Пізно.",
                    "action": "submit",
                    "seen": draft.version,
                },  # fmt: skip
                follow=True,
            )
            self.assertContains(response, "заблоковано")
            draft.refresh_from_db()
            self.assertEqual(
                (draft.state, draft.narrative), (ReportState.DRAFT, "Чернетка центру.")
            )

        # The district reopens it with a reason; the centre hands its report in.
        with at(2026, 2, 2):
            self.chain(self.district_coordinator, "reopen", "Центр має подати звіт за IV квартал.")
            self.assertEqual(Approval.objects.get(period="2025").state, ApprovalState.REOPENED)
            self.submit(self.co_executor, q4, "Виконано у 2025-Q4.")
            draft.refresh_from_db()
            self.assertEqual(draft.state, ReportState.SUBMITTED)

        def texts(user):
            rows = Notification.objects.filter(user=user, kind=NotificationKind.APPROVAL)
            return [n.text for n in rows.order_by("created_at", "id")]

        self.assertEqual(len(texts(self.district_coordinator)), 2)  # two submissions
        self.assertEqual(len(texts(self.coordinator)), 3)  # returned, accepted, reopened
        self.assertIn("Бракує даних IV кварталу.", texts(self.coordinator)[0])
