"""Reports written and reviewed by several people at once: "submit all" hands in only what was
changed (never a returned report sent back untouched), the coordinator's comment stays in the
history, and a save or a review over a newer version is refused (lib.versioning)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import time_machine
from django.test import Client

from planwatch.monitoring.models import (
    ExecutionReport,
    Indicator,
    IndicatorValue,
    ReportEvent,
    ReportState,
    Spending,
)
from planwatch.orgs.models import Role
from tests.support.factory import PASSWORD, make_user
from tests.support.monitoring_base import KYIV, MonitoringTestCase, make_report


def page_data(response) -> dict:
    """What the browser posts from the executor's page: every card's fields as shown."""
    data: dict = {"expected": []}
    for expected_report, form, _files in response.context["items"]:
        data["expected"].append(str(expected_report.pk))
        for name in form.fields:
            if name == "files":
                continue
            value = form[name].value()
            data[form.add_prefix(name)] = "" if value is None else str(value)
        for name in form.numbers.fields:  # the indicator values and money on the card
            value = form.numbers[name].value()
            data[form.numbers.add_prefix(name)] = "" if value is None else str(value)
    return data


@time_machine.travel(dt.datetime(2025, 10, 5, 10, 0, tzinfo=KYIV), tick=False)
class SubmitAllTestCase(MonitoringTestCase):
    def returned_by_the_coordinator(self, expected_report) -> ExecutionReport:
        """Handed in by the executor, returned by the coordinator through the review page."""
        report = make_report(expected_report, state=ReportState.SUBMITTED, user=self.executor)
        self.login(self.coordinator)
        response = self.client.post(
            f"/monitoring/reports/{expected_report.pk}/review/",
            {"action": "return", "comment": "Додайте акт.", "version": report.version},
        )
        self.assertEqual(response.status_code, 302)
        self.client.logout()
        report.refresh_from_db()
        self.assertEqual((report.state, report.comment), (ReportState.RETURNED, "Додайте акт."))
        return report

    def test_submit_all_does_not_resubmit_a_returned_report_nobody_changed(self):
        """The testers' case: another card is bulk-submitted; the returned one stays put."""
        returned, other = self.expected_report(1), self.expected_report(2)
        report = self.returned_by_the_coordinator(returned)
        self.login(self.executor)
        data = page_data(self.client.get("/monitoring/"))
        self.assertEqual(data[f"r{returned.pk}-narrative"], report.narrative)  # shown filled
        data.update(
            {f"r{other.pk}-outcome": "done", f"r{other.pk}-narrative": "Проведено навчання."}
        )
        response = self.client.post("/monitoring/", {**data, "action": "submit"}, follow=True)
        self.assertContains(response, "Подано 1 звіт.")

        report.refresh_from_db()
        self.assertEqual((report.state, report.comment), (ReportState.RETURNED, "Додайте акт."))
        self.assertEqual(ExecutionReport.objects.get(expected=other).state, ReportState.SUBMITTED)
        self.assertContains(self.client.get("/monitoring/"), "Додайте акт.")

    def test_a_changed_returned_report_is_resubmitted_and_the_comment_stays_in_history(self):
        returned = self.expected_report(1)
        report = self.returned_by_the_coordinator(returned)
        self.login(self.executor)
        data = page_data(self.client.get("/monitoring/"))
        data[f"r{returned.pk}-narrative"] = "Проведено навчання. Акт додано."
        self.client.post("/monitoring/", {**data, "action": "submit"})
        report.refresh_from_db()
        self.assertEqual(report.state, ReportState.SUBMITTED)
        history = list(report.events.values_list("action", "note"))
        self.assertEqual(history, [("returned", "Додайте акт."), ("submitted", "")])
        self.login(self.coordinator)
        page = self.client.get(f"/monitoring/reports/{returned.pk}/")
        self.assertContains(page, "<em>Додайте акт.</em>", html=False)

    def test_a_ticked_card_is_submitted_as_it_is(self):
        returned = self.expected_report(1)
        report = self.returned_by_the_coordinator(returned)
        self.login(self.executor)
        data = page_data(self.client.get("/monitoring/"))
        self.client.post("/monitoring/", {**data, "tick": [str(returned.pk)], "action": "submit"})
        report.refresh_from_db()
        self.assertEqual(report.state, ReportState.SUBMITTED)
        self.assertTrue(report.events.filter(action="returned", note="Додайте акт.").exists())

    def test_nothing_changed_submits_nothing_and_says_how_to(self):
        draft = self.expected_report(2)
        make_report(draft, narrative="Збережена чернетка.")
        self.returned_by_the_coordinator(self.expected_report(1))
        self.login(self.executor)
        data = page_data(self.client.get("/monitoring/"))
        response = self.client.post("/monitoring/", {**data, "action": "submit"}, follow=True)
        self.assertContains(response, "жодну картку не змінено")
        self.assertContains(response, "Подати як є")
        states = set(ExecutionReport.objects.values_list("state", flat=True))
        self.assertEqual(states, {ReportState.DRAFT, ReportState.RETURNED})

    def test_numbers_spelt_differently_are_not_a_change(self):
        expected_report = self.expected_report(1)  # the measure with a numeric target
        report = make_report(
            expected_report, values=[{"target": 100, "unit": "%", "text": "", "value": 85.0}]
        )
        self.login(self.executor)
        data = page_data(self.client.get("/monitoring/"))
        data[f"r{expected_report.pk}-value_0"] = "85"
        self.client.post("/monitoring/", {**data, "action": "submit"})
        report.refresh_from_db()
        self.assertEqual(report.state, ReportState.DRAFT)


class TwoSessions(MonitoringTestCase):
    """Two executors of one organisation and two coordinators, each in their own browser."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.colleague = make_user("executor-2", cls.service, Role.EXECUTOR)
        cls.coordinator_2 = make_user("coordinator-2", cls.community, Role.COORDINATOR)

    def session(self, user) -> Client:
        client = Client()
        self.assertTrue(client.login(username=user.username, password=PASSWORD))
        return client

    def url(self, expected_report, suffix=""):
        return f"/monitoring/reports/{expected_report.pk}/{suffix}"

    def loaded(self, client, expected_report) -> dict:
        form = client.get(self.url(expected_report)).context["form"]
        return {n: form[n].value() or "" for n in form.fields if n != "files"}


@time_machine.travel(dt.datetime(2025, 10, 5, 10, 0, tzinfo=KYIV), tick=False)
class ReportRaceTestCase(TwoSessions):
    def test_two_executors_on_the_cards_page_the_second_sees_both_and_loses_nothing(self):
        one, two = self.expected_report(2), self.expected_report(3)
        make_report(one, narrative="Чернетка.")
        first, second = self.session(self.executor), self.session(self.colleague)
        page_a, page_b = page_data(first.get("/monitoring/")), page_data(second.get("/monitoring/"))
        page_a[f"r{one.pk}-narrative"] = "Версія А."
        first.post("/monitoring/", {**page_a, "action": f"save:{one.pk}"})

        page_b[f"r{one.pk}-narrative"] = "Версія Б."
        page_b.update({f"r{two.pk}-outcome": "done", f"r{two.pk}-narrative": "Друга картка."})
        response = second.post("/monitoring/", {**page_b, "action": "submit"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "хтось інший зберіг позначені звіти")
        self.assertContains(response, "Версія А.")  # theirs, beside …
        self.assertContains(response, "Версія Б.")  # … what B typed, still in the form
        self.assertEqual(ExecutionReport.objects.get(expected=one).narrative, "Версія А.")
        self.assertFalse(ExecutionReport.objects.filter(expected=two).exists())  # all or none

        again = page_data(response)  # B presses the button again: theirs over the new version
        self.assertEqual(again[f"r{one.pk}-seen"], "1")
        second.post("/monitoring/", {**again, "action": "submit"})
        states = dict(ExecutionReport.objects.values_list("expected_id", "state"))
        self.assertEqual(states, {one.pk: "submitted", two.pk: "submitted"})
        self.assertEqual(ExecutionReport.objects.get(expected=one).narrative, "Версія Б.")

    def test_two_executors_save_the_same_report_the_second_decides(self):
        expected_report = self.expected_report(2)
        make_report(expected_report, narrative="Чернетка.")
        first, second = self.session(self.executor), self.session(self.colleague)
        form_a, form_b = self.loaded(first, expected_report), self.loaded(second, expected_report)
        self.assertEqual(form_a["seen"], "0")
        response = first.post(
            self.url(expected_report), {**form_a, "narrative": "Версія А.", "action": "save"}
        )
        self.assertEqual(response.status_code, 302)

        response = second.post(
            self.url(expected_report), {**form_b, "narrative": "Версія Б.", "action": "save"}
        )
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "executor", status_code=409)
        changes = {c.label: c for c in response.context["changes"]}
        self.assertEqual(
            (changes["Що зроблено"].theirs, changes["Що зроблено"].mine), ("Версія А.", "Версія Б.")
        )
        report = ExecutionReport.objects.get(expected=expected_report)
        self.assertEqual(report.narrative, "Версія А.")

        resend = dict(response.context["hidden"])  # "save my values over theirs"
        self.assertEqual((resend["seen"], resend["action"]), (str(report.version), "save"))
        self.assertEqual(second.post(self.url(expected_report), resend).status_code, 302)
        self.assertEqual(
            ExecutionReport.objects.get(expected=expected_report).narrative, "Версія Б."
        )

    def test_a_save_after_a_colleague_submitted_it_is_refused(self):
        expected_report = self.expected_report(2)
        make_report(expected_report, narrative="Чернетка.")
        first, second = self.session(self.executor), self.session(self.colleague)
        form_a, form_b = self.loaded(first, expected_report), self.loaded(second, expected_report)
        first.post(self.url(expected_report), {**form_a, "outcome": "done", "action": "submit"})
        response = second.post(
            self.url(expected_report), {**form_b, "narrative": "Б.", "action": "save"}
        )
        self.assertEqual(response.status_code, 302)
        report = ExecutionReport.objects.get(expected=expected_report)
        self.assertEqual((report.state, report.narrative), (ReportState.SUBMITTED, "Чернетка."))

    def test_an_accept_of_a_report_changed_since_it_was_read_is_refused(self):
        """Coordinator A reads the report; B returns it; the executor fixes and hands it in
        again; A's accept (of the text A read) must not go through."""
        expected_report = self.expected_report(2)
        report = make_report(
            expected_report, state=ReportState.SUBMITTED, narrative="Перша версія."
        )
        a, b = self.session(self.coordinator), self.session(self.coordinator_2)
        seen_by_a = a.get(self.url(expected_report)).context["review"]["version"].value()
        b.post(
            self.url(expected_report, "review/"),
            {"action": "return", "comment": "Уточніть.", "version": report.version},
        )
        executor = self.session(self.executor)
        form = self.loaded(executor, expected_report)
        executor.post(
            self.url(expected_report), {**form, "narrative": "Друга версія.", "action": "submit"}
        )
        self.assertEqual(
            ExecutionReport.objects.get(expected=expected_report).state, ReportState.SUBMITTED
        )

        response = a.post(
            self.url(expected_report, "review/"), {"action": "accept", "version": seen_by_a}
        )
        self.assertRedirects(response, self.url(expected_report), fetch_redirect_response=False)
        report.refresh_from_db()
        self.assertEqual((report.state, report.narrative), (ReportState.SUBMITTED, "Друга версія."))
        self.assertFalse(ReportEvent.objects.filter(report=report, action="accepted").exists())
        page = a.get(self.url(expected_report))
        self.assertContains(page, "Звіт тим часом змінився")
        # Having read the new text, A accepts it.
        fresh = page.context["review"]["version"].value()
        a.post(self.url(expected_report, "review/"), {"action": "accept", "version": fresh})
        self.assertEqual(
            ExecutionReport.objects.get(expected=expected_report).state, ReportState.ACCEPTED
        )


@time_machine.travel(dt.datetime(2025, 10, 5, 10, 0, tzinfo=KYIV), tick=False)
class NumbersConflictTestCase(TwoSessions):
    """The conflict views carry the numbers typed back, not only the narrative."""

    def families(self) -> Indicator:
        return Indicator.objects.create(
            measure=self.measures()[1], name="сім'ї", unit="сімей", categories=["дівчата"]
        )

    def loaded_numbers(self, client, expected_report) -> dict:
        form = client.get(self.url(expected_report)).context["form"]
        data = {n: form[n].value() or "" for n in form.fields if n != "files"}
        numbers = form.numbers
        data.update({numbers.add_prefix(n): numbers[n].value() or "" for n in numbers.fields})
        return data

    def test_the_report_pages_conflict_shows_and_resends_the_numbers(self):
        ind = self.families()
        expected_report = self.expected_report(2)
        make_report(expected_report, narrative="Чернетка.")
        first, second = self.session(self.executor), self.session(self.colleague)
        form_a, form_b = (
            self.loaded_numbers(first, expected_report),
            self.loaded_numbers(second, expected_report),
        )
        first.post(self.url(expected_report), {**form_a, f"n-i{ind.pk}": "5", "action": "save"})
        response = second.post(
            self.url(expected_report),
            {
                **form_b,
                f"n-i{ind.pk}": "1 250,5",
                f"n-i{ind.pk}_c0": "7",
                "n-s_local_budget": "12,5",
                "action": "save",
            },
        )
        self.assertEqual(response.status_code, 409)
        changes = {c.label: c for c in response.context["changes"]}
        total = changes["Досягнуто за період, сімей"]
        self.assertEqual((total.theirs, total.mine), ("5", "1\u00a0250,5"))
        self.assertTrue(total.differs)
        self.assertEqual((changes["дівчата"].theirs, changes["дівчата"].mine), ("—", "7"))
        self.assertEqual(
            IndicatorValue.objects.get(report__expected=expected_report).value, Decimal(5)
        )

        resend = dict(response.context["hidden"])  # "save my values over theirs"
        self.assertEqual(resend[f"n-i{ind.pk}"], "1 250,5")
        self.assertEqual(second.post(self.url(expected_report), resend).status_code, 302)
        values = dict(
            IndicatorValue.objects.filter(report__expected=expected_report).values_list(
                "category", "value"
            )
        )
        self.assertEqual(values, {"": Decimal("1250.5"), "дівчата": Decimal(7)})
        self.assertEqual(Spending.objects.get().amount, Decimal("12.5"))

    def test_the_cards_page_conflict_shows_the_numbers_and_keeps_them_typed(self):
        ind = self.families()
        one = self.expected_report(2)
        make_report(one, narrative="Чернетка.")
        first, second = self.session(self.executor), self.session(self.colleague)
        page_a, page_b = page_data(first.get("/monitoring/")), page_data(second.get("/monitoring/"))
        page_a[f"n{one.pk}-i{ind.pk}"] = "5"
        first.post("/monitoring/", {**page_a, "action": f"save:{one.pk}"})

        page_b[f"n{one.pk}-i{ind.pk}"] = "8"
        response = second.post("/monitoring/", {**page_b, "action": f"save:{one.pk}"})
        self.assertEqual(response.status_code, 200)
        (form,) = [f for s, f, _files in response.context["items"] if s.pk == one.pk]
        changes = {c.label: c for c in form.conflict}
        total = changes["Досягнуто за період, сімей"]
        self.assertEqual((total.theirs, total.mine), ("5", "8"))
        self.assertContains(response, f'name="n{one.pk}-i{ind.pk}" value="8"')
        again = page_data(response)  # B presses the button again: B's numbers win
        second.post("/monitoring/", {**again, "action": f"save:{one.pk}"})
        self.assertEqual(IndicatorValue.objects.get().value, Decimal(8))
