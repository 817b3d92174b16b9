"""The monitoring world: BaseTestCase plus a plan with co-executors, a partner and targets.

Helpers only (no tests here): the other test_monitoring_* files build on MonitoringTestCase.
"""

from __future__ import annotations

import datetime as dt
import tempfile

from django.test import override_settings
from django.utils import timezone

from planwatch.monitoring.models import ExecutionReport, ExpectedReport, Outcome, ReportState
from planwatch.orgs.models import OrgKind, Role
from tests.support.base import BaseTestCase
from tests.support.factory import make_measure_dict, make_org, make_plan, make_plan_dict, make_user

KYIV = dt.timezone(dt.timedelta(hours=3))
EVIDENCE_DIR = tempfile.mkdtemp(prefix="planwatch-evidence-")


def measure(n: int, executors: list[tuple[str, bool]], start="2025-01-01", end="2026-12-31", **kw):
    """A measure dict whose executors may be partners "за згодою" (the bool)."""
    m = make_measure_dict(n, ", ".join(name for name, _ in executors), **kw)
    m["deadline"].update(start=start, end=end)
    m["executors"]["organizations"] = [
        {"name": name, "by_consent": consent, "id": name} for name, consent in executors
    ]
    return m


def monitored_plan_dict(extra: int = 0) -> dict:
    doc = make_plan_dict(measures=0, title="План моніторингу громади на 2025-2026 роки")
    task = doc["nodes"][0]["children"][0]
    shared = measure(1, [("Служба у справах дітей", False), ("Центр соціальних служб", False)])
    shared["indicator"] = {
        "text": "охоплення 100 % сімей",
        "targets": [{"value": 100, "unit": "%", "text": "охоплення 100 % сімей"}],
    }
    task["measures"] = [
        shared,
        measure(2, [("Служба у справах дітей", False)], end="2025-12-31"),
        measure(3, [("Служба у справах дітей", False), ("ГО «Світло» (за згодою)", True)]),
        *(measure(4 + i, [("Служба у справах дітей", False)]) for i in range(extra)),
    ]
    return doc


@override_settings(
    PLANWATCH_EVIDENCE_ROOT=EVIDENCE_DIR,
    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
)
class MonitoringTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.center = make_org("Центр соціальних служб", OrgKind.INSTITUTION, cls.community)
        cls.partner = make_org("ГО «Світло»", OrgKind.PARTNER, cls.community)
        cls.co_executor = make_user("center-executor", cls.center, Role.EXECUTOR)
        cls.other_service = make_org(
            "Служба Бетівської ради", OrgKind.DEPARTMENT, cls.other_community
        )
        cls.other_executor = make_user("other-executor", cls.other_service, Role.EXECUTOR)
        cls.mplan = make_plan(cls.community, doc=monitored_plan_dict(), user=cls.coordinator)

    def measures(self, plan=None):
        return list((plan or self.mplan).current_revision.measures.order_by("position"))

    def expected_report(
        self, number: int = 1, org=None, period: str = "2025-Q3", plan=None
    ) -> ExpectedReport:
        m = self.measures(plan)[number - 1]
        return ExpectedReport.objects.get(
            measure=m, organization=org or self.service, period=period
        )


def make_report(
    expected_report, state=ReportState.DRAFT, outcome=Outcome.IN_PROGRESS, user=None, **kw
):
    """A report in the given state, as if it had gone through the workflow."""
    now = timezone.now()
    submitted = state in (ReportState.SUBMITTED, ReportState.ACCEPTED, ReportState.RETURNED)
    fields = {
        "outcome": outcome,
        "narrative": kw.pop("narrative", "Проведено навчання для фахівців."),
        "state": state,
        "first_submitted_at": kw.pop("submitted_at", now) if submitted else None,
        "accepted_at": now if state == ReportState.ACCEPTED else None,
        "updated_by": user,
        **kw,
    }
    fields["submitted_at"] = fields["first_submitted_at"]
    return ExecutionReport.objects.create(expected=expected_report, **fields)
