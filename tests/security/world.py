"""The permission matrix's world: one community's plan with everything a URL can point at,
and a person of every role (plus an outsider from the neighbouring community)."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib

from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from planwatch.meetings.models import Decision, Meeting
from planwatch.monitoring import approvals, handover
from planwatch.monitoring.models import (
    DueRule,
    Duty,
    DutyKind,
    Evidence,
    ExpectedReport,
    Indicator,
    ReportState,
)
from planwatch.monitoring.models.notifications import Notification
from planwatch.monitoring.periods import Period
from planwatch.orgs.models import Invitation, Membership, OrgKind, Role
from planwatch.plan_reports.models import ReportFile
from planwatch.plans.models import PlanEvent
from planwatch.plans.publish import publish_draft
from planwatch.strategy.models import Level, StrategyDocument, StrategyItem
from tests.security.files import PDF
from tests.support.factory import PASSWORD, make_draft, make_org, make_plan, make_user
from tests.support.monitoring_base import make_report, monitored_plan_dict

ROLES = ("anonymous", "outsider", "viewer", "executor", "reviewer", "coordinator", "admin")
TODAY = dt.date(2025, 10, 12)


class World:
    """Built once per test class (inside its transaction)."""

    def __init__(self) -> None:
        self.oblast = make_org("Матрична обласна державна адміністрація", OrgKind.OBLAST)
        self.district = make_org(
            "Матрична районна державна адміністрація", OrgKind.DISTRICT, self.oblast
        )
        self.community = make_org("Альфівська сільська рада", OrgKind.COMMUNITY, self.district)
        self.other = make_org("Бетівська міська рада", OrgKind.COMMUNITY, self.district)
        self.service = make_org("Служба у справах дітей", OrgKind.DEPARTMENT, self.community)
        self.users = {
            "outsider": make_user("m-outsider", self.other, Role.COORDINATOR),
            "viewer": make_user("m-viewer", self.community, Role.VIEWER),
            "executor": make_user("m-executor", self.service, Role.EXECUTOR),
            "reviewer": make_user("m-reviewer", self.district, Role.REVIEWER),
            "coordinator": make_user("m-coordinator", self.community, Role.COORDINATOR),
            "admin": make_user("m-admin", self.community, Role.ADMIN),
        }
        coordinator = self.users["coordinator"]
        self.plan = make_plan(self.community, doc=monitored_plan_dict(), user=coordinator)
        amended = make_draft(self.community, monitored_plan_dict(extra=1), plan=self.plan)
        publish_draft(amended, coordinator)  # revision 2, so the diff page has something
        self.plan.refresh_from_db()
        self.measure = self.plan.current_revision.measures.order_by("position").first()
        self.expected_report = (
            ExpectedReport.objects.filter(
                plan=self.plan, organization=self.service, period="2025-Q3"
            )
            .order_by("measure__position")
            .first()
        )
        self.report = make_report(
            self.expected_report, state=ReportState.SUBMITTED, user=self.users["executor"]
        )
        self.evidence = Evidence(report=self.report, name="акт.pdf", kind="pdf", size=len(PDF))
        self.evidence.file.save("x.pdf", ContentFile(PDF), save=False)
        self.evidence.save()
        self.draft = make_draft(self.community, user=coordinator)
        self.uid = self.draft.document["nodes"][0]["children"][0]["measures"][0]["uid"]
        self.node_uid = self.draft.document["nodes"][0]["children"][0]["uid"]
        self.membership = Membership.objects.get(user=self.users["viewer"])
        self.notification = Notification.objects.create(
            user=self.users["executor"], kind="returned", text="Звіт повернуто", link="/monitoring/"
        )
        self.report_file = ReportFile.objects.create(
            plan=self.plan, period="2025-Q3", format="xlsx", made_by=coordinator, made_on=TODAY
        )
        # a hand-over of the Q3 summary (prepared) and the Q2 period submitted to the district
        duty = Duty.objects.create(
            plan=self.plan,
            kind=DutyKind.COORDINATOR_SUMMARY,
            frequency="quarterly",
            due_rule=DueRule.DAYS_AFTER,
            due_days=35,
        )
        self.handover = handover.prepare(
            self.plan, duty, Period.parse("2025-Q3"), coordinator, TODAY
        )
        chain = approvals.chain_of(self.plan)
        self.approval = approvals.submit(
            self.plan, Period.parse("2025-Q2"), coordinator, chain, TODAY
        )
        document = StrategyDocument.objects.create(
            code="matrix", title="Стратегія", short_title="Стратегія", is_current=True
        )
        self.item = StrategyItem.objects.create(
            document=document, level=Level.STRATEGIC_GOAL, number="1", title="Ціль"
        )
        self.meeting = Meeting.objects.create(
            plan=self.plan, date=dt.date(2025, 9, 25), period="2025-Q3", body="working_group"
        )
        self.decision = Decision.objects.create(
            meeting=self.meeting, text="Рішення", responsible=self.service, due_date=TODAY
        )
        self.event = PlanEvent.objects.create(plan=self.plan, name="Подія", match="воєнн стан")
        self.indicator = Indicator.objects.create(
            measure=self.measure, name="Кількість прийомних сімей", unit="сімей", end_target=10
        )
        self.invitation_key = "matrix-invitation-key"
        self.invitation = Invitation.objects.create(
            user=make_user("matrix-invitee"),
            org=self.service,
            role=Role.EXECUTOR,
            key_hash=hashlib.sha256(self.invitation_key.encode()).hexdigest(),
            sent_at=dt.datetime(2025, 10, 1, tzinfo=dt.UTC),
            expires_at=dt.datetime(2099, 1, 1, tzinfo=dt.UTC),
        )
        user = self.users["executor"]
        self.reset = {
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        }

    def client(self, role: str) -> Client:
        client = Client(raise_request_exception=False)
        if role != "anonymous":
            client.login(username=self.users[role].username, password=PASSWORD)
        return client


def request(client: Client, method: str, url: str, data: dict | None = None) -> int:
    """One request whose writes are rolled back, so every cell sees the same world (the
    session cookie is kept too: a logout or login response must not change who asks next)."""
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url, data or {})
        transaction.set_rollback(True)
    client.cookies = cookies
    if response.status_code == 302 and _is_login(response["Location"]):
        return LOGIN
    return response.status_code


LOGIN = 3020  # a 302 to a login page


def _is_login(location: str) -> bool:
    return location.startswith(("/accounts/login/", "/admin/login/"))
