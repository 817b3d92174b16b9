"""Object pairs across communities: every action that names two objects (a source and a
target) checks the user's rights on both. A coordinator or admin of community B names an
object of community A on either side of each multi-object action: refused, and the database
is unchanged. Built on the permission matrix's world (tests/security/world.py); the
neighbouring community B is `world.other` and its coordinator is the matrix's "outsider"."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings

from planwatch.monitoring.models import ExecutionReport, ExpectedReport
from planwatch.orgs.models import Membership, Organization, OrgKind, Role
from planwatch.plans.models import ImportDraft, Plan
from planwatch.strategy.models import Crosswalk
from tests.security.world import World
from tests.support.factory import (
    PASSWORD,
    make_draft,
    make_org,
    make_plan,
    make_plan_dict,
    make_user,
)
from tests.support.monitoring_base import EVIDENCE_DIR


def snapshot() -> dict:
    """What a refused request must leave as it was: the tree, owners, roles, imports, reports."""
    return {
        "orgs": list(Organization.objects.values_list("pk", "name", "parent_id", "path")),
        "plans": list(Plan.objects.values_list("pk", "owner_id", "current_revision_id")),
        "roles": list(Membership.objects.values_list("pk", "user_id", "org_id", "role")),
        "drafts": list(
            ImportDraft.objects.values_list("pk", "owner_id", "plan_id", "status", "executor_map")
        ),
        "expected_reports": list(
            ExpectedReport.objects.values_list("pk", "plan_id", "organization_id")
        ),
        "reports": list(ExecutionReport.objects.values_list("pk", "state")),
        "links": list(Crosswalk.objects.values_list("pk", "measure_id", "item_id")),
    }


def upload(name="plan.json", **fields) -> dict:
    data = json.dumps(make_plan_dict()).encode()
    return {"file": SimpleUploadedFile(name, data), **fields}


@override_settings(PLANWATCH_EVIDENCE_ROOT=EVIDENCE_DIR)
class CrossCommunityPairsTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        w = cls.world = World()
        cls.a_partner = make_org("Благодійний фонд «Альфа»", OrgKind.PARTNER, w.community)
        cls.b_service = make_org("Служба у справах дітей Бетівської", OrgKind.DEPARTMENT, w.other)
        cls.b_partner = make_org("Благодійний фонд «Бета»", OrgKind.PARTNER, w.other)
        cls.b_coordinator = w.users["outsider"]
        cls.b_admin = make_user("b-admin", w.other, Role.ADMIN)
        cls.b_plan = make_plan(w.other, user=cls.b_coordinator)
        cls.b_draft = make_draft(w.other, user=cls.b_coordinator)

    def setUp(self) -> None:
        self.before = snapshot()

    def as_user(self, user) -> None:
        self.assertTrue(self.client.login(username=user.username, password=PASSWORD))

    def assert_refused(self, response, *codes: int) -> None:
        self.assertIn(response.status_code, codes, response.content[:300])
        self.assertEqual(snapshot(), self.before, "a refused request changed the database")

    # -- merge: the attack the tester found -------------------------------------------------

    def test_b_cannot_swallow_community_a(self):
        """Target B (editable by the attacker), source A: was a takeover, now 403."""
        w = self.world
        self.as_user(self.b_coordinator)
        response = self.client.post(f"/orgs/{w.other.pk}/merge/", {"other": w.community.pk})
        self.assert_refused(response, 403)
        self.assertContains(response, "Нічого не змінено", status_code=403)

    def test_b_cannot_fold_itself_into_community_a(self):
        w = self.world
        self.as_user(self.b_coordinator)
        response = self.client.post(f"/orgs/{w.community.pk}/merge/", {"other": w.other.pk})
        self.assert_refused(response, 404)

    def test_b_cannot_take_a_department_of_a(self):
        w = self.world
        for user in (self.b_coordinator, self.b_admin):
            self.as_user(user)
            for target, source in ((self.b_service, w.service), (self.b_partner, self.a_partner)):
                response = self.client.post(f"/orgs/{target.pk}/merge/", {"other": source.pk})
                self.assert_refused(response, 400, 403, 404)
            response = self.client.post(
                f"/orgs/{w.service.pk}/merge/", {"other": self.b_service.pk}
            )
            self.assert_refused(response, 404)

    def test_the_merge_form_names_no_neighbour(self):
        w = self.world
        self.as_user(self.b_coordinator)
        for org in (w.other, self.b_service):
            page = self.client.get(f"/orgs/{org.pk}/").content.decode()
            self.assertNotIn(w.community.name, page)
            self.assertNotIn(self.a_partner.name, page)
        page = self.client.get(f"/orgs/{self.b_service.pk}/").content.decode()
        self.assertIn(self.b_partner.name, page)  # its own sibling is offered

    def test_a_coordinator_merges_inside_its_own_community(self):
        self.as_user(self.b_coordinator)
        response = self.client.post(
            f"/orgs/{self.b_service.pk}/merge/", {"other": self.b_partner.pk}
        )
        self.assertRedirects(response, f"/orgs/{self.b_service.pk}/")
        self.assertFalse(Organization.objects.filter(pk=self.b_partner.pk).exists())

    def test_communities_are_merged_only_by_an_admin_above_both(self):
        w = self.world
        district_coordinator = make_user("d-coordinator", w.district, Role.COORDINATOR)
        two_hats = make_user("two-hats", w.community, Role.ADMIN)
        Membership.objects.create(user=two_hats, org=w.other, role=Role.ADMIN)
        self.before = snapshot()
        for user in (district_coordinator, two_hats, self.world.users["reviewer"]):
            self.as_user(user)
            response = self.client.post(f"/orgs/{w.community.pk}/merge/", {"other": w.other.pk})
            self.assert_refused(response, 403, 404)
        district_admin = make_user("d-admin", w.district, Role.ADMIN)
        self.as_user(district_admin)
        response = self.client.post(f"/orgs/{w.community.pk}/merge/", {"other": w.other.pk})
        self.assertRedirects(response, f"/orgs/{w.community.pk}/")
        self.assertEqual(Plan.objects.get(pk=self.b_plan.pk).owner, w.community)

    def test_top_level_bodies_only_by_a_superuser(self):
        w = self.world
        other_oblast = make_org("Інша обласна державна адміністрація", OrgKind.OBLAST)
        oblast_admin = make_user("o-admin", w.oblast, Role.ADMIN)
        self.before = snapshot()
        self.as_user(oblast_admin)
        response = self.client.post(f"/orgs/{w.oblast.pk}/merge/", {"other": other_oblast.pk})
        self.assert_refused(response, 403)

    # -- the other actions that name two objects -------------------------------------------

    def test_an_import_for_b_cannot_amend_a_plan_of_a(self):
        w = self.world
        self.as_user(self.b_coordinator)
        data = upload(owner=w.other.pk, plan=w.plan.pk)
        self.assert_refused(self.client.post("/plans/import/", data), 400, 200)
        data = upload(owner=w.community.pk)
        self.assert_refused(self.client.post("/plans/import/", data), 400, 200)

    def test_an_import_cannot_hang_a_department_document_on_the_community_plan(self):
        """Both are in the coordinator's reach, but the plan is not the chosen owner's."""
        w = self.world
        self.as_user(w.users["coordinator"])
        response = self.client.post("/plans/import/", upload(owner=w.service.pk, plan=w.plan.pk))
        self.assertContains(response, "належить іншій організації", status_code=200)
        self.assertEqual(snapshot(), self.before)

    def test_executors_of_b_import_cannot_be_mapped_to_a_organisations(self):
        w = self.world
        self.as_user(self.b_coordinator)
        data = {"org_0": str(w.service.pk)}
        response = self.client.post(f"/plans/import/{self.b_draft.pk}/executors/", data)
        self.assert_refused(response, 400)

    def test_a_draft_amending_a_plan_of_a_is_out_of_reach(self):
        w = self.world
        ImportDraft.objects.filter(pk=self.b_draft.pk).update(plan=w.plan)
        self.before = snapshot()
        self.as_user(self.b_coordinator)
        self.assert_refused(self.client.get(f"/plans/import/{self.b_draft.pk}/"), 404)
        response = self.client.post(f"/plans/import/{self.b_draft.pk}/publish/")
        self.assert_refused(response, 404)

    def test_bulk_review_of_b_plan_cannot_name_a_report_of_a(self):
        w = self.world
        self.as_user(self.b_coordinator)
        data = {"action": "accept", "expected": [w.expected_report.pk]}
        response = self.client.post(f"/monitoring/plans/{self.b_plan.pk}/reports/review/", data)
        self.assert_refused(response, 404)

    def test_b_admin_cannot_remove_a_role_in_a(self):
        w = self.world
        self.as_user(self.b_admin)
        url = f"/orgs/{w.other.pk}/people/{w.membership.pk}/remove/"
        self.assert_refused(self.client.post(url), 404)

    def test_strategy_review_of_b_plan_cannot_link_a_measure_of_a(self):
        w = self.world
        self.as_user(self.b_coordinator)
        m = w.measure.pk
        data = {f"accept_{m}": "on", f"item_{m}": str(w.item.pk)}
        response = self.client.post(f"/strategy/review/{self.b_plan.pk}/?doc=matrix", data)
        self.assertIn(response.status_code, (200, 302))
        self.assertEqual(snapshot(), self.before)

    def test_the_executor_page_of_b_ignores_a_report_of_a(self):
        w = self.world
        executor = make_user("b-executor", self.b_service, Role.EXECUTOR)
        self.before = snapshot()
        self.as_user(executor)
        prefix = f"r{w.expected_report.pk}-"
        data = {
            "expected": [str(w.expected_report.pk)],
            prefix + "outcome": "done",
            "action": "submit",
        }
        data[prefix + "narrative"] = "Чуже."
        self.client.post("/monitoring/", data)
        self.assertEqual(snapshot(), self.before)
