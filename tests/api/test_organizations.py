"""Organisations: the caller's part of the tree, in tree order."""

from __future__ import annotations

from tests.api.base import ApiTestCase


class OrganizationsTestCase(ApiTestCase):
    def names(self, url, user):
        return [r["name"] for r in self.get_json(url, user)["results"]]

    def test_a_coordinator_sees_the_community_and_below_in_tree_order(self):
        rows = self.get_json("/api/v1/organizations/", self.coordinator)["results"]
        self.assertEqual(rows[0]["id"], self.community.pk)
        self.assertEqual(rows[0]["depth"], 2)
        self.assertTrue(all(r["parent"] == self.community.pk for r in rows[1:]))
        self.assertNotIn(self.other_community.pk, [r["id"] for r in rows])

    def test_filters_by_parent_kind_within_and_name(self):
        url = "/api/v1/organizations/"
        children = self.names(f"{url}?parent={self.district.pk}", self.reviewer)
        self.assertEqual(children, [self.community.name, self.other_community.name])
        kinds = self.names(f"{url}?kind=department", self.reviewer)
        self.assertEqual(set(kinds), {self.service.name, self.other_service.name})
        within = self.names(f"{url}?within={self.other_community.pk}", self.reviewer)
        self.assertEqual(within, [self.other_community.name, self.other_service.name])
        self.assertEqual(
            self.names(f"{url}?q=Служба Бетівської", self.reviewer), [self.other_service.name]
        )
        self.get_json(f"{url}?kind=planet", self.reviewer, status=400)

    def test_an_organisation_outside_the_callers_tree_is_404(self):
        self.get_json(
            f"/api/v1/organizations/{self.other_community.pk}/", self.coordinator, status=404
        )
        body = self.get_json(f"/api/v1/organizations/{self.service.pk}/", self.coordinator)
        self.assertEqual(body["kind"], "department")

    def test_anonymous_callers_get_401(self):
        self.get_json(f"/api/v1/organizations/{self.service.pk}/", status=401)
