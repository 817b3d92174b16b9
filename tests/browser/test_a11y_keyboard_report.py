"""Keyboard only: the executor reports and the coordinator reviews with Tab, typing, arrows and
Enter — no mouse, no `fill`/`click`. On the way both send a form that is not complete and
find the errors the way a screen-reader user does: an alert summary at the top whose link
moves focus to the field, the field marked aria-invalid and described by its error; axe finds
no critical or serious violation on those error pages."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from planwatch.monitoring.models import ExecutionReport, ExpectedReport, ReportState
from tests.browser.test_monitoring_browser import world  # noqa: F401
from tests.support.factory import PASSWORD
from tests.support.monitoring_base import KYIV

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches `selector`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def press(page, key: str) -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


def log_in(page, origin: str, username: str) -> None:
    page.goto(f"{origin}/accounts/login/")
    tab_to(page, "input[name=username]")
    page.keyboard.type(username)
    tab_to(page, "input[name=password]")
    page.keyboard.type(PASSWORD)
    press(page, "Enter")
    assert "/accounts/login/" not in page.url


def serious_axe(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page).response
    return [
        f"{v['id']} ({v['impact']})"
        for v in result["violations"]
        if v["impact"] in ("critical", "serious")
    ]


def follow_the_error(page, field: str) -> None:
    """The summary's link to `field` takes the focus there; the field says it is wrong."""
    summary = page.locator(".error-summary[role=alert]")
    assert summary.count() == 1
    tab_to(page, f".error-summary a[href='#id_{field}']")
    page.keyboard.press("Enter")
    focused = page.evaluate(
        "() => [document.activeElement.name, document.activeElement.getAttribute('aria-invalid'),"
        " document.activeElement.getAttribute('aria-describedby')]"
    )
    assert focused[:2] == [field, "true"], focused
    error = page.locator(f"#id_{field}_error")
    assert f"id_{field}_error" in focused[2].split()
    assert error.inner_text().strip()


@time_machine.travel(dt.datetime(2025, 10, 14, 10, 0, tzinfo=KYIV), tick=True)
def test_report_and_review_by_keyboard(browser, live_server, world):  # noqa: F811
    expected_report = ExpectedReport.objects.get(measure__number="2)", period="2025-Q3")
    report_url = f"{live_server.url}/monitoring/reports/{expected_report.pk}/"

    executor = browser.new_context(viewport={"width": 1280, "height": 900}, locale="uk-UA")
    page = executor.new_page()
    page.set_default_timeout(15000)
    log_in(page, live_server.url, "executor")
    page.goto(report_url)
    tab_to(page, "button[value=submit]")
    press(page, "Enter")  # nothing filled in: a submitted report needs a status and a text
    assert serious_axe(page) == []
    follow_the_error(page, "outcome")
    page.keyboard.press("ArrowDown")  # the first status after "—"
    assert page.evaluate("document.activeElement.value") != ""
    tab_to(page, "textarea[name=narrative]")
    page.keyboard.type("Проведено два семінари для батьків, 34 учасники.")
    tab_to(page, "button[value=submit]")
    press(page, "Enter")
    report = ExecutionReport.objects.get(expected=expected_report)
    assert report.state == ReportState.SUBMITTED
    assert report.narrative.startswith("Проведено два семінари")
    executor.close()

    coordinator = browser.new_context(viewport={"width": 1280, "height": 900}, locale="uk-UA")
    page = coordinator.new_page()
    page.set_default_timeout(15000)
    log_in(page, live_server.url, "coordinator")
    page.goto(report_url)
    tab_to(page, "button[value=return]")
    press(page, "Enter")  # returning needs a comment
    assert ExecutionReport.objects.get(expected=expected_report).state == ReportState.SUBMITTED
    assert serious_axe(page) == []
    follow_the_error(page, "comment")
    page.keyboard.type("Дякую, прийнято.")
    tab_to(page, "button[value=accept]")
    press(page, "Enter")
    assert ExecutionReport.objects.get(expected=expected_report).state == ReportState.ACCEPTED
    coordinator.close()
