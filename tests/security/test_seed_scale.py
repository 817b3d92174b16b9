"""seed_scale: a small country is consistent with the app's own rules (so the load test
measures real-looking data): sync_expected finds nothing to change, references all resolve,
the seeded logins work and see what their role allows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import Client, TestCase

from planwatch.monitoring.expected import sync_expected
from planwatch.monitoring.models import ExecutionReport, ReportState
from planwatch.operations.bulk import orphans
from planwatch.operations.scale import MODELS, SCALE_PASSWORD, seed_country
from planwatch.orgs.models import Organization, OrgKind
from planwatch.plans.models import Measure, Plan

SAMPLES = Path(settings.PLANWATCH_SAMPLES_DIR)


class SeedScaleTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        if not (SAMPLES / "docx").is_dir():
            return
        cls.result = seed_country(3, SAMPLES, today=dt.date(2026, 11, 23))

    def setUp(self) -> None:
        if not (SAMPLES / "docx").is_dir():
            self.skipTest(f"no samples at {SAMPLES}")

    def test_it_builds_the_tree_and_a_plan_per_body(self):
        self.assertEqual((self.result.oblasts, self.result.districts), (1, 1))
        self.assertEqual(Organization.objects.filter(kind=OrgKind.COMMUNITY).count(), 3)
        self.assertEqual(Plan.objects.count(), 5)
        self.assertGreater(Measure.objects.count(), 5 * 60)
        community = Organization.objects.filter(kind=OrgKind.COMMUNITY).first()
        self.assertTrue(community.path.startswith(community.parent.path))
        self.assertRegex(community.katottg, r"^UA\d{17}$")

    def test_expected_reports_are_what_sync_expected_computes(self):
        for plan in Plan.objects.all():
            result = sync_expected(plan)
            self.assertEqual((result.created, result.updated, result.deleted), (0, 0, 0))

    def test_reports_cover_every_workflow_state(self):
        states = set(ExecutionReport.objects.values_list("state", flat=True).distinct())
        self.assertEqual(states, set(ReportState.values))

    def test_every_reference_resolves(self):
        self.assertEqual(orphans(MODELS), {})

    def test_the_seeded_logins_see_their_part(self):
        client = Client()
        self.assertTrue(client.login(username="scale-c1-coordinator", password=SCALE_PASSWORD))
        plan = Plan.objects.filter(owner__kind=OrgKind.COMMUNITY).order_by("pk").first()
        self.assertEqual(client.get(f"/plans/{plan.pk}/").status_code, 200)
        self.assertEqual(client.get(f"/monitoring/plans/{plan.pk}/").status_code, 200)
        self.assertTrue(client.login(username="scale-c1-executor", password=SCALE_PASSWORD))
        self.assertEqual(client.get("/monitoring/").status_code, 200)

    def test_the_command_adds_another_country_beside(self):
        from django.core.management.base import CommandError

        with self.assertRaisesRegex(CommandError, "--prefix"):
            call_command("seed_scale", communities=1, verbosity=0)
        call_command("seed_scale", communities=1, seed=2, prefix="more", verbosity=0)
        self.assertEqual(Plan.objects.count(), 5 + 3)
        self.assertEqual(orphans(MODELS), {})
