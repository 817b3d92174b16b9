"""Linked plans, meeting deletion and hand-over corrections in a browser: the new pages pass
axe and fit a phone (as the crawl checks; the demo world has no upper plan, so the crawl
never reaches them filled), and the link review works from the keyboard."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.test_a11y_crawl import check_page, demo_world, log_in  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def linked_world():
    """The demo's Kalush plan linked to a plan of the district above it (sample 000)."""
    from planwatch.meetings.models import Body, Decision, Meeting
    from planwatch.orgs.models import Organization
    from planwatch.plans.imports import create_draft
    from planwatch.plans.models import LinkState, MeasureLink, Plan
    from planwatch.plans.publish import publish_draft
    from planwatch.strategy import plan_links

    district = Organization.objects.get(name="Калуська районна державна адміністрація")
    sample = Path(settings.PLANWATCH_SAMPLES_DIR) / "docx" / "000-plain.docx"
    upper = publish_draft(create_draft(sample.read_bytes(), sample.name, district), None).plan
    lower = Plan.objects.get(owner__name="Калуська міська рада")
    link = plan_links.link_plan(lower, upper, None)
    rows = list(MeasureLink.objects.filter(plan_link=link).order_by("lower__position"))
    decided = {r.lower_id: r.upper_id for r in rows[2:] if r.state == LinkState.SUGGESTED}
    plan_links.decide(link, {**decided, rows[-1].lower_id: None}, None)
    meeting = Meeting.objects.create(
        plan=lower, date=dt.date(2025, 9, 25), period="2025-Q3", body=Body.WORKING_GROUP
    )
    Decision.objects.create(meeting=meeting, responsible=lower.owner, text="Підготувати звіт")
    return lower, upper, district, meeting, rows


def test_linked_plan_pages_pass_axe_and_the_review_works_by_keyboard(
    browser,
    live_server,
    demo_world,  # noqa: F811
):
    from axe_playwright_python.sync_playwright import Axe

    from planwatch.plans.models import LinkState, MeasureLink

    lower, upper, district, meeting, rows = linked_world()
    axe, origin = Axe(), live_server.url
    page = browser.new_context(locale="uk-UA").new_page()
    log_in(page, origin, "coordinator")
    pages = {
        "coordinator": [f"/plans/{lower.pk}/upper/", f"/meetings/{meeting.pk}/delete/"],
        "reviewer": [f"/plans/{upper.pk}/lower/", f"/rollup/{district.pk}/"],
    }
    problems = []
    for role, paths in pages.items():
        if role != "coordinator":
            page.context.clear_cookies()
            log_in(page, origin, role)
        for path in paths:
            found = check_page(page, axe, origin, path)
            problems += [f"{path}: {line}" for line in found["axe"]]
            problems += [f"{path}: status {found['status']}"] if found["status"] != 200 else []
            problems += [f"{path}: wider by {w}" for w in found["wide"].values()]
    assert problems == []
    # the keyboard: in the first row, "1" picks the first suggestion and ticks; Ctrl+Enter saves
    page.context.clear_cookies()
    log_in(page, origin, "coordinator")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{origin}/plans/{lower.pk}/upper/")
    first = page.locator(f'[data-review-row="{rows[0].lower_id}"]')
    first.locator("input[type=checkbox]").focus()
    page.keyboard.press("1")
    assert first.locator("input[type=checkbox]").is_checked()
    chosen = first.locator("select").input_value()
    assert chosen == str(rows[0].candidates[0][0])
    options = first.locator("select option")
    assert options.count() <= 4  # short until used: its candidates and "implements nothing"
    first.locator("select").focus()  # then every upper measure, the choice kept
    assert options.count() == upper.current_revision.measures.count() + 1
    assert first.locator("select").input_value() == chosen
    first.locator("input[type=checkbox]").focus()
    with page.expect_navigation():
        page.keyboard.press("Control+Enter")
    saved = MeasureLink.objects.get(lower_id=rows[0].lower_id)
    assert (saved.state, saved.upper_id) == (LinkState.CONFIRMED, int(chosen))


def test_the_strategy_review_shares_the_review_keyboard(
    browser,
    live_server,
    demo_world,  # noqa: F811
):
    """The same script (static/planwatch/review-rows.js) drives the Strategy review: a digit
    picks a row's suggestion and ticks it, "Tick all" appears once scripts run and ticks all."""
    from django.urls import reverse

    from planwatch.orgs.models import Organization
    from planwatch.strategy.crosswalk import suggest_crosswalk
    from tests.support.factory import make_plan
    from tests.support.strategy_base import own_words_plan_dict

    # the demo's plans print the Strategy's headings (firm links): one in its own words
    owner = Organization.objects.get(name="Калуська міська рада")
    plan = make_plan(owner, doc=own_words_plan_dict())
    suggest_crosswalk(plan.current_revision)
    page = browser.new_context(locale="uk-UA").new_page()
    log_in(page, live_server.url, "coordinator")
    page.goto(live_server.url + reverse("strategy:review", args=[plan.pk]) + "?show=all")
    rows = page.locator("[data-review-row]")
    assert rows.count() > 1
    assert page.locator("[data-tick-all]").is_visible(), "the shared script ran"
    first = page.locator("[data-review-row]:has([data-pick])").first
    first.locator("input[type=checkbox]").focus()
    page.keyboard.press("1")
    assert first.locator("input[type=checkbox]").is_checked()
    picks = first.locator("[data-pick]")
    assert first.locator("select").input_value() == picks.nth(0).get_attribute("data-pick")
    page.locator("[data-tick-all]").click()
    boxes = page.locator("[data-review-row] input[type=checkbox]")
    assert all(boxes.nth(i).is_checked() for i in range(boxes.count()))
