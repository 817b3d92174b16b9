"""The OpenAPI schema and the self-contained reference page."""

from __future__ import annotations

import re

from tests.api.base import ApiTestCase


class SchemaTestCase(ApiTestCase):
    def test_the_schema_is_openapi_3_with_every_endpoint(self):
        schema = self.get_json("/api/v1/openapi.json")
        self.assertTrue(schema["openapi"].startswith("3."))
        paths = set(schema["paths"])
        for path in (
            "/api/v1/organizations/",
            "/api/v1/plans/{id}/tree/",
            "/api/v1/measures/",
            "/api/v1/reports/{id}/submit/",
            "/api/v1/plans/{id}/reporting-status/",
            "/api/v1/coverage/",
        ):
            self.assertIn(path, paths)
        self.assertEqual(set(schema["components"]["securitySchemes"]), {"tokenAuth", "cookieAuth"})

    def test_filters_are_documented_with_their_enums(self):
        params = self.get_json("/api/v1/openapi.json")["paths"]["/api/v1/reports/"]["get"]
        by_name = {p["name"]: p for p in params["parameters"]}
        self.assertLessEqual(
            {"plan", "organization", "period", "status", "page", "page_size"}, set(by_name)
        )
        self.assertIn("overdue", by_name["status"]["schema"]["enum"])

    def test_every_list_is_paginated_in_the_schema(self):
        paths = self.get_json("/api/v1/openapi.json")["paths"]
        for path, item in paths.items():
            if path.endswith("/") and "{id}" not in path and path != "/api/v1/coverage/":
                ref = item["get"]["responses"]["200"]["content"]["application/json"]["schema"][
                    "$ref"
                ]
                self.assertIn("Paginated", ref, path)

    def test_the_reference_page_loads_nothing_from_elsewhere(self):
        response = self.client.get("/api/v1/docs/")
        self.assertContains(response, "/api/v1/reports/{id}/submit/")
        self.assertContains(response, 'id="schema-Report"')
        html = response.content.decode()
        self.assertNotIn("<script", html)
        self.assertFalse(re.findall(r'(?:src|href)="(?:https?:)?//', html))
