import io
from pathlib import Path

from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from planwatch.orgs.models import Membership, Organization, Role
from planwatch.plans.models import DraftStatus, ImportDraft, Plan
from tests.plans.test_import_upload import TEXT_PLAN
from tests.support.base import BaseTestCase

SAMPLES = Path(settings.PLANWATCH_SAMPLES_DIR)


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


class LoadDemoTestCase(TestCase):
    @override_settings(PLANWATCH_SAMPLES_DIR="/nonexistent/samples")
    def test_without_samples_it_loads_organisations_and_users_and_says_so(self):
        out = run("load_demo")
        self.assertIn("No sample plans", out)
        self.assertIn("coordinator", out)
        self.assertIn("http://127.0.0.1:8000/", out)
        roles = set(Membership.objects.values_list("role", flat=True))
        self.assertEqual(roles, set(Role.values))
        self.assertFalse(Plan.objects.exists())

    @override_settings(PLANWATCH_SAMPLES_DIR="/nonexistent/samples")
    def test_if_empty_does_nothing_when_data_exists_but_still_prints_the_logins(self):
        run("load_demo")
        count = Organization.objects.count()
        out = run("load_demo", "--if-empty")
        self.assertEqual(Organization.objects.count(), count)
        self.assertIn("planwatch-demo", out)

    def test_with_samples_it_publishes_the_three_plans(self):
        if not (SAMPLES / "docx" / "000-plain.docx").is_file():
            self.skipTest("shared samples are not here")
        run("load_demo")
        self.assertEqual(Plan.objects.count(), 3)
        owners = set(Plan.objects.values_list("owner__name", flat=True))
        self.assertIn("Калуська міська рада", owners)


class ImportPlanTestCase(BaseTestCase):
    def write(self, tmp_name="plan.txt", text=TEXT_PLAN) -> Path:
        import tempfile

        path = Path(tempfile.mkdtemp()) / tmp_name
        path.write_text(text, encoding="utf-8")
        return path

    def test_it_makes_a_draft_for_the_named_organisation(self):
        out = run("import_plan", str(self.write()), "--org", self.community.name)
        draft = ImportDraft.objects.get(status=DraftStatus.PENDING)
        self.assertEqual(draft.owner, self.community)
        self.assertIn(f"/plans/import/{draft.pk}/", out)

    def test_it_takes_the_owner_from_the_title_and_publishes(self):
        out = run("import_plan", str(self.write()), "--publish")
        self.assertIn("published plan", out)
        plan = Plan.objects.exclude(pk=self.plan.pk).get()
        self.assertEqual(plan.owner, self.community)

    def test_it_accepts_a_katottg_code(self):
        self.other_community.katottg = "UA12345678901234567"
        self.other_community.save()
        run("import_plan", str(self.write()), "--org", "UA12345678901234567")
        self.assertEqual(ImportDraft.objects.get(status="pending").owner, self.other_community)

    def test_an_unknown_organisation_is_a_clear_error(self):
        with self.assertRaisesMessage(CommandError, "no organisation matches"):
            run("import_plan", str(self.write()), "--org", "Марсіанська рада")

    def test_a_bad_file_is_a_clear_error_and_leaves_nothing(self):
        with self.assertRaises(CommandError):
            run("import_plan", str(self.write(text="not a plan at all")), "--org", "1")
        self.assertFalse(ImportDraft.objects.filter(status="pending").exists())


class ImportPlanOwnerTestCase(BaseTestCase):
    """Without --org the owner is taken only when the plan names it exactly; else it stops."""

    def write(self, title: str) -> Path:
        import tempfile

        path = Path(tempfile.mkdtemp()) / "plan.txt"
        text = TEXT_PLAN.replace(
            "з реалізації в Альфівській сільській раді Стратегії на 2025-2026 роки", title
        )
        path.write_text(text, encoding="utf-8")
        return path

    def test_a_district_plan_goes_to_the_district_named_exactly_not_to_the_oblast(self):
        out = run("import_plan", str(self.write("Тестової районної державної адміністрації")))
        self.assertEqual(ImportDraft.objects.get(status="pending").owner, self.district)
        self.assertIn("«…Тестової районної державної адміністрації»", out)
        self.assertIn("у назві плану", out)

    def test_no_exact_name_stops_with_the_candidates_and_their_parents(self):
        path = self.write("Тестової районної ради на 2025-2026 роки")
        with self.assertRaises(CommandError) as caught:
            run("import_plan", str(path))
        message = str(caught.exception)
        self.assertIn("--org", message)
        self.assertIn("Кандидати", message)
        chain = f"{self.district.name} ← {self.oblast.name}"
        self.assertIn(chain, message)
        self.assertFalse(ImportDraft.objects.filter(status="pending").exists())

    def test_declension_case_and_quotes_do_not_matter(self):
        run("import_plan", str(self.write("БЕТІВСЬКОЇ «МІСЬКОЇ» РАДИ на 2025 рік")))
        self.assertEqual(ImportDraft.objects.get(status="pending").owner, self.other_community)
