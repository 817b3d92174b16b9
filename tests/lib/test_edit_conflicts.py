"""Lost updates on the edit forms: two people load the same form, both post; the second sees
the conflict page (409) with both values, field by field, and nothing of theirs is saved until
they decide (lib.versioning)."""

from __future__ import annotations

from django.test import Client

from planwatch.lib.versioning import StaleVersion, claim, parse_version
from planwatch.orgs.models import Role
from planwatch.plans.models import AuditAction, AuditEntry, Measure, Plan
from tests.support.base import BaseTestCase
from tests.support.factory import PASSWORD, make_user


class EditConflictTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.colleague = make_user("colleague", cls.community, Role.COORDINATOR)

    def session(self, user) -> Client:
        client = Client()
        self.assertTrue(client.login(username=user.username, password=PASSWORD))
        return client

    def loaded(self, client: Client, url: str) -> dict:
        """The form as the page shows it: every field's initial value, the version included."""
        form = client.get(url).context["form"]
        return {name: form[name].value() for name in form.fields if form[name].value() is not None}

    def measure_url(self, m) -> str:
        return f"/plans/{self.plan.pk}/measures/{m.pk}/edit/"

    def test_the_second_measure_edit_does_not_revert_the_first_ones_deadline(self):
        """The testers' case: A moves the deadline, B (loaded before) edits the text."""
        m = self.first_measure()
        first, second = self.session(self.coordinator), self.session(self.colleague)
        form_a, form_b = (
            self.loaded(first, self.measure_url(m)),
            self.loaded(second, self.measure_url(m)),
        )
        self.assertEqual(form_a["version"], 0)

        response = first.post(self.measure_url(m), {**form_a, "deadline": "2027 рік"})
        self.assertEqual(response.status_code, 302)
        response = second.post(self.measure_url(m), {**form_b, "text": "Текст колеги"})

        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "Хтось інший зберіг це, поки ви редагували", status_code=409)
        self.assertContains(response, "coordinator", status_code=409)  # who saved
        changes = {c.label: c for c in response.context["changes"]}
        self.assertEqual(
            (changes["Строк виконання"].theirs, changes["Строк виконання"].mine),
            ("2027 рік", m.deadline_text),
        )
        self.assertEqual(changes["Захід"].mine, "Текст колеги")
        self.assertFalse(changes["Номер"].differs)
        m.refresh_from_db()
        self.assertEqual((m.deadline_text, m.text, m.version), ("2027 рік", form_a["text"], 1))
        self.assertEqual(AuditEntry.objects.filter(action=AuditAction.MEASURE_EDITED).count(), 1)

        # B decides to keep their own values: the page re-posts them over version 1.
        resend = dict(response.context["hidden"])
        self.assertEqual(resend["version"], "1")
        self.assertEqual(second.post(self.measure_url(m), resend).status_code, 302)
        m.refresh_from_db()
        self.assertEqual(
            (m.text, m.deadline_text, m.version), ("Текст колеги", form_b["deadline"], 2)
        )

    def test_keeping_the_others_values_writes_nothing(self):
        m = self.first_measure()
        first, second = self.session(self.coordinator), self.session(self.colleague)
        form_a, form_b = (
            self.loaded(first, self.measure_url(m)),
            self.loaded(second, self.measure_url(m)),
        )
        first.post(self.measure_url(m), {**form_a, "deadline": "2027 рік"})
        response = second.post(self.measure_url(m), {**form_b, "deadline": "2028 рік"})
        self.assertContains(
            response, f'href="/plans/{self.plan.pk}/measures/{m.pk}/"', status_code=409
        )
        # … or edit again from the saved values: the form now carries the new version.
        self.assertContains(response, f'href="{self.measure_url(m)}"', status_code=409)
        self.assertEqual(self.loaded(second, self.measure_url(m))["deadline"], "2027 рік")
        # The stale form posted again (a double click, a back button) is refused again.
        self.assertEqual(
            second.post(self.measure_url(m), {**form_b, "deadline": "2028 рік"}).status_code, 409
        )
        m.refresh_from_db()
        self.assertEqual((m.deadline_text, m.version), ("2027 рік", 1))

    def test_an_unchanged_form_is_no_conflict(self):
        m = self.first_measure()
        first, second = self.session(self.coordinator), self.session(self.colleague)
        form_a, form_b = (
            self.loaded(first, self.measure_url(m)),
            self.loaded(second, self.measure_url(m)),
        )
        first.post(self.measure_url(m), {**form_a, "deadline": "2027 рік"})
        # B sends exactly what is saved now: nothing to write, nothing lost.
        response = second.post(self.measure_url(m), {**form_b, "deadline": "2027 рік"})
        self.assertEqual(response.status_code, 302)

    def test_a_form_without_a_version_overwrites_nothing(self):
        m = self.first_measure()
        self.login(self.coordinator)
        response = self.client.post(self.measure_url(m), {"text": "Без версії"})
        self.assertEqual(response.status_code, 409)
        self.assertEqual(Measure.objects.get(pk=m.pk).text, m.text)

    def test_the_second_plan_edit_sees_the_first_ones_title(self):
        url = f"/plans/{self.plan.pk}/edit/"
        first, second = self.session(self.coordinator), self.session(self.colleague)
        form_a, form_b = self.loaded(first, url), self.loaded(second, url)
        first.post(url, {**form_a, "title": "План А"})
        response = second.post(url, {**form_b, "status": "archived"})
        self.assertEqual(response.status_code, 409)
        changes = {c.label: c for c in response.context["changes"]}
        self.assertEqual(
            (changes["Назва"].theirs, changes["Назва"].mine), ("План А", form_b["title"])
        )
        self.assertEqual((changes["Стан"].theirs, changes["Стан"].mine), ("Чинний", "В архіві"))
        plan = Plan.objects.get(pk=self.plan.pk)
        self.assertEqual((plan.title, plan.status, plan.version), ("План А", "active", 1))
        self.assertEqual(second.post(url, dict(response.context["hidden"])).status_code, 302)
        plan.refresh_from_db()
        self.assertEqual((plan.title, plan.status), (form_b["title"], "archived"))

    def test_the_second_organisation_edit_sees_the_first_ones_name(self):
        url = f"/orgs/{self.service.pk}/rename/"
        first, second = self.session(self.coordinator), self.session(self.colleague)
        detail = f"/orgs/{self.service.pk}/"
        form_a = dict(first.get(detail).context["rename_form"].initial)
        form_b = dict(second.get(detail).context["rename_form"].initial)
        self.assertEqual(first.post(url, {**form_a, "name": "Служба А"}).status_code, 302)
        response = second.post(url, {**form_b, "name": "Служба Б"})
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "Служба А", status_code=409)
        self.assertContains(response, "Служба Б", status_code=409)
        self.service.refresh_from_db()
        self.assertEqual(self.service.name, "Служба А")


class ClaimTestCase(BaseTestCase):
    def test_a_claim_bumps_the_version_once(self):
        plan = Plan.objects.get(pk=self.plan.pk)
        claim(plan, 0)
        self.assertEqual((plan.version, Plan.objects.get(pk=plan.pk).version), (1, 1))
        with self.assertRaises(StaleVersion):
            claim(Plan.objects.get(pk=plan.pk), 0)
        with self.assertRaises(StaleVersion):
            claim(plan, None)

    def test_versions_are_read_from_bodies_and_if_match_headers(self):
        self.assertEqual([parse_version(v) for v in ("3", 3, '"3"', 'W/"3"')], [3] * 4)
        self.assertEqual([parse_version(v) for v in ("", None, "x", "-1", True)], [None] * 5)
