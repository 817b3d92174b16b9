"""Plans are public on purpose: publishing asks, the answer defaults to the owner's setting,
the public pages show only plans made public, and the decision is in the audit trail."""

from __future__ import annotations

import importlib

from django.apps import apps

from planwatch.plans.models import AuditEntry, Plan
from tests.support.base import BaseTestCase
from tests.support.factory import make_draft, make_plan, make_plan_dict


class PublishAsksTests(BaseTestCase):
    def setUp(self):
        self.login(self.coordinator)
        self.draft = make_draft(
            self.community, make_plan_dict(2, title="План «Тиха громада»"), user=self.coordinator
        )

    def publish(self, **form) -> Plan:
        self.client.post(f"/plans/import/{self.draft.pk}/publish/", form)
        self.draft.refresh_from_db()
        return self.draft.plan

    def test_not_ticked_means_not_public(self):
        plan = self.publish(public_asked="1")
        self.assertFalse(plan.is_public)
        self.assertNotContains(self.client.get("/public/"), "Тиха громада")
        self.assertEqual(self.client.get(f"/public/plans/{plan.pk}/").status_code, 404)
        entry = AuditEntry.objects.get(plan=plan)
        self.assertEqual(entry.changes, {"is_public": [None, False]})

    def test_ticked_means_public_and_is_audited(self):
        plan = self.publish(public_asked="1", is_public="on")
        self.assertTrue(plan.is_public)
        self.assertContains(self.client.get("/public/"), "Тиха громада")
        self.assertEqual(AuditEntry.objects.get(plan=plan).changes, {"is_public": [None, True]})
        self.assertContains(self.client.get(f"/plans/{plan.pk}/history/"), "→")

    def test_the_question_defaults_to_the_organisations_setting(self):
        page = self.client.get(f"/plans/import/{self.draft.pk}/")
        self.assertContains(page, 'name="is_public" id="is_public">')  # not checked
        self.client.post(f"/orgs/{self.community.pk}/publicity/", {"plans_public_by_default": "on"})
        page = self.client.get(f"/plans/import/{self.draft.pk}/")
        self.assertContains(page, 'name="is_public" id="is_public" checked>')
        self.assertTrue(self.publish().is_public)  # a request that did not ask: the default

    def test_without_the_setting_a_plan_published_without_asking_is_private(self):
        self.assertFalse(self.publish().is_public)

    def test_an_amended_revision_keeps_the_plans_choice(self):
        private = make_plan(self.community, measures=1, public=False)
        amendment = make_draft(self.community, make_plan_dict(2), plan=private)
        self.client.post(f"/plans/import/{amendment.pk}/publish/")
        private.refresh_from_db()
        self.assertFalse(private.is_public)
        self.assertEqual(private.revisions.count(), 2)

    def test_another_communitys_coordinator_cannot_change_the_setting(self):
        self.login(self.outsider)
        url = f"/orgs/{self.community.pk}/publicity/"
        self.assertEqual(self.client.post(url, {"plans_public_by_default": "on"}).status_code, 404)
        self.community.refresh_from_db()
        self.assertFalse(self.community.plans_public_by_default)


class MigrationTests(BaseTestCase):
    def test_published_plans_stay_public_unless_someone_decided_otherwise(self):
        migration = importlib.import_module("planwatch.plans.migrations.0007_public_on_purpose")
        kept = make_plan(self.community, measures=1, public=False)
        decided = make_plan(self.community, measures=1, public=False)
        AuditEntry.record(decided, self.coordinator, "plan_edited", changes={"is_public": [1, 0]})
        AuditEntry.objects.filter(plan=kept).update(changes={})
        migration.keep_published_plans_public(apps, None)
        kept.refresh_from_db()
        decided.refresh_from_db()
        self.assertTrue(kept.is_public)
        self.assertFalse(decided.is_public)
