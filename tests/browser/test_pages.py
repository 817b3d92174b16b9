"""Other pages in a real browser, for their look: revision diff, organisations, executor
mapping, a form error, the English interface."""

from __future__ import annotations

import pytest

from planwatch.orgs.models import OrgKind, Role
from planwatch.plans.publish import publish_draft
from tests.support.factory import (
    PASSWORD,
    make_draft,
    make_measure_dict,
    make_org,
    make_plan,
    make_plan_dict,
    make_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    oblast = make_org("Івано-Франківська обласна державна адміністрація", OrgKind.OBLAST)
    district = make_org("Калуська районна державна адміністрація", OrgKind.DISTRICT, oblast)
    city = make_org("Калуська міська рада", OrgKind.COMMUNITY, district)
    make_org("Служба у справах дітей", OrgKind.DEPARTMENT, city)
    make_user("coordinator", city, Role.COORDINATOR)
    plan = make_plan(city, measures=6, tasks=2, title="План заходів Калуської громади")
    doc = make_plan_dict(6, tasks=2, title=plan.title)
    first_task = doc["nodes"][0]["children"][0]
    first_task["measures"][0]["deadline"] = {"text": "2025-2028 роки"}
    first_task["measures"].pop(1)
    first_task["measures"].append(make_measure_dict(7, text="запровадження наставництва"))
    publish_draft(make_draft(city, doc, plan=plan), None)
    draft_doc = make_plan_dict(3, title="Новий план")
    for m in draft_doc["nodes"][0]["children"][0]["measures"]:
        m["executors"]["organizations"].append({"name": "ССД міської ради", "id": "ссд"})
    draft = make_draft(city, draft_doc)
    return plan, city, draft


def log_in(page, live_server) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "coordinator")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/monitoring/plans/*/")  # the one plan's dashboard
    page.goto(f"{live_server.url}/plans/")


def test_pages_look_right(page, live_server, world, shot):
    plan, city, draft = world
    log_in(page, live_server)
    shot(page, "20-plans")
    page.goto(f"{live_server.url}/plans/{plan.pk}/revisions/2/diff/")
    assert "запровадження наставництва" in page.inner_text("main")
    shot(page, "21-diff", full_page=True)
    page.goto(f"{live_server.url}/orgs/")
    shot(page, "22-orgs")
    page.goto(f"{live_server.url}/orgs/{city.pk}/")
    page.fill("input[name=katottg]", "UA12")
    page.click("form[action$='rename/'] button")
    assert page.locator(".errorlist").count() == 1
    shot(page, "23-org-form-error")
    page.goto(f"{live_server.url}/plans/import/{draft.pk}/#executors")
    shot(page, "24-review-executors")
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert "Executors" in page.inner_text("main")
    shot(page, "25-review-english")
