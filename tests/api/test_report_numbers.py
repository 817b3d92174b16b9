"""Indicator values and money spent through the API: the report page's numbers form, its
permission rules and its version check; decimals as strings, never floats."""

from __future__ import annotations

from decimal import Decimal

from planwatch.monitoring.models import (
    Approval,
    ExecutionReport,
    Indicator,
    IndicatorValue,
    ReportState,
    Spending,
)
from tests.api.base import ApiTestCase
from tests.support.monitoring_base import make_report

CATS = ["дівчата", "хлопці"]


class ReportNumbersTestCase(ApiTestCase):
    def setUp(self):
        super().setUp()
        self.ind = Indicator.objects.create(
            measure=self.measures()[1], name="сім'ї", unit="сімей", categories=CATS
        )
        self.expected_report2 = self.expected_report(2)
        self.url = f"/api/v1/reports/{self.expected_report2.pk}/"

    def put(self, user, status=200, headers=None, **body):
        response = self.api(user).put(self.url, body, format="json", headers=headers or {})
        self.assertEqual(response.status_code, status, response.content[:800])
        return response.json()

    def test_the_executor_writes_values_with_categories_and_spending_and_reads_them_back(self):
        body = self.put(
            self.executor,
            narrative="Створено сім'ї.",
            indicator_values=[
                {"indicator": self.ind.pk, "value": "1250.5"},
                {"indicator": self.ind.pk, "category": "дівчата", "value": "3"},
                {"indicator": self.ind.pk, "category": "хлопці", "value": "1 000,25"},
            ],
            spending=[{"source": "local_budget", "amount": "12.345"}],
        )
        report = ExecutionReport.objects.get(expected=self.expected_report2)
        values = dict(report.indicator_values.values_list("category", "value"))
        self.assertEqual(
            values, {"": Decimal("1250.5"), "дівчата": Decimal(3), "хлопці": Decimal("1000.25")}
        )
        self.assertEqual(report.spending.get().amount, Decimal("12.345"))
        read = sorted(body["report"]["indicator_values"], key=lambda v: v["category"])
        self.assertEqual(
            read,
            [
                {"indicator": self.ind.pk, "category": "", "value": "1250.5"},
                {"indicator": self.ind.pk, "category": "дівчата", "value": "3"},
                {"indicator": self.ind.pk, "category": "хлопці", "value": "1000.25"},
            ],
        )
        self.assertEqual(
            body["report"]["spending"], [{"source": "local_budget", "amount": "12.345"}]
        )

        # a save without the numbers leaves them; a save with them replaces them all
        version = body["report"]["version"]
        body = self.put(self.executor, narrative="Інше.", version=version)
        self.assertEqual(len(body["report"]["indicator_values"]), 3)
        body = self.put(
            self.executor,
            version=body["report"]["version"],
            indicator_values=[{"indicator": self.ind.pk, "value": "2"}],
            spending=[],
        )
        self.assertEqual(
            body["report"]["indicator_values"],
            [{"indicator": self.ind.pk, "category": "", "value": "2"}],
        )
        self.assertFalse(Spending.objects.exists())

    def test_a_stale_version_is_409_and_writes_no_number(self):
        make_report(self.expected_report2, narrative="Колега зберіг першим.")
        body = self.put(
            self.executor,
            409,
            version="",
            indicator_values=[{"indicator": self.ind.pk, "value": "5"}],
        )
        self.assertEqual(body["current"]["report"]["indicator_values"], [])
        self.assertFalse(IndicatorValue.objects.exists())
        self.put(
            self.executor,
            412,
            headers={"If-Match": '"7"'},
            spending=[{"source": "local_budget", "amount": "1"}],
        )
        self.assertFalse(Spending.objects.exists())

    def test_bad_numbers_are_400_and_nothing_is_written(self):
        other = Indicator.objects.create(measure=self.measures()[0], name="чуже")
        errors = self.put(
            self.executor,
            400,
            narrative="Текст.",
            indicator_values=[
                {"indicator": self.ind.pk, "category": "дорослі", "value": "1"},
                {"indicator": other.pk, "value": "1"},
                {"indicator": self.ind.pk, "category": "дівчата", "value": "1"},
                {"indicator": self.ind.pk, "category": "дівчата", "value": "2"},
            ],
            spending=[{"source": "state_budget", "amount": "1"}],
        )
        self.assertEqual(set(errors), {"indicator_values", "spending"})
        text = " ".join(errors["indicator_values"])
        self.assertIn("дорослі", text)
        self.assertIn(str(other.pk), text)
        self.assertIn("двічі", text)
        self.assertIn("state_budget", " ".join(errors["spending"]))
        errors = self.put(self.executor, 400, spending=[{"source": "local_budget", "amount": 1.5}])
        self.assertIn("рядком", str(errors["spending"]))  # a JSON fraction: send a string
        errors = self.put(
            self.executor, 400, indicator_values=[{"indicator": self.ind.pk, "value": "-1"}]
        )
        self.assertIn("indicator_values", errors)
        self.assertFalse(ExecutionReport.objects.filter(expected=self.expected_report2).exists())
        self.assertFalse(IndicatorValue.objects.exists() or Spending.objects.exists())

    def test_only_the_reports_executors_write_numbers_and_a_locked_period_is_409(self):
        numbers = {"indicator_values": [{"indicator": self.ind.pk, "value": "1"}]}
        self.put(self.coordinator, 403, **numbers)
        self.put(self.other_executor, 404, **numbers)
        report = make_report(self.expected_report2, state=ReportState.SUBMITTED)
        self.put(self.executor, 409, version=str(report.version), **numbers)
        report.state = ReportState.DRAFT
        report.save()
        Approval.objects.create(
            plan=self.mplan,
            period=self.expected_report2.period,
            period_start=self.expected_report2.period_start,
            period_end=self.expected_report2.period_end,
            state="accepted",
        )
        body = self.put(self.executor, 409, version=str(report.version), **numbers)
        self.assertIn(self.expected_report2.period, body["detail"])
        self.assertFalse(IndicatorValue.objects.exists())

    def test_the_schema_documents_the_numbers(self):
        schema = self.get_json("/api/v1/openapi.json")["components"]["schemas"]
        write = schema["ReportWriteRequest"]["properties"]
        self.assertIn("indicator_values", write)
        self.assertIn("spending", write)
        value = schema["IndicatorValueRequest"]["properties"]["value"]
        self.assertEqual((value["type"], value["format"]), ("string", "decimal"))
