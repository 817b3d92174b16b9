"""The upload form takes the owner the plan names exactly, and never silently another level."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from planwatch.orgs.models import Role
from planwatch.plans.models import ImportDraft
from tests.plans.test_import_upload import TEXT_PLAN
from tests.support.base import BaseTestCase
from tests.support.factory import make_user

DISTRICT_PLAN = TEXT_PLAN.replace(
    "з реалізації в Альфівській сільській раді Стратегії",
    "Тестової районної державної адміністрації",
)


class UploadOwnerTestCase(BaseTestCase):
    def post(self, text: str, **fields):
        upload = SimpleUploadedFile("plan.txt", text.encode())
        return self.client.post("/plans/import/", {"file": upload, **fields})

    def test_an_empty_choice_takes_the_organisation_the_title_names_and_says_why(self):
        self.login(self.coordinator)
        response = self.post(TEXT_PLAN, owner="")
        draft = ImportDraft.objects.get(status="pending")
        self.assertEqual(draft.owner, self.community)
        notes = [str(m) for m in response.wsgi_request._messages]
        self.assertTrue(any("«…Альфівській сільській раді" in n for n in notes), notes)

    def test_a_district_plan_is_not_given_to_the_oblast_preselected_for_its_coordinator(self):
        make_user("oblast_co", self.oblast, Role.COORDINATOR)
        self.login_as("oblast_co")
        response = self.post(DISTRICT_PLAN, owner=self.oblast.pk)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(ImportDraft.objects.filter(status="pending").exists())
        form = response.context["form"]
        self.assertIn("owner", form.errors)
        self.assertEqual(form["owner"].value(), str(self.district.pk))  # preselected
        self.assertContains(response, "«…Тестової районної державної адміністрації»")

    def test_the_user_may_keep_a_different_owner_on_purpose(self):
        make_user("oblast_co", self.oblast, Role.COORDINATOR)
        self.login_as("oblast_co")
        self.post(DISTRICT_PLAN, owner=self.oblast.pk, keep_owner="on")
        self.assertEqual(ImportDraft.objects.get(status="pending").owner, self.oblast)

    def test_no_exact_name_and_no_choice_is_sent_back_with_the_closest_candidate(self):
        make_user("oblast_co", self.oblast, Role.COORDINATOR)
        self.login_as("oblast_co")
        text = TEXT_PLAN.replace("в Альфівській сільській раді", "в Тестовій районній раді")
        response = self.post(text, owner="")
        form = response.context["form"]
        self.assertIn("owner", form.errors)
        self.assertEqual(form["owner"].value(), str(self.district.pk))
        self.assertFalse(ImportDraft.objects.filter(status="pending").exists())

    def login_as(self, username: str) -> None:
        from django.contrib.auth import get_user_model

        self.client.force_login(get_user_model().objects.get(username=username))
