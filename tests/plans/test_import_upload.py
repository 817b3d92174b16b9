from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from planwatch.plans.models import ImportDraft, Plan
from tests.support.base import BaseTestCase

SAMPLE = Path(settings.PLANWATCH_SAMPLES_DIR) / "docx" / "000-plain.docx"
TEXT_PLAN = """ПЛАН ЗАХОДІВ
з реалізації в Альфівській сільській раді Стратегії на 2025-2026 роки
\tНайменування завдання
\tНайменування заходу
\tСтрок виконання
\tДжерела фінансування
\tВідповідальні за виконання
\tСтратегічна ціль 1. Підвищення спроможності сімей
\t1. Запровадження підтримки сімей
\t1.1 Забезпечення доступу кожної дитини до послуг
\t1) проведення інформаційної кампанії для батьків
\t2025-2026 роки
\tмісцевий бюджет
\tслужба у справах дітей, відділ освіти
\t2) створення мережі прийомних сімей у громаді
\t2025 рік
\tне потребує фінансування
\tслужба у справах дітей
"""


class UploadTestCase(BaseTestCase):
    def post(self, name: str, data: bytes, **extra):
        upload = SimpleUploadedFile(name, data)
        return self.client.post(
            "/plans/import/", {"file": upload, "owner": self.community.pk, **extra}
        )

    def test_a_text_plan_becomes_a_draft_and_not_a_plan(self):
        self.login(self.coordinator)
        plans_before = Plan.objects.count()
        response = self.post("plan.txt", TEXT_PLAN.encode())
        draft = ImportDraft.objects.get(status="pending")
        self.assertRedirects(response, f"/plans/import/{draft.pk}/")
        self.assertEqual(Plan.objects.count(), plans_before)
        self.assertEqual(draft.owner, self.community)

    def test_the_review_page_shows_measures_beside_their_source_lines(self):
        self.login(self.coordinator)
        self.post("plan.txt", TEXT_PLAN.encode())
        response = self.client.get(f"/plans/import/{ImportDraft.objects.get(status='pending').pk}/")
        self.assertContains(response, "проведення інформаційної кампанії для батьків")
        self.assertContains(response, 'class="source"')

    def test_a_sample_docx_uploads(self):
        if not SAMPLE.is_file():
            self.skipTest(f"{SAMPLE} is not here")
        self.login(self.coordinator)
        self.post(SAMPLE.name, SAMPLE.read_bytes())
        draft = ImportDraft.objects.get(status="pending")
        response = self.client.get(f"/plans/import/{draft.pk}/")
        self.assertContains(response, "Піщанській")

    def test_a_file_that_is_not_a_plan_is_refused_next_to_the_field(self):
        self.login(self.coordinator)
        response = self.post("notes.txt", b"just a shopping list\nmilk\n")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(ImportDraft.objects.filter(status="pending").exists())
        errors = response.context["form"].errors
        self.assertIn("file", errors)

    def test_an_unknown_extension_is_refused(self):
        self.login(self.coordinator)
        response = self.post("virus.exe", b"MZ....")
        self.assertIn("file", response.context["form"].errors)
        self.assertFalse(ImportDraft.objects.filter(status="pending").exists())

    @override_settings(PLANWATCH_MAX_UPLOAD_BYTES=100)
    def test_a_file_over_the_size_limit_is_refused(self):
        self.login(self.coordinator)
        response = self.post("plan.txt", TEXT_PLAN.encode())
        self.assertIn("file", response.context["form"].errors)
        self.assertFalse(ImportDraft.objects.filter(status="pending").exists())

    def test_a_coordinator_cannot_upload_for_another_community(self):
        self.login(self.coordinator)
        upload = SimpleUploadedFile("plan.txt", TEXT_PLAN.encode())
        response = self.client.post(
            "/plans/import/", {"file": upload, "owner": self.other_community.pk}
        )
        self.assertIn("owner", response.context["form"].errors)
        self.assertFalse(ImportDraft.objects.filter(status="pending").exists())

    def test_an_upload_with_the_same_title_amends_the_existing_plan(self):
        self.login(self.coordinator)
        self.plan.title = (
            "ПЛАН ЗАХОДІВ з реалізації в Альфівській сільській раді Стратегії на 2025-2026 роки"
        )
        self.plan.save()
        self.post("plan.txt", TEXT_PLAN.encode())
        draft = ImportDraft.objects.get(status="pending")
        if draft.document.get("title") and "Альфівській" in draft.document["title"]:
            self.assertEqual(draft.plan, self.plan)

    def test_csrf_is_enforced_on_upload(self):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(self.coordinator)
        upload = SimpleUploadedFile("plan.txt", TEXT_PLAN.encode())
        response = client.post("/plans/import/", {"file": upload, "owner": self.community.pk})
        self.assertEqual(response.status_code, 403)


class LargeUploadTestCase(BaseTestCase):
    @override_settings(PLANWATCH_MAX_UPLOAD_BYTES=1000)
    def test_a_huge_body_is_refused_before_it_is_read(self):
        self.login(self.coordinator)
        upload = SimpleUploadedFile("plan.txt", b"x" * 200_000)
        response = self.client.post("/plans/import/", {"file": upload, "owner": self.community.pk})
        self.assertEqual(response.status_code, 413)
        self.assertIn("file", response.context["form"].errors)
        self.assertFalse(ImportDraft.objects.filter(status="pending").exists())
