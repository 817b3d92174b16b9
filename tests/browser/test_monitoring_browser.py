"""The monitoring cycle in a real browser: an executor reports from a phone, the coordinator
returns it, the executor fixes and submits, the coordinator accepts and sees the dashboard."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from planwatch.monitoring.models import ExecutionReport, ExpectedReport, ReportState
from planwatch.orgs.models import OrgKind, Role
from tests.support.factory import PASSWORD, make_org, make_plan, make_user
from tests.support.monitoring_base import KYIV, monitored_plan_dict

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def world():
    community = make_org("Альфівська сільська рада", OrgKind.COMMUNITY)
    service = make_org("Служба у справах дітей", OrgKind.DEPARTMENT, community)
    make_org("Центр соціальних служб", OrgKind.INSTITUTION, community)
    make_org("ГО «Світло»", OrgKind.PARTNER, community)
    coordinator = make_user("coordinator", community, Role.COORDINATOR, first_name="Оксана")
    make_user("executor", service, Role.EXECUTOR, first_name="Петро")
    return make_plan(community, doc=monitored_plan_dict(), user=coordinator)


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


@time_machine.travel(dt.datetime(2025, 10, 14, 10, 0, tzinfo=KYIV), tick=True)
def test_monitoring_cycle(browser, live_server, world, shot):
    phone_context = browser.new_context(viewport=PHONE, locale="uk-UA")
    phone = phone_context.new_page()
    log_in(phone, live_server, "executor")
    phone.goto(f"{live_server.url}/monitoring/")
    expected_report = ExpectedReport.objects.get(measure__number="2)", period="2025-Q3")
    card = phone.locator(f"#expected-{expected_report.pk}")
    card.scroll_into_view_if_needed()
    shot(phone, "monitoring-01-executor-phone")
    card.locator("select").select_option("in_progress")
    card.locator("textarea").fill("Проведено два семінари для батьків.")
    phone.click("button:has-text('Подати всі заповнені звіти')")
    phone.wait_for_load_state()
    assert "Подано 1 звіт" in phone.inner_text(".messages")
    shot(phone, "monitoring-02-executor-submitted")

    desk_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="uk-UA")
    desk = desk_context.new_page()
    log_in(desk, live_server, "coordinator")
    desk.goto(f"{live_server.url}/monitoring/reports/{expected_report.pk}/")
    desk.fill("textarea[name=comment]", "Додайте кількість учасників.")
    desk.click("button:has-text('Повернути з коментарем')")
    assert ExecutionReport.objects.get(expected=expected_report).state == ReportState.RETURNED

    phone.goto(f"{live_server.url}/monitoring/reports/{expected_report.pk}/")
    assert "Додайте кількість учасників." in phone.inner_text("main")
    phone.fill("textarea[name=narrative]", "Два семінари, 34 учасники.")
    phone.click("button[value=submit]")
    phone.wait_for_load_state()

    desk.goto(f"{live_server.url}/monitoring/reports/{expected_report.pk}/")
    desk.click("button[value=accept]")
    desk.wait_for_load_state()
    assert ExecutionReport.objects.get(expected=expected_report).state == ReportState.ACCEPTED
    shot(desk, "monitoring-03-report-accepted", full_page=True)
    desk.goto(f"{live_server.url}/monitoring/plans/{world.pk}/?period=2025-Q3")
    assert "25%" in desk.inner_text(".kpis")
    shot(desk, "monitoring-04-dashboard", full_page=True)
    desk.wait_for_load_state("networkidle")
    phone_context.close()
    desk_context.close()
