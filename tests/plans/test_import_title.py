"""A plan without a title paragraph is never titled with its file name; its period is set."""

from __future__ import annotations

from planwatch.plans.imports import create_draft
from planwatch.plans.models.plan import UNTITLED_PLAN
from planwatch.plans.publish import publish_draft
from tests.plans.test_import_upload import TEXT_PLAN
from tests.support.base import BaseTestCase

NO_TITLE = TEXT_PLAN.split("\n", 2)[2]  # from the header on: no line names the plan


class UntitledPlanTestCase(BaseTestCase):
    def test_it_is_published_as_an_untitled_plan_with_the_deadlines_period(self):
        draft = create_draft(NO_TITLE.encode(), "plan.docx", self.community)
        self.assertIsNone(draft.document["title"])
        revision = publish_draft(draft, self.coordinator)
        plan = revision.plan
        plan.refresh_from_db()
        self.assertEqual(plan.title, UNTITLED_PLAN)
        self.assertNotIn("plan.docx", revision.title)
        self.assertEqual((revision.period_start, revision.period_end), (2025, 2026))
        self.login(self.coordinator)
        response = self.client.get(plan.get_absolute_url())
        self.assertContains(response, f"<h1>{UNTITLED_PLAN}</h1>", html=False)
        self.assertContains(response, "2025–2026")  # the period from the deadlines


class FileNameTitlesMigrationTestCase(BaseTestCase):
    def test_titles_that_are_the_source_file_name_become_untitled(self):
        import importlib

        from django.apps import apps

        migration = importlib.import_module(
            "planwatch.plans.migrations.0005_untitled_plans_not_file_names"
        )
        revision = self.plan.current_revision
        revision.source_name = "plan.docx"
        revision.title = "plan.docx"
        revision.save()
        self.plan.title = "plan.docx"
        self.plan.save()
        migration.untitle_file_names(apps, None)
        self.plan.refresh_from_db()
        revision.refresh_from_db()
        self.assertEqual((self.plan.title, revision.title), (UNTITLED_PLAN, UNTITLED_PLAN))

    def test_a_real_title_is_left_alone(self):
        import importlib

        from django.apps import apps

        migration = importlib.import_module(
            "planwatch.plans.migrations.0005_untitled_plans_not_file_names"
        )
        title = self.plan.title
        migration.untitle_file_names(apps, None)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.title, title)
