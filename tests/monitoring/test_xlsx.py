"""Reports via .xlsx: download a template of the executor's outstanding reports, fill it in a
spreadsheet, upload it back — validated row by row, all or nothing."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from openpyxl import load_workbook

from planwatch.monitoring.models import (
    ExecutionReport,
    ExpectedReport,
    Indicator,
    IndicatorValue,
    ReportState,
    Spending,
)
from planwatch.monitoring.xlsx import escape, unescape
from tests.support.factory import make_plan
from tests.support.monitoring_base import (
    KYIV,
    MonitoringTestCase,
    make_report,
    monitored_plan_dict,
)

NOW = dt.datetime(2025, 10, 25, 9, 0, tzinfo=KYIV)
PAGE = "/monitoring/xlsx/"
TEMPLATE = "/monitoring/xlsx/template.xlsx"
STATUS, NARRATIVE, REACHED = 9, 10, 12  # 1-based columns of the sheet "Звіти"


@time_machine.travel(NOW, tick=False)
class XlsxTestCase(MonitoringTestCase):
    def setUp(self):
        super().setUp()
        # The per-target "Reached" columns are for measures without indicators; a measure
        # with some (here: prefilled from measure 1's target) has them on "Показники".
        Indicator.objects.all().delete()

    def download(self, query="?period=2025-Q3"):
        response = self.client.get(TEMPLATE + query)
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response["Content-Type"])
        return load_workbook(io.BytesIO(response.content))

    def row_of(self, ws, expected_report) -> int:
        for r in range(2, ws.max_row + 1):
            if ws.cell(r, 1).value == expected_report.pk:
                return r
        raise AssertionError(f"no row for {expected_report.pk}")

    def upload(self, wb, submit=False, name="zvity.xlsx"):
        buffer = io.BytesIO()
        wb.save(buffer)
        return self.post_bytes(buffer.getvalue(), submit, name)

    def post_bytes(self, data: bytes, submit=False, name="zvity.xlsx"):
        upload = SimpleUploadedFile(name, data)
        form = {"file": upload, **({"submit": "on"} if submit else {})}
        return self.client.post(PAGE, form)

    def fill(
        self, ws, expected_report, status="Виконано", narrative="Проведено навчання.", reached=None
    ):
        r = self.row_of(ws, expected_report)
        ws.cell(r, STATUS).value = status
        ws.cell(r, NARRATIVE).value = narrative
        if reached is not None:
            ws.cell(r, REACHED).value = reached
        return r

    # the round trip

    def test_the_round_trip_saves_drafts(self):
        self.login(self.executor)
        wb = self.download()
        ws = wb["Звіти"]
        self.fill(ws, self.expected_report(1), reached=85)
        self.fill(ws, self.expected_report(2), status="Виконується", narrative="Триває.")
        response = self.upload(wb)
        self.assertRedirects(response, "/monitoring/")
        first = ExecutionReport.objects.get(expected=self.expected_report(1))
        self.assertEqual((first.state, first.outcome), (ReportState.DRAFT, "done"))
        self.assertEqual(first.narrative, "Проведено навчання.")
        self.assertEqual(first.values[0]["value"], 85.0)
        self.assertEqual(first.events.get().action, "saved")
        self.assertEqual(
            ExecutionReport.objects.get(expected=self.expected_report(2)).outcome, "in_progress"
        )
        self.assertFalse(ExecutionReport.objects.filter(expected=self.expected_report(3)).exists())

    def test_ticking_submit_hands_the_rows_in(self):
        self.login(self.executor)
        wb = self.download()
        self.fill(wb["Звіти"], self.expected_report(2))
        self.upload(wb, submit=True)
        report = ExecutionReport.objects.get(expected=self.expected_report(2))
        self.assertEqual(report.state, ReportState.SUBMITTED)
        self.assertTrue(report.was_on_time() is False)  # due 20.10, handed in 25.10

    def test_a_draft_is_prefilled_and_a_returned_report_can_be_fixed(self):
        make_report(self.expected_report(2), state=ReportState.RETURNED, narrative="Старий текст.")
        self.login(self.executor)
        wb = self.download()
        ws = wb["Звіти"]
        r = self.row_of(ws, self.expected_report(2))
        self.assertEqual(ws.cell(r, NARRATIVE).value, "Старий текст.")
        ws.cell(r, NARRATIVE).value = "Виправлено."
        self.upload(wb, submit=True)
        report = ExecutionReport.objects.get(expected=self.expected_report(2))
        self.assertEqual((report.state, report.narrative), (ReportState.SUBMITTED, "Виправлено."))

    # the template

    def test_the_template_lists_only_the_users_outstanding_reports_with_ukrainian_labels(self):
        make_report(self.expected_report(3), state=ReportState.SUBMITTED)
        self.login(self.executor)
        wb = self.download()
        ws = wb["Звіти"]
        ids = {ws.cell(r, 1).value for r in range(2, ws.max_row + 1)}
        ours = set(ExpectedReport.objects.filter(plan=self.mplan).values_list("pk", flat=True))
        self.assertEqual(ids & ours, {self.expected_report(1).pk, self.expected_report(2).pk})
        self.assertEqual(ws.cell(1, 1).value, "ID звіту")
        self.assertEqual(ws.cell(1, STATUS).value, "Стан")
        self.assertTrue(ws.column_dimensions["B"].hidden)
        (status_rule, _numbers) = ws.data_validations.dataValidation
        self.assertIn("Виконано", status_rule.formula1)
        self.assertIn("Втратив актуальність", status_rule.formula1)
        self.assertIn("Виконується", status_rule.formula1)  # the UI's label for "in progress"
        self.assertIn("Інструкція", wb.sheetnames)

    def test_ids_and_measure_cells_are_protected_and_only_the_fields_to_fill_are_open(self):
        self.login(self.executor)
        ws = self.download()["Звіти"]
        self.assertTrue(ws.protection.sheet)
        r1, r2 = self.row_of(ws, self.expected_report(1)), self.row_of(ws, self.expected_report(2))
        self.assertTrue(ws.cell(r1, 1).protection.locked)
        self.assertTrue(ws.cell(r1, 5).protection.locked)
        self.assertFalse(ws.cell(r1, STATUS).protection.locked)
        self.assertFalse(ws.cell(r1, REACHED).protection.locked)  # measure 1 has a target
        self.assertTrue(ws.cell(r2, REACHED).protection.locked)  # measure 2 has none

    def test_every_text_cell_is_escaped_against_formula_injection(self):
        measure = self.expected_report(2).measure
        type(measure).objects.filter(pk=measure.pk).update(text='=HYPERLINK("http://x","y")')
        make_report(self.expected_report(1), narrative="- перший пункт\n- другий")
        make_report(self.expected_report(3), narrative="@SUM(A1)")
        self.login(self.executor)
        ws = self.download()["Звіти"]
        r1, r2, r3 = (self.row_of(ws, self.expected_report(n)) for n in (1, 2, 3))
        self.assertEqual(ws.cell(r2, 5).value, '\'=HYPERLINK("http://x","y")')
        self.assertEqual(ws.cell(r2, 5).data_type, "s")
        self.assertEqual(ws.cell(r1, NARRATIVE).value, "'- перший пункт\n- другий")
        self.assertEqual(ws.cell(r3, NARRATIVE).value, "'@SUM(A1)")
        for r in range(1, ws.max_row + 1):
            for cell in ws[r]:
                self.assertNotEqual(cell.data_type, "f", cell.coordinate)

    def test_the_escape_is_taken_back_on_upload(self):
        for text in ("=1+2", "+380", "-", "@x", "\tx", "\rx"):
            self.assertEqual(escape(text)[0], "'")
            self.assertEqual(unescape(escape(text)), text)
        self.assertEqual(escape("звичайний"), "звичайний")
        self.assertEqual(unescape("'цитата"), "'цитата")
        make_report(self.expected_report(2), narrative="- перший пункт")
        self.login(self.executor)
        wb = self.download()
        self.fill(wb["Звіти"], self.expected_report(2), narrative="'- перший пункт")
        self.upload(wb)
        self.assertEqual(
            ExecutionReport.objects.get(expected=self.expected_report(2)).narrative,
            "- перший пункт",
        )

    # validation: every row named, nothing saved

    def assert_refused(self, response, *fragments):
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "нічого не збережено", status_code=400)
        for fragment in fragments:
            self.assertContains(response, fragment, status_code=400)

    def test_one_bad_row_saves_nothing_and_every_error_names_its_row(self):
        self.login(self.executor)
        wb = self.download()
        ws = wb["Звіти"]
        self.fill(ws, self.expected_report(1))  # a good row
        r2 = self.fill(ws, self.expected_report(2), status="Майже готово")
        ws.cell(ws.max_row + 1, 1).value = 999999
        ws.cell(ws.max_row, STATUS).value = "Виконано"
        response = self.upload(wb)
        self.assert_refused(
            response,
            f"Рядок {r2}: невідомий стан «Майже готово»",
            f"Рядок {ws.max_row}: немає звіту з ID 999999",
        )
        self.assertFalse(ExecutionReport.objects.exists())

    def test_another_organisations_report_is_refused_like_an_unknown_one(self):
        other = make_plan(self.other_community, doc=monitored_plan_dict(), user=self.outsider)
        theirs = ExpectedReport.objects.filter(plan=other, period="2025-Q3").first()
        self.login(self.executor)
        wb = self.download()
        ws = wb["Звіти"]
        r = self.fill(ws, self.expected_report(1))
        ws.cell(r, 1).value = theirs.pk
        self.assert_refused(self.upload(wb), f"Рядок {r}: немає звіту з ID {theirs.pk}")
        self.assertFalse(ExecutionReport.objects.exists())

    def test_handed_in_accepted_and_not_yet_owed_reports_are_refused(self):
        self.login(self.executor)
        wb = self.download()
        ws = wb["Звіти"]
        r1 = self.fill(ws, self.expected_report(1))
        r2 = self.fill(ws, self.expected_report(2))
        r3 = self.fill(ws, self.expected_report(3))
        ws.cell(r3, 1).value = self.expected_report(3, period="2026-Q1").pk
        ws.cell(r3, 2).value = ""
        make_report(self.expected_report(1), state=ReportState.SUBMITTED)
        make_report(self.expected_report(2), state=ReportState.ACCEPTED)
        self.assert_refused(
            self.upload(wb),
            f"Рядок {r1}: звіт уже подано",
            f"Рядок {r2}: звіт прийнято",
            f"Рядок {r3}: за 2026-Q1",
        )

    def test_a_report_saved_by_a_colleague_after_the_download_is_refused(self):
        self.login(self.executor)
        wb = self.download()
        r = self.fill(wb["Звіти"], self.expected_report(2))
        make_report(self.expected_report(2), narrative="Колега встиг.")
        self.assert_refused(self.upload(wb), f"Рядок {r}: хтось змінив цей звіт")
        self.assertEqual(
            ExecutionReport.objects.get(expected=self.expected_report(2)).narrative, "Колега встиг."
        )

    def test_submitting_needs_status_and_narrative_like_the_web_form(self):
        self.login(self.executor)
        wb = self.download()
        r = self.fill(wb["Звіти"], self.expected_report(2), narrative=None)
        self.assert_refused(self.upload(wb, submit=True), f"Рядок {r}, «Що зроблено»")
        self.assertFalse(ExecutionReport.objects.exists())

    def test_negative_numbers_formulas_and_duplicate_rows_are_refused(self):
        self.login(self.executor)
        wb = self.download()
        ws = wb["Звіти"]
        r1 = self.fill(ws, self.expected_report(1), reached=-5)
        r2 = self.fill(ws, self.expected_report(2), narrative="=1+1")
        dup = ws.max_row + 1
        for c in range(1, NARRATIVE + 1):
            ws.cell(dup, c).value = ws.cell(r1, c).value
        self.assert_refused(
            self.upload(wb),
            f"Рядок {r1}, «Досягнуто 1»",
            f"Рядок {r2}: формули не приймаються",
            f"Рядок {dup}: звіт уже є в рядку {r1}",
        )

    def test_a_target_number_for_a_measure_that_gained_indicators_is_refused(self):
        self.login(self.executor)
        wb = self.download()
        r = self.fill(wb["Звіти"], self.expected_report(1), reached=85)
        Indicator.objects.create(
            measure=self.expected_report(1).measure, name="охоплення", unit="%"
        )
        self.assert_refused(
            self.upload(wb), f"Рядок {r}: числа цього заходу вводьте на аркуші «Показники»"
        )
        self.assertFalse(ExecutionReport.objects.exists())

    def test_empty_rows_are_skipped_and_an_empty_file_says_so(self):
        self.login(self.executor)
        self.assert_refused(self.upload(self.download()), "кожен рядок порожній")

    def test_a_file_that_is_not_an_xlsx_by_its_bytes_is_refused(self):
        self.login(self.executor)
        self.assert_refused(self.post_bytes(b"%PDF-1.7 not a workbook"), "не є книгою Excel")
        self.assert_refused(self.post_bytes(b"PK\x03\x04garbage"), "не вдається прочитати")

    def test_a_workbook_that_is_not_the_template_is_refused(self):
        from openpyxl import Workbook

        wb = Workbook()
        wb.active.append(["Щось", "інше"])
        self.login(self.executor)
        self.assert_refused(self.upload(wb), "не шаблон звітів planwatch")

    @override_settings(PLANWATCH_XLSX_MAX_BYTES=1000)
    def test_uploads_over_the_size_cap_are_refused_before_reading(self):
        self.login(self.executor)
        response = self.post_bytes(b"PK\x03\x04" + b"0" * 2000)
        self.assertContains(response, "більший", status_code=200)
        self.assertFalse(ExecutionReport.objects.exists())

    # who

    def test_coordinators_reviewers_and_anonymous_users_cannot_use_it(self):
        for user in (self.coordinator, self.reviewer, self.outsider):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.get(PAGE).status_code, 404)
                self.assertEqual(self.client.get(TEMPLATE).status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(TEMPLATE).status_code, 302)

    def test_an_executor_of_another_community_cannot_download_ours(self):
        self.login(self.other_executor)
        response = self.client.get(f"{TEMPLATE}?org={self.service.pk}")
        self.assertEqual(response.status_code, 404)
        ws = self.download("")["Звіти"]
        ids = {ws.cell(r, 1).value for r in range(2, ws.max_row + 1)}
        ours = set(ExpectedReport.objects.filter(plan=self.mplan).values_list("pk", flat=True))
        self.assertFalse(ids & ours)

    def test_the_page_offers_the_periods_owed(self):
        self.login(self.executor)
        response = self.client.get(PAGE)
        self.assertContains(response, '<option value="2025-Q3">')
        self.assertNotContains(response, '<option value="2026-Q1">')


CATS = ["дівчата", "хлопці"]
KEY, WHAT, DETAIL, VALUE = 2, 4, 5, 8  # 1-based columns of the sheet "Показники"


@time_machine.travel(NOW, tick=False)
class XlsxNumbersTestCase(MonitoringTestCase):
    """The sheet "Показники": indicator values (with categories) and money spent, round trip."""

    download, row_of, upload = XlsxTestCase.download, XlsxTestCase.row_of, XlsxTestCase.upload
    post_bytes, fill = XlsxTestCase.post_bytes, XlsxTestCase.fill
    assert_refused = XlsxTestCase.assert_refused

    def setUp(self):
        super().setUp()
        self.ind = Indicator.objects.create(
            measure=self.measures()[1],
            name="створення прийомних сімей",
            unit="сімей",
            end_target=Decimal(20),
            categories=CATS,
        )

    def line(self, ws, expected_report, key) -> int:
        for r in range(2, ws.max_row + 1):
            if ws.cell(r, 1).value == expected_report.pk and ws.cell(r, KEY).value == key:
                return r
        raise AssertionError(f"no line {key} for {expected_report.pk}")

    def test_the_old_target_columns_give_way_to_the_sheet_for_measures_with_indicators(self):
        self.login(self.executor)
        wb = self.download()
        self.assertEqual(wb["Звіти"].max_column, NARRATIVE)  # measure 1's target: an indicator
        ws = wb["Показники"]
        (ind,) = Indicator.objects.filter(measure=self.expected_report(1).measure)
        self.assertEqual(
            ws.cell(self.line(ws, self.expected_report(1), f"i{ind.pk}"), 7).value, 100
        )

    def test_the_sheet_lists_each_number_prefilled_and_only_the_value_column_is_open(self):
        report = make_report(self.expected_report(2), narrative="Чернетка.")
        IndicatorValue.objects.create(report=report, indicator=self.ind, value=Decimal("12.5"))
        Spending.objects.create(report=report, source="local_budget", amount=Decimal("1250.125"))
        self.login(self.executor)
        ws = self.download()["Показники"]
        self.assertEqual(ws.cell(1, VALUE).value, "Значення")
        self.assertTrue(ws.column_dimensions["B"].hidden)
        expected_report = self.expected_report(2)
        keys = [
            ws.cell(r, KEY).value
            for r in range(2, ws.max_row + 1)
            if ws.cell(r, 1).value == expected_report.pk
        ]
        i = self.ind.pk
        self.assertEqual(keys, [f"i{i}", f"i{i}_c0", f"i{i}_c1", "s_local_budget"])
        total = self.line(ws, expected_report, f"i{i}")
        self.assertEqual(ws.cell(total, WHAT).value, "створення прийомних сімей")
        self.assertEqual(ws.cell(total, VALUE).value, 12.5)
        self.assertEqual(
            ws.cell(self.line(ws, expected_report, f"i{i}_c1"), DETAIL).value, "хлопці"
        )
        money = self.line(ws, expected_report, "s_local_budget")
        self.assertEqual(ws.cell(money, VALUE).value, 1250.125)
        self.assertTrue(ws.protection.sheet)
        self.assertTrue(ws.cell(total, KEY).protection.locked)
        self.assertFalse(ws.cell(total, VALUE).protection.locked)

    def test_numbers_typed_as_numbers_or_the_ukrainian_way_are_saved_as_decimals(self):
        expected_report = self.expected_report(2)
        self.login(self.executor)
        wb = self.download()
        ws = wb["Показники"]
        i = self.ind.pk
        ws.cell(self.line(ws, expected_report, f"i{i}"), VALUE).value = "1 250,5"
        ws.cell(self.line(ws, expected_report, f"i{i}_c0"), VALUE).value = 3
        ws.cell(self.line(ws, expected_report, f"i{i}_c1"), VALUE).value = 0.1
        ws.cell(self.line(ws, expected_report, "s_local_budget"), VALUE).value = "12,345"
        self.assertRedirects(self.upload(wb), "/monitoring/")  # numbers only: a draft
        report = ExecutionReport.objects.get(expected=expected_report)
        self.assertEqual(report.state, ReportState.DRAFT)
        values = dict(report.indicator_values.values_list("category", "value"))
        self.assertEqual(values, {"": Decimal("1250.5"), "дівчата": 3, "хлопці": Decimal("0.1")})
        self.assertEqual(report.spending.get().amount, Decimal("12.345"))

        # downloaded again: prefilled; an emptied cell removes its number
        wb = self.download()
        ws = wb["Показники"]
        self.assertEqual(ws.cell(self.line(ws, expected_report, f"i{i}"), VALUE).value, 1250.5)
        ws.cell(self.line(ws, expected_report, f"i{i}_c1"), VALUE).value = None
        self.assertRedirects(self.upload(wb), "/monitoring/")
        values = dict(report.indicator_values.values_list("category", "value"))
        self.assertEqual(values, {"": Decimal("1250.5"), "дівчата": 3})

    def test_bad_numbers_save_nothing_and_each_error_names_its_sheet_and_row(self):
        expected_report = self.expected_report(2)
        self.login(self.executor)
        wb = self.download()
        r = self.fill(wb["Звіти"], expected_report)
        ws = wb["Показники"]
        i = self.ind.pk
        neg = self.line(ws, expected_report, f"i{i}")
        ws.cell(neg, VALUE).value = -3
        word = self.line(ws, expected_report, f"i{i}_c0")
        ws.cell(word, VALUE).value = "багато"
        key = self.line(ws, expected_report, "s_other")
        ws.cell(key, KEY).value = "s_state_budget"
        ws.cell(key, VALUE).value = 5
        formula = self.line(ws, expected_report, "s_local_budget")
        ws.cell(formula, VALUE).value = "=1+1"
        stray = ws.max_row + 1
        ws.cell(stray, 1).value = 999999
        ws.cell(stray, KEY).value = f"i{i}"
        ws.cell(stray, VALUE).value = 1
        self.assert_refused(
            self.upload(wb),
            f"Аркуш «Показники», рядок {neg}, «Досягнуто за період, сімей»: ",
            f"Аркуш «Показники», рядок {word}, «дівчата»: Введіть число.",
            f"Аркуш «Показники», рядок {key}: звіт не просить цього числа",
            f"Аркуш «Показники», рядок {formula}: формули не приймаються",
            f"Аркуш «Показники», рядок {stray}: немає звіту з ID 999999 на аркуші «Звіти»",
        )
        self.assertFalse(ExecutionReport.objects.filter(expected=expected_report).exists())
        self.assertFalse(IndicatorValue.objects.exists() or Spending.objects.exists())
        self.assertTrue(r)

    def test_a_file_without_the_sheet_leaves_saved_numbers_alone(self):
        report = make_report(self.expected_report(2), narrative="Чернетка.")
        IndicatorValue.objects.create(report=report, indicator=self.ind, value=Decimal("7"))
        self.login(self.executor)
        wb = self.download()
        del wb["Показники"]
        self.fill(wb["Звіти"], self.expected_report(2), narrative="Інший текст.")
        self.assertRedirects(self.upload(wb), "/monitoring/")
        report.refresh_from_db()
        self.assertEqual(report.narrative, "Інший текст.")
        self.assertEqual(IndicatorValue.objects.get().value, Decimal("7"))
