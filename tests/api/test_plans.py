"""Plans, their tree and measures: what the app shows the caller, plus public plans."""

from __future__ import annotations

from tests.api.base import ApiTestCase
from tests.support.factory import make_plan


class PlansTestCase(ApiTestCase):
    def hidden_plan(self):
        plan = make_plan(self.other_community, measures=2, title="Внутрішній план громади")
        plan.is_public = False
        plan.save(update_fields=["is_public"])
        return plan

    def test_anonymous_callers_see_public_plans_only(self):
        hidden = self.hidden_plan()
        ids = self.ids("/api/v1/plans/")
        self.assertIn(self.plan.pk, ids)
        self.assertNotIn(hidden.pk, ids)
        self.get_json(f"/api/v1/plans/{hidden.pk}/", status=404)
        self.get_json(f"/api/v1/plans/{hidden.pk}/tree/", status=404)

    def test_members_see_their_hidden_plans_others_do_not(self):
        hidden = self.hidden_plan()
        self.assertIn(hidden.pk, self.ids("/api/v1/plans/", self.outsider))
        self.assertIn(hidden.pk, self.ids("/api/v1/plans/", self.reviewer))  # district, above
        self.assertNotIn(hidden.pk, self.ids("/api/v1/plans/", self.executor))
        self.get_json(f"/api/v1/plans/{hidden.pk}/", self.executor, status=404)

    def test_the_plan_carries_its_owner_and_revision(self):
        body = self.get_json(f"/api/v1/plans/{self.plan.pk}/")
        self.assertEqual(body["owner"]["name"], self.community.name)
        self.assertEqual(body["current_revision"]["approval_number"], "297")
        self.assertEqual(body["current_revision"]["period_start"], 2025)

    def test_the_tree_nests_headings_and_measures_with_normalised_values(self):
        body = self.get_json(f"/api/v1/plans/{self.plan.pk}/tree/")
        goal = body["nodes"][0]
        self.assertEqual((goal["kind"], goal["title"]), ("strategic_goal", "Ціль перша"))
        task = goal["children"][0]
        self.assertEqual(task["number"], "1.1")
        first = task["measures"][0]
        self.assertEqual(first["number"], "1)")
        self.assertEqual(first["deadline_text"], "2025-2026 роки")
        self.assertEqual(first["deadline_end"], "2026-12-31")
        self.assertIsInstance(first["deadline"], dict)
        self.assertEqual(first["executors"][0]["organization"]["id"], self.service.pk)

    def test_plans_filter_by_organisation_status_and_year(self):
        other = make_plan(self.other_community, measures=1, title="Інший план")
        self.assertEqual(
            set(self.ids(f"/api/v1/plans/?organization={self.other_community.pk}")), {other.pk}
        )
        self.assertIn(other.pk, self.ids(f"/api/v1/plans/?organization={self.district.pk}"))
        self.assertEqual(self.ids("/api/v1/plans/?status=archived"), [])
        self.assertEqual(self.ids("/api/v1/plans/?year=2030"), [])
        self.assertIn(other.pk, self.ids("/api/v1/plans/?year=2026"))
        self.get_json("/api/v1/plans/?status=lost", status=400)

    def test_measures_filter_by_plan_executor_year_and_text(self):
        url = f"/api/v1/measures/?plan={self.mplan.pk}"
        self.assertEqual(len(self.ids(url)), 3)
        self.assertEqual(len(self.ids(f"{url}&organization={self.center.pk}")), 1)
        self.assertEqual(len(self.ids(f"{url}&year=2026")), 2)  # measure 2 ends in 2025
        self.assertEqual(len(self.ids(f"{url}&q=ЗАХІД номер 2")), 1)
        self.assertEqual(len(self.ids(f"{url}&status=current")), 3)

    def test_a_measure_of_a_hidden_plan_is_404_for_others(self):
        hidden = self.hidden_plan()
        pk = hidden.current_revision.measures.first().pk
        self.get_json(f"/api/v1/measures/{pk}/", status=404)
        self.get_json(f"/api/v1/measures/{pk}/", self.executor, status=404)
        body = self.get_json(f"/api/v1/measures/{pk}/", self.outsider)
        self.assertEqual(body["plan"], hidden.pk)

    def test_lists_are_paginated(self):
        for i in range(3):
            make_plan(self.community, measures=1, title=f"План {i}")
        body = self.get_json("/api/v1/plans/?page_size=2")
        self.assertEqual((len(body["results"]), body["count"]), (2, 5))
        self.assertIn("page=2", body["next"])
        self.get_json("/api/v1/plans/?page=99", status=404)
