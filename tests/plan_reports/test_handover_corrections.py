"""Correcting a hand-over step: a wrong outgoing number / date / addressee or a wrong signed
file, with a reason; the history keeps what it was."""

from __future__ import annotations

import hashlib

import time_machine

from planwatch.monitoring.models import Handover, HandoverEvent, HandoverState
from planwatch.orgs.models import Role
from tests.plan_reports import test_handover as steps
from tests.support.chain_base import P7S, PDF, ChainTestCase, upload
from tests.support.factory import make_user

OTHER_PDF = PDF.replace(b"signed by the head", b"signed by the deputy head")


@time_machine.travel(steps.JAN_15, tick=False)
class HandoverCorrectionTestCase(ChainTestCase):
    prepare = steps.HandoverTestCase.prepare
    url = steps.HandoverTestCase.url
    sign = steps.HandoverTestCase.sign

    def sent(self) -> Handover:
        item = self.prepare()
        self.sign(item, "Звіт.pdf", PDF)
        item.refresh_from_db()
        data = {
            "action": "register",
            "version": item.version,
            "outgoing_number": "01-12/34",
            "outgoing_date": "2026-01-08",
            "addressee": "Голова обласної державної адміністрації",
        }
        self.client.post(self.url(item), data)
        item.refresh_from_db()
        self.assertEqual(item.state, HandoverState.SENT)
        return item

    def correct(self, item, **changes):
        data = {
            "action": "correct",
            "fix-version": item.version,
            "fix-outgoing_number": item.outgoing_number,
            "fix-outgoing_date": item.outgoing_date.isoformat(),
            "fix-addressee": item.addressee,
            "fix-reason": "Помилка в реєстраційному номері",
            **{f"fix-{k}": v for k, v in changes.items()},
        }
        return self.client.post(self.url(item), data)

    def test_a_wrong_outgoing_number_and_date_are_corrected_with_a_reason(self):
        item = self.sent()
        page = self.client.get(self.url(item))
        self.assertContains(page, 'value="correct"')
        response = self.correct(item, outgoing_number="01-12/43", outgoing_date="2026-01-09")
        self.assertEqual(response.status_code, 302)
        item.refresh_from_db()
        self.assertEqual(
            (item.outgoing_number, str(item.outgoing_date)), ("01-12/43", "2026-01-09")
        )
        self.assertEqual(item.state, HandoverState.SENT)
        last = HandoverEvent.objects.filter(handover=item).last()
        self.assertEqual(last.action, HandoverEvent.Action.CORRECTED)
        self.assertEqual(last.reason, "Помилка в реєстраційному номері")
        self.assertIn("01-12/34 → 01-12/43", last.note)
        self.assertIn("08.01.2026 → 09.01.2026", last.note)
        self.assertNotIn("Голова", last.note)  # the addressee did not change
        page = self.client.get(self.url(item))
        self.assertContains(page, "Помилка в реєстраційному номері")
        self.assertContains(page, "01-12/34 → 01-12/43")

    def test_a_correction_needs_a_reason_and_a_change_and_the_version_read(self):
        item = self.sent()
        self.assertEqual(self.correct(item, outgoing_number="5", reason="  ").status_code, 400)
        self.correct(item)  # nothing differs
        stale = item.version
        self.correct(item, outgoing_number="01-12/43")
        item.refresh_from_db()
        self.assertEqual(item.outgoing_number, "01-12/43")
        item.version = stale  # a form read before that correction
        self.correct(item, outgoing_number="99")
        item.refresh_from_db()
        self.assertEqual(item.outgoing_number, "01-12/43")
        actions = list(HandoverEvent.objects.filter(handover=item).values_list("action", flat=True))
        self.assertEqual(actions, ["prepared", "signed", "sent", "corrected"])

    def test_a_wrong_signed_file_is_replaced_and_the_old_one_kept(self):
        item = self.sent()
        old_name = item.signed_file.name
        data = {
            "action": "replace",
            "fix-version": item.version,
            "fix-file": upload("Звіт підписаний.p7s", P7S),
            "fix-reason": "Завантажено не той файл",
        }
        self.assertEqual(self.client.post(self.url(item), data).status_code, 302)
        item.refresh_from_db()
        self.assertEqual(item.signed_sha256, hashlib.sha256(P7S).hexdigest())
        self.assertEqual((item.signed_kind, item.signed_name), ("p7s", "Звіт підписаний.p7s"))
        self.assertEqual(item.state, HandoverState.SENT)
        last = HandoverEvent.objects.filter(handover=item).last()
        self.assertEqual(last.action, HandoverEvent.Action.FILE_REPLACED)
        self.assertEqual(last.kept_file, old_name)
        self.assertIn(hashlib.sha256(PDF).hexdigest()[:16], last.note)
        with item.signed_file.storage.open(old_name, "rb") as handle:
            self.assertEqual(handle.read(), PDF)  # the replaced file stays
        download = self.client.get(f"{self.url(item)}signed/")
        self.assertEqual(b"".join(download.streaming_content), P7S)
        # not a signed document, or no reason: refused, nothing changes
        data.update({"fix-version": item.version, "fix-file": upload("x.pdf", b"hello")})
        self.assertEqual(self.client.post(self.url(item), data).status_code, 400)
        data.update({"fix-file": upload("y.pdf", OTHER_PDF), "fix-reason": ""})
        self.assertEqual(self.client.post(self.url(item), data).status_code, 400)
        item.refresh_from_db()
        self.assertEqual(item.signed_kind, "p7s")

    def test_a_signed_but_unsent_file_can_be_replaced_a_prepared_one_has_nothing(self):
        item = self.prepare()
        page = self.client.get(self.url(item))
        self.assertNotContains(page, 'value="replace"')
        self.sign(item, "Звіт.pdf", PDF)
        item.refresh_from_db()
        page = self.client.get(self.url(item))
        self.assertContains(page, 'value="replace"')
        self.assertNotContains(page, 'value="correct"')

    def test_only_the_plans_own_coordinators_correct(self):
        item = self.sent()
        viewer = make_user("community-viewer", self.community, Role.VIEWER)
        for user, status in ((viewer, 403), (self.district_coordinator, 403), (self.outsider, 404)):
            self.login(user)
            with self.subTest(user=user.username):
                page = self.client.get(self.url(item))
                if status == 403:
                    self.assertNotContains(page, 'value="correct"')
                response = self.correct(item, outgoing_number="99")
                self.assertEqual(response.status_code, status)
        item.refresh_from_db()
        self.assertEqual(item.outgoing_number, "01-12/34")

    def test_the_correction_forms_and_history_speak_ukrainian(self):
        from tests.support.english import english_in_html

        item = self.sent()
        self.correct(item, addressee="Заступник голови")
        page = self.client.get(self.url(item)).content.decode()
        self.assertIn("Реєстрацію виправлено", page)
        self.assertIn("Адресат: Голова обласної державної адміністрації → Заступник голови", page)
        self.assertEqual(english_in_html(page), [])
