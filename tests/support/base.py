"""One small world for every web test: oblast → district → two communities, four people."""

from __future__ import annotations

from django.test import TestCase

from planwatch.orgs.models import OrgKind, Role
from tests.support.factory import PASSWORD, make_org, make_plan, make_user


class BaseTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.oblast = make_org("Тестова обласна державна адміністрація", OrgKind.OBLAST)
        cls.district = make_org(
            "Тестова районна державна адміністрація", OrgKind.DISTRICT, cls.oblast
        )
        cls.community = make_org("Альфівська сільська рада", OrgKind.COMMUNITY, cls.district)
        cls.other_community = make_org("Бетівська міська рада", OrgKind.COMMUNITY, cls.district)
        cls.service = make_org("Служба у справах дітей", OrgKind.DEPARTMENT, cls.community)
        cls.coordinator = make_user("coordinator", cls.community, Role.COORDINATOR)
        cls.reviewer = make_user("reviewer", cls.district, Role.REVIEWER)
        cls.executor = make_user("executor", cls.service, Role.EXECUTOR)
        cls.outsider = make_user("outsider", cls.other_community, Role.COORDINATOR)
        cls.plan = make_plan(cls.community, measures=3, user=cls.coordinator)

    def login(self, user) -> None:
        self.assertTrue(self.client.login(username=user.username, password=PASSWORD))

    @property
    def revision(self):
        return self.plan.current_revision

    def first_measure(self):
        return self.revision.measures.order_by("position").first()
