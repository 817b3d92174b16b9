"""The serializers' hand-written `to_representation` (api/serializers/rows.py) answers byte for
byte what DRF's own field-by-field path answers: every list and one-object endpoint that uses
them, as each kind of caller, on a world with reports in every state, files, numbers and
values — once as served, once with the hand-written methods switched off."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal
from unittest import mock

from django.contrib.auth import get_user_model
from rest_framework import serializers

from planwatch.api.serializers import orgs, plans, reports
from planwatch.monitoring.models import (
    Evidence,
    ExpectedReport,
    Indicator,
    IndicatorValue,
    ReportState,
    Spending,
)
from tests.api.base import ApiTestCase
from tests.support.monitoring_base import make_report

# Every serializer with a hand-written `to_representation`.
FAST = [
    orgs.OrgRefSerializer,
    orgs.OrganizationSerializer,
    plans.RevisionSerializer,
    plans.PlanSerializer,
    plans.ExecutorSerializer,
    plans.MeasureSerializer,
    plans.TreeMeasureSerializer,
    reports.MeasureRefSerializer,
    reports.EvidenceSerializer,
    reports.ValueSerializer,
    reports.ReportContentSerializer,
    reports.ReportSerializer,
]


@contextlib.contextmanager
def drf_fields():
    """DRF's generic path for every serializer above: the answer before the hand-written one."""
    with contextlib.ExitStack() as stack:
        for cls in FAST:
            stack.enter_context(
                mock.patch.object(
                    cls, "to_representation", serializers.Serializer.to_representation
                )
            )
        yield


class RowsTestCase(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.admin = get_user_model().objects.create_superuser("root", "root@example.org", "x")
        cls.mplan.is_public = True
        cls.mplan.save(update_fields=["is_public"])
        expected_reports = list(
            ExpectedReport.objects.filter(plan=cls.mplan, period="2025-Q3").order_by("pk")
        )
        states = [None, *ReportState.values]
        for i, expected_report in enumerate(expected_reports):
            state = states[i % len(states)]
            if state is None:
                continue
            report = make_report(
                expected_report,
                state=state,
                comment="Додайте акт." if state == ReportState.RETURNED else "",
                values=[{"target": 100, "unit": "%", "text": "охоплення", "value": 85.5}]
                if i % 2
                else [{"target": None, "unit": "", "text": "", "value": None}],
            )
            if i % 3 == 0:
                Evidence.objects.create(
                    report=report, file="evidence/akt.pdf", name="акт.pdf", kind="pdf", size=9
                )
                Spending.objects.create(
                    report=report, source="local_budget", amount=Decimal("12.5")
                )
        first = ExpectedReport.objects.filter(report__state=ReportState.ACCEPTED).first()
        indicator = Indicator.objects.create(measure=first.measure, name="сім'ї", unit="сімей")
        IndicatorValue.objects.create(
            report=first.report, indicator=indicator, category="", value=Decimal("1250.5")
        )
        cls.mplan.current_revision.approval_date = dt.date(2024, 12, 20)
        cls.mplan.current_revision.save(update_fields=["approval_date"])

    def callers(self):
        return {
            "anonymous": None,
            "executor": self.executor,
            "co-executor": self.co_executor,
            "coordinator": self.coordinator,
            "reviewer": self.reviewer,
            "superuser": self.admin,
        }

    def urls(self) -> list[str]:
        expected_report = ExpectedReport.objects.filter(
            report__isnull=False, plan=self.mplan
        ).first()
        measure = self.mplan.current_revision.measures.first()
        return [
            "/api/v1/organizations/?page_size=200",
            f"/api/v1/organizations/{self.service.pk}/",
            "/api/v1/plans/?page_size=200",
            f"/api/v1/plans/{self.mplan.pk}/",
            f"/api/v1/plans/{self.mplan.pk}/tree/",
            "/api/v1/measures/?page_size=200",
            f"/api/v1/measures/{measure.pk}/",
            "/api/v1/reports/?page_size=200",
            "/api/v1/reports/?mine=true&page_size=200",
            f"/api/v1/reports/{expected_report.pk}/",
            f"/api/v1/plans/{self.mplan.pk}/reporting-status/",
            "/api/v1/coverage/",
        ]

    def test_every_endpoint_answers_the_same_bytes_as_drfs_own_fields(self):
        compared = 0
        for who, user in self.callers().items():
            client = self.api(user)
            for url in self.urls():
                with self.subTest(who=who, url=url):
                    fast = client.get(url)
                    with drf_fields():
                        slow = client.get(url)
                    self.assertEqual(fast.status_code, slow.status_code)
                    self.assertEqual(fast.content, slow.content)
                    compared += fast.status_code == 200 and len(fast.content) > 100
        self.assertGreater(compared, 40)

    def test_the_world_has_what_the_rows_write(self):
        """The comparison above saw every kind of value (else it would prove little)."""
        body = self.get_json("/api/v1/reports/?page_size=200", self.admin)
        content = [r["report"] for r in body["results"] if r["report"]]
        self.assertEqual({r["state"] for r in body["results"]}, {"missing", *ReportState.values})
        self.assertTrue(any(c["evidence"] for c in content))
        self.assertTrue(any(c["spending"] for c in content))
        self.assertTrue(any(c["indicator_values"] for c in content))
        self.assertTrue(any(c["values"][0]["value"] is None for c in content))
        self.assertTrue(any(c["accepted_at"] for c in content))
        measures = self.get_json("/api/v1/measures/?page_size=200", self.admin)["results"]
        consent = [e["by_consent"] for m in measures for e in m["executors"]]
        self.assertEqual(set(consent), {True, False})
        plan = self.get_json(f"/api/v1/plans/{self.mplan.pk}/", self.admin)
        self.assertEqual(plan["current_revision"]["approval_date"], "2024-12-20")

    def test_each_serializer_writes_its_declared_fields_in_order(self):
        for cls in FAST:
            with self.subTest(cls.__name__):
                declared = list(cls().fields)
                source = cls.to_representation.__qualname__
                self.assertTrue(source.startswith(cls.__name__), source)
                self.assertTrue(declared)
        measure = self.mplan.current_revision.measures.first()
        self.assertEqual(
            list(plans.MeasureSerializer(measure).data), list(plans.MeasureSerializer().fields)
        )
        self.assertEqual(
            list(plans.TreeMeasureSerializer(measure).data),
            list(plans.TreeMeasureSerializer().fields),
        )
