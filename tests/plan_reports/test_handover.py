"""Hand-over of a summary: prepared → signed (the signed file kept untouched) → sent."""

from __future__ import annotations

import datetime as dt
import hashlib

import time_machine

from planwatch.monitoring.models import Handover, HandoverEvent, HandoverState
from tests.support.chain_base import P7S, PDF, ChainTestCase, asice, upload
from tests.support.monitoring_base import KYIV

JAN_5 = dt.datetime(2026, 1, 5, 10, 0, tzinfo=KYIV)
JAN_15 = dt.datetime(2026, 1, 15, 10, 0, tzinfo=KYIV)
NOT_SIGNED = "не є підписаним документом"


@time_machine.travel(JAN_5, tick=False)
class HandoverTestCase(ChainTestCase):
    def prepare(self, duty=None, period: str = "2025", user=None) -> Handover:
        self.login(user or self.coordinator)
        data = {"duty": (duty or self.annual).pk, "period": period}
        response = self.client.post(self.handovers_url(), data)
        self.assertEqual(response.status_code, 302, response.content[:300])
        return Handover.objects.get(duty=duty or self.annual, period=period)

    def url(self, item: Handover) -> str:
        return f"/monitoring/plans/{item.plan_id}/handover/{item.pk}/"

    def sign(self, item: Handover, name: str, data: bytes):
        return self.client.post(
            self.url(item), {"action": "sign", "version": item.version, "file": upload(name, data)}
        )

    def test_the_coordinator_prepares_signs_and_registers_the_annual_summary(self):
        item = self.prepare()
        self.assertEqual(item.state, HandoverState.PREPARED)
        self.assertEqual(item.due_date, dt.date(2026, 1, 10))
        self.assertEqual(self.sign(item, "Звіт за 2025 рік.pdf", PDF).status_code, 302)
        item.refresh_from_db()
        self.assertEqual(item.state, HandoverState.SIGNED)
        self.assertEqual(item.signed_sha256, hashlib.sha256(PDF).hexdigest())
        self.assertEqual((item.signed_size, item.signed_kind), (len(PDF), "pdf"))
        with item.signed_file.open("rb") as handle:
            self.assertEqual(handle.read(), PDF)  # byte for byte
        data = {
            "action": "register",
            "version": item.version,
            "outgoing_number": "01-12/34",
            "outgoing_date": "2026-01-08",
            "addressee": "Голова обласної державної адміністрації",
        }
        self.assertEqual(self.client.post(self.url(item), data).status_code, 302)
        item.refresh_from_db()
        self.assertEqual(item.state, HandoverState.SENT)
        self.assertEqual(
            (item.outgoing_number, item.outgoing_date), ("01-12/34", dt.date(2026, 1, 8))
        )
        events = list(HandoverEvent.objects.filter(handover=item))
        self.assertEqual([e.action for e in events], ["prepared", "signed", "sent"])
        self.assertEqual({e.user for e in events}, {self.coordinator})
        page = self.client.get(self.url(item))
        self.assertContains(page, "01-12/34")
        self.assertContains(page, item.signed_sha256)
        download = self.client.get(f"{self.url(item)}signed/")
        self.assertEqual(b"".join(download.streaming_content), PDF)
        self.assertIn("attachment", download["Content-Disposition"])

    def test_kep_containers_are_kept_as_they_came(self):
        for name, data, kind in (
            ("zvit.p7s", P7S, "p7s"),
            ("zvit.p7s", b"-----BEGIN PKCS7-----\nMIIB\n-----END PKCS7-----\n", "p7s"),
            ("zvit.asice", asice(), "asice"),
        ):
            with self.subTest(name=name):
                Handover.objects.all().delete()
                item = self.prepare()
                self.assertEqual(self.sign(item, name, data).status_code, 302)
                item.refresh_from_db()
                self.assertEqual((item.state, item.signed_kind), ("signed", kind))
                with item.signed_file.open("rb") as handle:
                    self.assertEqual(hashlib.sha256(handle.read()).hexdigest(), item.signed_sha256)

    def test_files_that_are_not_signed_documents_are_refused_in_ukrainian(self):
        item = self.prepare()
        for name, data in (
            ("zvit.p7s", PDF),  # a PDF called a container
            ("zvit.pdf", P7S),  # and the other way round
            ("zvit.asice", asice(mimetype=b"application/zip")),
            ("zvit.asice", asice(signature=False)),
            ("zvit.asice", asice(bomb=True)),  # refused before it is inflated
            ("zvit.pdf", b"MZ\x90\x00 an executable"),
            ("zvit.docx", b"PK\x03\x04 not even a zip"),
        ):
            with self.subTest(name=name):
                response = self.sign(item, name, data)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, NOT_SIGNED, status_code=400)
        item.refresh_from_db()
        self.assertEqual(item.state, HandoverState.PREPARED)
        self.assertFalse(item.signed_file)

    def test_steps_go_forward_only_and_a_stale_form_changes_nothing(self):
        item = self.prepare()
        data = {"action": "register", "version": item.version, "outgoing_number": "1",
                "outgoing_date": "2026-01-08", "addressee": "Голова"}  # fmt: skip
        response = self.client.post(self.url(item), data, follow=True)
        self.assertContains(response, "не на тому кроці")
        self.assertEqual(self.sign(item, "a.pdf", PDF).status_code, 302)
        stale = self.client.post(
            self.url(item), {**data, "version": item.version}, follow=True
        )  # the version read before signing
        self.assertContains(stale, "нічого не змінено")
        item.refresh_from_db()
        self.assertEqual(item.state, HandoverState.SIGNED)

    def test_a_summary_is_recorded_once_and_only_for_an_ended_period(self):
        self.prepare()
        self.client.post(self.handovers_url(), {"duty": self.annual.pk, "period": "2025"})
        self.assertEqual(Handover.objects.filter(duty=self.annual).count(), 1)
        response = self.client.post(
            self.handovers_url(), {"duty": self.annual.pk, "period": "2026"}, follow=True
        )
        self.assertContains(response, "Період ще не закінчився")
        bad = self.client.post(self.handovers_url(), {"duty": self.annual.pk, "period": "2025-Q3"})
        self.assertEqual(bad.status_code, 404)  # not a period of an annual duty

    def test_people_outside_the_plans_own_body_cannot_hand_over(self):
        item = self.prepare()
        self.sign(item, "a.pdf", PDF)
        urls = [self.handovers_url(), self.url(item), f"{self.url(item)}signed/"]
        for user in (self.executor, self.outsider, self.other_executor):
            self.login(user)
            for url in urls:
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.get(url).status_code, 404)
            post = {"duty": self.quarterly.pk, "period": "2025-Q3"}
            self.assertEqual(self.client.post(self.handovers_url(), post).status_code, 404)
        # Monitors above see everything but act for nobody: the district's reviewer and
        # coordinator, the oblast's coordinator.
        for user in (self.reviewer, self.district_coordinator, self.oblast_coordinator):
            self.login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(self.url(item)).status_code, 200)
                post = {"duty": self.quarterly.pk, "period": "2025-Q3"}
                self.assertEqual(self.client.post(self.handovers_url(), post).status_code, 403)
                data = {"action": "register", "version": item.version, "outgoing_number": "1",
                        "outgoing_date": "2026-01-08", "addressee": "Х"}  # fmt: skip
                self.assertEqual(self.client.post(self.url(item), data).status_code, 403)
        self.assertFalse(Handover.objects.filter(duty=self.quarterly).exists())

    def test_forged_ids_of_another_plan_are_404(self):
        item = self.prepare()
        other = self.plan  # the coordinator's own plan, but not this hand-over's
        self.login(self.coordinator)
        self.assertEqual(
            self.client.get(f"/monitoring/plans/{other.pk}/handover/{item.pk}/").status_code, 404
        )
        forged = {"duty": self.annual.pk, "period": "2025"}  # a duty of mplan, posted on plan
        self.assertEqual(self.client.post(self.handovers_url(other), forged).status_code, 404)

    def test_the_dashboard_and_the_duties_page_show_what_is_not_handed_over(self):
        self.login(self.coordinator)
        response = self.client.get(f"/monitoring/plans/{self.mplan.pk}/?period=2025-Q3")
        owed = {(r.duty.pk, r.period.label): r for r in response.context["handover_owed"]}
        self.assertIn((self.annual.pk, "2025"), owed)
        self.assertFalse(owed[(self.annual.pk, "2025")].is_overdue)  # due 10 January
        self.assertTrue(owed[(self.quarterly.pk, "2025-Q3")].is_overdue)  # due 4 November
        self.assertContains(response, "ще не передано")
        duties = self.client.get(f"/monitoring/plans/{self.mplan.pk}/duties/")
        self.assertContains(duties, "Ще не передано")
        with time_machine.travel(JAN_15, tick=False):
            response = self.client.get(f"/monitoring/plans/{self.mplan.pk}/?period=2025-Q3")
            owed = {(r.duty.pk, r.period.label): r for r in response.context["handover_owed"]}
            self.assertTrue(owed[(self.annual.pk, "2025")].is_overdue)
        item = self.prepare()
        self.sign(item, "a.pdf", PDF)
        item.refresh_from_db()
        self.client.post(self.url(item), {"action": "register", "version": item.version,
                         "outgoing_number": "7", "outgoing_date": "2026-01-05",
                         "addressee": "Голова"})  # fmt: skip
        response = self.client.get(f"/monitoring/plans/{self.mplan.pk}/?period=2025-Q3")
        owed = {(r.duty.pk, r.period.label) for r in response.context["handover_owed"]}
        self.assertNotIn((self.annual.pk, "2025"), owed)
