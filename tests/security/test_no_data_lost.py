"""Writes are all or nothing: a crash half-way through a publish or a POST leaves no trace."""

from __future__ import annotations

from unittest import mock

from django.conf import settings
from django.test import Client, TransactionTestCase

from planwatch.monitoring.models import ExpectedReport, ReportingSchedule
from planwatch.orgs.models import Organization, OrgKind, Role
from planwatch.plans.models import (
    AuditEntry,
    DraftStatus,
    ImportDraft,
    Measure,
    MeasureExecutor,
    Node,
    Plan,
    PlanRevision,
)
from planwatch.plans.publish import publish_draft
from tests.support.factory import PASSWORD, make_draft, make_org, make_plan_dict, make_user

TABLES = (
    Plan,
    PlanRevision,
    Node,
    Measure,
    MeasureExecutor,
    AuditEntry,
    ExpectedReport,
    ReportingSchedule,
    Organization,
)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in TABLES}


class Boom(RuntimeError):
    pass


class CrashMidPublishTestCase(TransactionTestCase):
    """Real commits (TransactionTestCase): what a crash leaves is what the database keeps."""

    def setUp(self) -> None:
        self.community = make_org("Альфівська сільська рада", OrgKind.COMMUNITY)
        self.coordinator = make_user("coordinator", self.community, Role.COORDINATOR)
        # executors named in the document are new: publish creates their organisations too
        doc = make_plan_dict(measures=12, tasks=3)
        self.draft = make_draft(self.community, doc, user=self.coordinator)

    def assert_nothing_published(self, before: dict) -> None:
        self.assertEqual(counts(), before)
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.status, DraftStatus.PENDING)
        self.assertIsNone(self.draft.published_revision_id)

    def test_a_crash_after_the_measures_are_written_leaves_no_half_plan(self):
        before = counts()

        def measures_written_then_crash(*args, **kwargs):
            self.assertGreater(Measure.objects.count(), 0)  # rows are in, uncommitted
            raise Boom("disk full")

        with (
            mock.patch.object(MeasureExecutor.objects, "bulk_create", measures_written_then_crash),
            self.assertRaises(Boom),
        ):
            publish_draft(self.draft, self.coordinator)
        self.assert_nothing_published(before)

    def test_a_crash_in_the_expected_reports_recompute_rolls_back_the_plan(self):
        before = counts()
        with (
            mock.patch("planwatch.monitoring.expected._apply", side_effect=Boom("bug")),
            self.assertRaises(Boom),
        ):
            publish_draft(self.draft, self.coordinator)
        self.assert_nothing_published(before)

    def test_a_crash_in_the_publish_view_leaves_no_half_plan_and_the_draft_can_be_retried(self):
        before = counts()
        client = Client(raise_request_exception=False)
        self.assertTrue(client.login(username="coordinator", password=PASSWORD))
        url = f"/plans/import/{self.draft.pk}/publish/"
        with (
            mock.patch("planwatch.plans.publish.link_previous"),
            mock.patch("planwatch.plans.publish.AuditEntry.record", side_effect=Boom("crash")),
        ):
            response = client.post(url)
        self.assertEqual(response.status_code, 500)
        self.assert_nothing_published(before)
        response = client.post(url)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Plan.objects.count(), before["Plan"] + 1)
        self.assertEqual(Measure.objects.count(), 12)

    def test_the_import_command_publishes_all_or_nothing(self):
        from django.core.management import call_command

        from tests.plans.test_import_upload import TEXT_PLAN

        path = self._tmp_file("plan.txt", TEXT_PLAN.encode())
        before = counts()
        with (
            mock.patch.object(Node.objects, "bulk_create", side_effect=Boom("crash")),
            self.assertRaises(Boom),
        ):
            call_command("import_plan", path, org=self.community.name, publish=True, verbosity=0)
        after = counts()
        self.assertEqual(after, before)

    def _tmp_file(self, name: str, data: bytes) -> str:
        import tempfile
        from pathlib import Path

        folder = Path(tempfile.mkdtemp(prefix="planwatch-crash-"))
        (folder / name).write_bytes(data)
        return str(folder / name)


class AtomicWritesTestCase(TransactionTestCase):
    def setUp(self) -> None:
        self.community = make_org("Альфівська сільська рада", OrgKind.COMMUNITY)
        make_user("coordinator", self.community, Role.COORDINATOR)
        self.client = Client(raise_request_exception=False)
        self.assertTrue(self.client.login(username="coordinator", password=PASSWORD))

    def test_a_post_that_fails_half_way_changes_nothing(self):
        """Rename writes the name, then the old name as an alias: a crash at the alias
        must not keep the new name (the old one would be lost as a spelling)."""
        url = f"/orgs/{self.community.pk}/rename/"
        with mock.patch.object(Organization, "add_alias", side_effect=Boom("crash")):
            response = self.client.post(
                url, {"name": "Нова назва громади", "katottg": "", "version": 0}
            )
        self.assertEqual(response.status_code, 500)
        self.community.refresh_from_db()
        self.assertEqual(self.community.name, "Альфівська сільська рада")

    def test_the_same_post_without_the_crash_is_saved(self):
        url = f"/orgs/{self.community.pk}/rename/"
        response = self.client.post(
            url, {"name": "Нова назва громади", "katottg": "", "version": 0}
        )
        self.assertEqual(response.status_code, 302)
        self.community.refresh_from_db()
        self.assertEqual(self.community.name, "Нова назва громади")
        self.assertTrue(self.community.aliases.filter(name="Альфівська сільська рада").exists())

    def test_the_middleware_wraps_the_view_last(self):
        self.assertEqual(settings.MIDDLEWARE[-1], "planwatch.lib.atomic.AtomicWritesMiddleware")

    def test_reads_open_no_transaction(self):
        from django.db import connection

        from planwatch.lib.atomic import AtomicWritesMiddleware

        seen = []
        AtomicWritesMiddleware(
            lambda r: seen.append(connection.in_atomic_block) or mock.Mock(status_code=200)
        )(mock.Mock(method="GET"))
        self.assertEqual(seen, [False])


class DraftSurvivesTestCase(TransactionTestCase):
    def test_a_pending_draft_is_kept_when_publish_fails(self):
        community = make_org("Альфівська сільська рада", OrgKind.COMMUNITY)
        draft = make_draft(community, make_plan_dict(measures=2))
        with (
            mock.patch.object(Measure.objects, "bulk_create", side_effect=Boom("x")),
            self.assertRaises(Boom),
        ):
            publish_draft(draft, None)
        self.assertEqual(ImportDraft.objects.get(pk=draft.pk).status, DraftStatus.PENDING)
        self.assertEqual(publish_draft(draft, None).measures.count(), 2)
