"""The API's hand-overs and approvals: the pages' rules, the pages' messages."""

from __future__ import annotations

import hashlib

from django.db import connection
from django.test.utils import CaptureQueriesContext

from planwatch.monitoring.models import Approval, ApprovalState, Handover, ReportState
from tests.api.base import ApiTestCase
from tests.support.chain_base import P7S, PDF, ChainTestCase, upload
from tests.support.factory import make_plan
from tests.support.monitoring_base import make_report


class ApiChainTestCase(ApiTestCase, ChainTestCase):
    """Today is 12.10.2025: 2025-Q3 has ended."""

    def submit(self, user=None, period="2025-Q3", **extra):
        body = {"plan": self.mplan.pk, "period": period, **extra}
        return self.api(user or self.coordinator).post("/api/v1/approvals/", body, format="json")

    def review(self, user, pk, action, comment="", **extra):
        body = {"action": action, "comment": comment, **extra}
        return self.api(user).post(f"/api/v1/approvals/{pk}/review/", body, format="json")

    def test_a_period_goes_up_is_returned_and_accepted_through_the_api(self):
        response = self.submit()
        self.assertEqual(response.status_code, 200, response.content)
        data = response.json()
        self.assertEqual((data["state"], data["upper"]["id"]), ("submitted", self.district.pk))
        pk, version = data["id"], data["version"]
        no_reason = self.review(self.district_coordinator, pk, "return")
        self.assertEqual(no_reason.status_code, 400)
        returned = self.review(self.district_coordinator, pk, "return", "Додайте акт.")
        self.assertEqual(returned.json()["state"], "returned")
        stale = self.submit(version=version)  # the version read before the return
        self.assertEqual(stale.status_code, 409)
        self.assertIn("нічого не змінено", stale.json()["detail"])
        self.assertEqual(self.submit(version=returned.json()["version"]).status_code, 200)
        accepted = self.review(self.district_coordinator, pk, "accept")
        self.assertEqual(accepted.json()["state"], "accepted")
        self.assertEqual(
            [e["action"] for e in accepted.json()["events"]],
            ["submitted", "returned", "submitted", "accepted"],
        )

    def test_an_accepted_period_refuses_report_writes_with_a_ukrainian_409(self):
        draft = make_report(self.expected_report(1))
        pk = self.submit().json()["id"]
        self.review(self.district_coordinator, pk, "accept")
        body = {"outcome": "done", "narrative": "Змінено.", "version": str(draft.version)}
        response = self.api(self.executor).put(
            f"/api/v1/reports/{self.expected_report(1).pk}/", body, format="json"
        )
        self.assertEqual(response.status_code, 409)
        self.assertIn("заблоковано", response.json()["detail"])
        draft.refresh_from_db()
        self.assertNotEqual(draft.narrative, "Змінено.")

    def test_only_the_direct_upper_body_decides_and_neighbours_see_nothing(self):
        pk = self.submit().json()["id"]
        for user in (self.oblast_coordinator, self.reviewer, self.coordinator):
            with self.subTest(user=user.username):
                self.assertEqual(self.review(user, pk, "accept").status_code, 403)
        for user in (self.outsider, self.executor, self.other_executor):
            with self.subTest(user=user.username):
                self.assertEqual(self.review(user, pk, "accept").status_code, 404)
                self.assertEqual(self.api(user).get(f"/api/v1/approvals/{pk}/").status_code, 404)
                self.assertEqual(self.get_json("/api/v1/approvals/", user)["results"], [])
                self.assertEqual(self.submit(user).status_code, 404)
        self.assertEqual(self.submit(self.district_coordinator).status_code, 403)
        self.assertEqual(self.api().get("/api/v1/approvals/").status_code, 401)
        self.assertEqual(Approval.objects.get(pk=pk).state, ApprovalState.SUBMITTED)
        waiting = self.get_json("/api/v1/approvals/?awaiting=true", self.district_coordinator)
        self.assertEqual([r["id"] for r in waiting["results"]], [pk])
        mine = self.get_json("/api/v1/approvals/?awaiting=true", self.oblast_coordinator)
        self.assertEqual(mine["results"], [])

    def test_a_submission_waits_for_the_reports_under_review(self):
        make_report(self.expected_report(1), state=ReportState.SUBMITTED)
        response = self.submit()
        self.assertEqual(response.status_code, 409)
        self.assertIn("чекає на ваш розгляд", response.json()["detail"])

    def test_a_summary_is_handed_over_through_the_api(self):
        body = {"plan": self.mplan.pk, "duty": self.quarterly.pk, "period": "2025-Q3"}
        created = self.api(self.coordinator).post("/api/v1/handovers/", body, format="json")
        self.assertEqual(created.status_code, 201, created.content)
        pk = created.json()["id"]
        bad = self.api(self.coordinator).post(
            f"/api/v1/handovers/{pk}/sign/", {"file": upload("zvit.p7s", PDF)}, format="multipart"
        )
        self.assertEqual(bad.status_code, 400)
        self.assertIn("не є підписаним документом", bad.json()["file"][0])
        signed = self.api(self.coordinator).post(
            f"/api/v1/handovers/{pk}/sign/", {"file": upload("zvit.p7s", P7S)}, format="multipart"
        )
        self.assertEqual(signed.status_code, 200, signed.content)
        self.assertEqual(signed.json()["signed"]["sha256"], hashlib.sha256(P7S).hexdigest())
        body = {"outgoing_number": "12/3", "outgoing_date": "2025-10-12", "addressee": "Голова"}
        sent = self.api(self.coordinator).post(
            f"/api/v1/handovers/{pk}/register/", body, format="json"
        )
        self.assertEqual(sent.json()["state"], "sent")
        self.assertEqual(
            [e["action"] for e in sent.json()["events"]], ["prepared", "signed", "sent"]
        )
        again = self.api(self.coordinator).post(
            f"/api/v1/handovers/{pk}/register/", body, format="json"
        )
        self.assertEqual(again.status_code, 409)
        for user, status in ((self.district_coordinator, 403), (self.outsider, 404),
                             (self.executor, 404)):  # fmt: skip
            with self.subTest(user=user.username):
                response = self.api(user).post(
                    f"/api/v1/handovers/{pk}/register/", body, format="json"
                )
                self.assertEqual(response.status_code, status)
        forged = {"plan": self.plan.pk, "duty": self.quarterly.pk, "period": "2025-Q2"}
        response = self.api(self.coordinator).post("/api/v1/handovers/", forged, format="json")
        self.assertEqual(response.status_code, 400)  # a duty of another plan
        self.assertEqual(Handover.objects.count(), 1)

    def test_lists_cost_the_same_whatever_their_length(self):
        def count(url):
            client = self.api(self.district_coordinator)
            with CaptureQueriesContext(connection) as ctx:
                self.assertEqual(client.get(url).status_code, 200)
            return len(ctx.captured_queries)

        self.review(self.district_coordinator, self.submit().json()["id"], "return", "Ні.")
        body = {"plan": self.mplan.pk, "duty": self.quarterly.pk, "period": "2025-Q3"}
        self.api(self.coordinator).post("/api/v1/handovers/", body, format="json")
        before = (count("/api/v1/approvals/"), count("/api/v1/handovers/"))
        for i in range(3):
            plan = make_plan(self.community, measures=2, title=f"План {i}")
            self.api(self.coordinator).post(
                "/api/v1/approvals/", {"plan": plan.pk, "period": "2025-Q3"}, format="json"
            )
            for period in ("2025-Q1", "2025-Q2"):
                body = {"plan": self.mplan.pk, "duty": self.quarterly.pk, "period": period}
                self.api(self.coordinator).post("/api/v1/handovers/", body, format="json")
        self.assertEqual(Approval.objects.count(), 4)
        self.assertEqual((count("/api/v1/approvals/"), count("/api/v1/handovers/")), before)
        self.assertLessEqual(max(before), 6, before)
