"""The roll-up world: the monitoring world (oblast → district → two communities) with a plan
in each community and a handful of reports. Helpers only; the test_* files build on it."""

from __future__ import annotations

import datetime as dt

from planwatch.monitoring.models import ExpectedReport, Outcome, ReportState
from planwatch.orgs.models import OrgKind
from tests.support.factory import make_org, make_plan
from tests.support.monitoring_base import KYIV, MonitoringTestCase, make_report

NOW = dt.datetime(2026, 1, 25, 10, 0, tzinfo=KYIV)
ON_TIME = dt.datetime(2025, 10, 10, 12, 0, tzinfo=KYIV)
LATE = dt.datetime(2025, 10, 28, 12, 0, tzinfo=KYIV)


class RollupTestCase(MonitoringTestCase):
    """`self.plan` (3 measures) and `self.mplan` (3 measures, co-executors, a partner, a
    target of 100 %) in the first community; `self.bplan` (2 measures) in the second."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.bplan = make_plan(cls.other_community, measures=2, title="План Бетівської громади")

    def report(self, plan, number: int, period: str, state=ReportState.ACCEPTED, **kw):
        m = list(plan.current_revision.measures.order_by("position"))[number - 1]
        expected_report = (
            ExpectedReport.objects.filter(measure=m, period=period).order_by("pk").first()
        )
        return make_report(expected_report, state=state, **kw)

    def url(self, org=None, period: str = "2025") -> str:
        return f"/rollup/{(org or self.district).pk}/?period={period}"


def add_community(district, n: int, plans: int = 1):
    """Another community under `district` with plans whose reports are all accepted."""
    community = make_org(f"Громада номер {n}", OrgKind.COMMUNITY, district)
    for i in range(plans):
        plan = make_plan(community, measures=3, title=f"План громади {n}.{i}")
        for expected_report in ExpectedReport.objects.filter(plan=plan, period="2025-Q3"):
            make_report(expected_report, state=ReportState.ACCEPTED, outcome=Outcome.DONE,
                        submitted_at=ON_TIME)  # fmt: skip
    return community
