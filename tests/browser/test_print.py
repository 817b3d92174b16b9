"""Plan and report pages on paper: the print style keeps what the page is about (the plan's
measures, the report with what the executor wrote) and drops the site's chrome (header,
menus, buttons, filters); nothing is wider than an A4 page. Also the favicon every page links."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from planwatch.monitoring.models import ExpectedReport
from planwatch.orgs.models import OrgKind, Role
from tests.support.factory import PASSWORD, make_org, make_plan, make_user
from tests.support.monitoring_base import KYIV, monitored_plan_dict

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
A4 = {"width": 718, "height": 1040}  # 190 × 275 mm printable at 96 px per inch
# The innermost elements reaching past the page's right edge, for a failure's message.
WIDEST = """[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > innerWidth
    && ![...e.children].some(c => c.getBoundingClientRect().right > innerWidth))
  .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""
CHROME = ".site-header, .skip-link, footer, nav, .toolbar, button, .crumbs, select"


@pytest.fixture
def world():
    community = make_org("Альфівська сільська рада", OrgKind.COMMUNITY)
    service = make_org("Служба у справах дітей", OrgKind.DEPARTMENT, community)
    make_org("Центр соціальних служб", OrgKind.INSTITUTION, community)
    make_org("ГО «Світло»", OrgKind.PARTNER, community)
    make_user("coordinator", community, Role.COORDINATOR)
    make_user("executor", service, Role.EXECUTOR)
    return make_plan(community, doc=monitored_plan_dict(), public=True)


def log_in(page, origin: str, username: str) -> None:
    page.goto(f"{origin}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def printed(page, url: str) -> str:
    """The page as print media lays it out at A4 width: its visible text; fails on the site's
    chrome being shown or on anything wider than the paper."""
    page.set_viewport_size(A4)
    page.goto(url)
    page.emulate_media(media="print")
    shown = page.eval_on_selector_all(
        CHROME,
        "els => els.filter(e => e.getClientRects().length).map(e => e.outerHTML.slice(0, 80))",
    )
    assert shown == [], f"{url}: on paper: {shown}"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{url}: {overflow} px wider than the paper: {page.evaluate(WIDEST)}"
    text = page.inner_text("main")
    page.emulate_media(media="screen")
    return text


@time_machine.travel(dt.datetime(2025, 10, 14, 10, 0, tzinfo=KYIV), tick=True)
def test_plan_and_report_pages_print_their_content_without_the_site(page, live_server, world):
    origin = live_server.url
    plan = world
    assert "Ціль перша" in printed(page, f"{origin}/public/plans/{plan.pk}/")
    log_in(page, origin, "executor")
    expected_report = ExpectedReport.objects.filter(measure__number="2)", period="2025-Q3").get()
    page.goto(f"{origin}/monitoring/reports/{expected_report.pk}/")
    page.fill("textarea[name=narrative]", "Проведено два семінари для батьків.")
    page.click("button[value=save]")
    page.wait_for_load_state()
    text = printed(page, f"{origin}/monitoring/reports/{expected_report.pk}/")
    assert (
        expected_report.organization.name in text and "Проведено два семінари для батьків." in text
    )
    log_in(page, origin, "coordinator")
    text = printed(page, f"{origin}/plans/{plan.pk}/")
    assert plan.title in text and "Ціль перша" in text
    text = printed(page, f"{origin}/monitoring/plans/{plan.pk}/?period=2025-Q3")
    assert plan.title in text


def test_every_page_links_the_favicon(page, live_server, world):
    response = page.goto(f"{live_server.url}/public/")
    assert response.status == 200
    icon = page.get_attribute("link[rel=icon]", "href")
    served = page.request.get(live_server.url + icon)
    assert served.status == 200 and "<svg" in served.text()
