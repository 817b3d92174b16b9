"""Lost updates through the API: two clients read the same report, both write; the second
gets 409 (412 when it sent `If-Match`) with the report as it is now, and the database keeps
the first one's text until the second sends again with the new version."""

from __future__ import annotations

from planwatch.monitoring.models import ExecutionReport, ReportState
from planwatch.orgs.models import Role
from tests.api.base import ApiTestCase
from tests.support.factory import make_user
from tests.support.monitoring_base import make_report


class ReportVersionTestCase(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.colleague = make_user("executor-2", cls.service, Role.EXECUTOR)

    def url(self, expected_report, suffix=""):
        return f"/api/v1/reports/{expected_report.pk}/{suffix}"

    def read(self, user, expected_report) -> tuple[str, str]:
        """(the body's version, the ETag header) as a client reads them."""
        response = self.api(user).get(self.url(expected_report))
        self.assertEqual(response.status_code, 200)
        return response.json()["report"]["version"], response["ETag"]

    def test_the_second_put_with_the_old_version_is_409_and_changes_nothing(self):
        expected_report = self.expected_report(2)
        make_report(expected_report, narrative="Чернетка.")
        version_a, _ = self.read(self.executor, expected_report)
        version_b, _ = self.read(self.colleague, expected_report)
        a = self.api(self.executor).put(
            self.url(expected_report),
            {"narrative": "Версія А.", "version": version_a},
            format="json",
        )
        self.assertEqual(a.status_code, 200)
        b = self.api(self.colleague).put(
            self.url(expected_report),
            {"narrative": "Версія Б.", "version": version_b},
            format="json",
        )
        self.assertEqual(b.status_code, 409)
        body = b.json()
        self.assertIn("Хтось інший змінив цей звіт", body["detail"])
        self.assertEqual(body["current"]["report"]["narrative"], "Версія А.")
        self.assertEqual(
            ExecutionReport.objects.get(expected=expected_report).narrative, "Версія А."
        )

        again = self.api(self.colleague).put(
            self.url(expected_report),
            {"narrative": "Версія Б.", "version": body["current"]["report"]["version"]},
            format="json",
        )
        self.assertEqual(again.status_code, 200)
        self.assertEqual(
            ExecutionReport.objects.get(expected=expected_report).narrative, "Версія Б."
        )

    def test_if_match_with_a_stale_etag_is_412(self):
        expected_report = self.expected_report(2)
        make_report(expected_report, narrative="Чернетка.")
        _, etag = self.read(self.executor, expected_report)
        self.assertEqual(etag, '"0"')
        first = self.api(self.colleague).put(
            self.url(expected_report), {"narrative": "Колега."}, format="json", HTTP_IF_MATCH=etag
        )
        self.assertEqual((first.status_code, first["ETag"]), (200, '"1"'))
        stale = self.api(self.executor).put(
            self.url(expected_report), {"narrative": "Моє."}, format="json", HTTP_IF_MATCH=etag
        )
        self.assertEqual(stale.status_code, 412)
        self.assertEqual(stale.json()["current"]["report"]["narrative"], "Колега.")
        self.assertEqual(stale["ETag"], '"1"')
        self.assertEqual(ExecutionReport.objects.get(expected=expected_report).narrative, "Колега.")

    def test_a_submit_over_a_newer_save_is_409(self):
        expected_report = self.expected_report(2)
        make_report(expected_report, narrative="Чернетка.")
        version, _ = self.read(self.executor, expected_report)
        self.api(self.colleague).put(
            self.url(expected_report), {"narrative": "Колега.", "version": version}, format="json"
        )
        response = self.api(self.executor).post(
            self.url(expected_report, "submit/"),
            {"outcome": "done", "narrative": "Моє.", "version": version},
            format="json",
        )
        self.assertEqual(response.status_code, 409)
        report = ExecutionReport.objects.get(expected=expected_report)
        self.assertEqual((report.state, report.narrative), (ReportState.DRAFT, "Колега."))

    def test_a_review_of_a_report_changed_since_it_was_read_is_409(self):
        expected_report = self.expected_report(2)
        report = make_report(expected_report, state=ReportState.SUBMITTED, narrative="Перша.")
        read, _ = self.read(self.coordinator, expected_report)
        # Another coordinator returns it; the executor fixes and hands it in again.
        self.api(self.reviewer_coordinator()).post(
            self.url(expected_report, "review/"),
            {"action": "return", "comment": "Уточніть."},
            format="json",
        )
        mine, _ = self.read(self.executor, expected_report)
        self.api(self.executor).post(
            self.url(expected_report, "submit/"),
            {"outcome": "done", "narrative": "Друга.", "version": mine},
            format="json",
        )
        stale = self.api(self.coordinator).post(
            self.url(expected_report, "review/"),
            {"action": "accept", "version": read},
            format="json",
        )
        self.assertEqual(stale.status_code, 409)
        self.assertEqual(stale.json()["current"]["report"]["narrative"], "Друга.")
        report.refresh_from_db()
        self.assertEqual(report.state, ReportState.SUBMITTED)
        fresh, etag = self.read(self.coordinator, expected_report)
        ok = self.api(self.coordinator).post(
            self.url(expected_report, "review/"),
            {"action": "accept"},
            format="json",
            HTTP_IF_MATCH=etag,
        )
        self.assertEqual(ok.status_code, 200)
        report.refresh_from_db()
        self.assertEqual(report.state, ReportState.ACCEPTED)

    def test_the_schema_documents_versions(self):
        schema = self.api().get("/api/v1/openapi.json").json()
        put = schema["paths"]["/api/v1/reports/{id}/"]["put"]
        self.assertIn("If-Match", [p["name"] for p in put["parameters"]])
        self.assertLessEqual({"409", "412"}, set(put["responses"]))
        stale = schema["components"]["schemas"]["StaleReport"]
        self.assertEqual(set(stale["properties"]), {"detail", "current"})

    def reviewer_coordinator(self):
        return make_user("coordinator-2", self.community, Role.COORDINATOR)
