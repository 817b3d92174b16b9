"""Schemathesis against the OpenAPI schema, in-process through the WSGI app: no server error
(5xx) for any generated request, as an anonymous caller and as an executor with a token.

Each operation gets generated requests (valid and invalid: GenerationMode.NEGATIVE too) and,
for `{id}` paths, requests on objects that exist in the test world, so the handlers run past
their 404s. Bounded: MAX_EXAMPLES per operation and caller, no example database, no deadline;
inside a Django TestCase, so writes roll back. A failure prints the request to reproduce."""

from __future__ import annotations

import collections
import datetime as dt
from functools import cache

import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from planwatch.api.tokens import rotate_token
from planwatch.meetings.models import Decision, Meeting
from planwatch.monitoring import approvals, handover
from planwatch.monitoring.models import DueRule, Duty, DutyKind, ExpectedReport, ReportState
from planwatch.monitoring.periods import Period
from planwatch.strategy.models import Level, StrategyDocument, StrategyItem
from planwatch.wsgi import application
from tests.api.base import ApiTestCase
from tests.support.monitoring_base import make_report

MAX_EXAMPLES = 15
HUGE = 10**20  # past the database's 64-bit integers: a page or id that must not be a 500


@cache
def api_schema():
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


class SchemathesisTestCase(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        measures = list(cls.mplan.current_revision.measures.order_by("position"))
        expected_reports = ExpectedReport.objects.filter(organization=cls.service, period="2025-Q3")
        cls.accepted = make_report(
            expected_reports.get(measure=measures[1]), state=ReportState.ACCEPTED
        )
        cls.draft = make_report(expected_reports.get(measure=measures[0]))
        document = StrategyDocument.objects.create(
            code="strategy-2024", title="Стратегія", short_title="Стратегія", is_current=True
        )
        goal = StrategyItem.objects.create(
            document=document, level=Level.STRATEGIC_GOAL, number="1", title="Ціль"
        )
        StrategyItem.objects.create(
            document=document, parent=goal, level=Level.OPERATIONAL_GOAL, number="1.1", title="Ц"
        )
        # A hand-over and a submitted period, for the chain endpoints' `{id}` paths.
        duty = Duty.objects.create(
            plan=cls.mplan,
            kind=DutyKind.COORDINATOR_SUMMARY,
            frequency="quarterly",
            due_rule=DueRule.DAYS_AFTER,
            due_days=35,
        )
        q3, today = Period.parse("2025-Q3"), dt.date(2025, 10, 12)
        cls.handover = handover.prepare(cls.mplan, duty, q3, cls.coordinator, today)
        chain = approvals.chain_of(cls.mplan)
        cls.approval = approvals.submit(cls.mplan, q3, cls.coordinator, chain, today)
        cls.meeting = Meeting.objects.create(
            plan=cls.mplan, date=dt.date(2025, 9, 25), body="council"
        )
        Decision.objects.create(
            meeting=cls.meeting,
            text="Рішення",
            responsible=cls.service,
            due_date=dt.date(2025, 9, 30),
        )
        cls.known_ids = {
            "organizations": [cls.service.pk, cls.other_community.pk],
            "plans": [cls.mplan.pk, cls.plan.pk],
            "measures": [measures[0].pk],
            "reports": [cls.accepted.expected_id, cls.draft.expected_id],
            "approvals": [cls.approval.pk],
            "handovers": [cls.handover.pk],
            "meetings": [cls.meeting.pk],
        }

    def setUp(self) -> None:
        # The raw WSGI app closes "old" database connections around each request; inside a
        # test's transaction that would close the test's own connection (PostgreSQL). Django's
        # test client switches this off the same way.
        for signal in (request_started, request_finished):
            signal.disconnect(close_old_connections)
            self.addCleanup(signal.connect, close_old_connections)

    def strategy(self, operation):
        """Generated requests, invalid ones, and requests on objects that exist."""
        variants = [operation.as_strategy(), operation.as_strategy(GenerationMode.NEGATIVE)]
        path = operation.path.removeprefix("/api/v1/")
        family = path.split("/", 1)[0]
        if "{id}" in path:
            variants += [
                operation.as_strategy(path_parameters={"id": pk})
                for pk in self.known_ids.get(family, [])
            ]
        elif operation.method.upper() == "GET":
            variants.append(operation.as_strategy(query={"page": 1}))
        return st.one_of(variants)

    def run_schema(self, headers: dict, only: tuple[str, ...] = ()) -> collections.Counter:
        statuses: collections.Counter = collections.Counter()
        for result in api_schema().get_all_operations():
            operation = result.ok()
            if only and not operation.path.startswith(only):
                continue

            @settings(
                max_examples=MAX_EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=self.strategy(operation))
            def check(case):
                response = case.call(headers=headers)
                statuses[response.status_code] += 1
                case.validate_response(response, checks=[not_a_server_error])

            with self.subTest(operation=operation.label):
                check()
        return statuses

    def test_anonymous_callers_never_get_a_server_error(self):
        statuses = self.run_schema({})
        self.assertFalse([s for s in statuses if s >= 500])
        self.assertGreater(statuses[200], 30, statuses)
        self.assertGreater(statuses[401], 30, statuses)

    def test_an_executor_with_a_token_never_gets_a_server_error(self):
        key = rotate_token(self.executor).key
        statuses = self.run_schema({"Authorization": f"Token {key}"})
        self.assertFalse([s for s in statuses if s >= 500])
        self.assertGreater(statuses[200], 50, statuses)
        self.assertGreater(statuses[400], 10, statuses)

    def test_a_coordinator_on_the_hand_over_and_approval_endpoints_never_gets_a_server_error(self):
        """The executor sees no hand-over or approval (404 before any handler runs); the plan's
        coordinator reaches every one of them, its steps included."""
        key = rotate_token(self.coordinator).key
        only = ("/api/v1/approvals", "/api/v1/handovers")
        statuses = self.run_schema({"Authorization": f"Token {key}"}, only=only)
        self.assertFalse([s for s in statuses if s >= 500])
        self.assertGreater(statuses[200], 10, statuses)
        self.assertGreater(statuses[400], 10, statuses)

    def huge_cases(self, operation):
        """Each integer parameter of the operation (path id, page, page_size, ids and years in
        the query) with a huge and a hugely negative value, one at a time."""
        path = {"id": 1} if "{id}" in operation.path else {}
        if path:
            for value in (HUGE, -HUGE):
                yield operation.Case(path_parameters={"id": value})
        if operation.method.upper() != "GET":
            return
        names = {"page", "page_size"}
        for param in operation.query:
            if param.definition.get("schema", {}).get("type") == "integer":
                names.add(param.name)
        for name in sorted(names):
            for value in (HUGE, -HUGE, "1e400"):
                yield operation.Case(path_parameters=path or None, query={name: value})

    def test_huge_integers_are_refused_not_a_server_error(self):
        key = rotate_token(self.executor).key
        statuses: collections.Counter = collections.Counter()
        for headers in ({}, {"Authorization": f"Token {key}"}):
            for result in api_schema().get_all_operations():
                operation = result.ok()
                for case in self.huge_cases(operation):
                    response = case.call(headers=headers)
                    statuses[response.status_code] += 1
                    self.assertLess(response.status_code, 500, f"{case.path} {case.query}")
        self.assertGreater(statuses[400] + statuses[404], 50, statuses)
