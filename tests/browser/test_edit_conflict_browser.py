"""Two coordinators edit the same measure in two browsers: the second save does not revert the
first one's deadline; the second person sees both values and decides."""

from __future__ import annotations

import pytest

from planwatch.orgs.models import OrgKind, Role
from planwatch.plans.models import Measure
from tests.browser.test_monitoring_browser import log_in
from tests.support.factory import make_org, make_plan, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_second_save_shows_the_conflict_and_keeps_the_first(browser, live_server, shot):
    community = make_org("Альфівська сільська рада", OrgKind.COMMUNITY)
    coordinator = make_user("coordinator", community, Role.COORDINATOR)
    make_user("colleague", community, Role.COORDINATOR)
    plan = make_plan(community, measures=2, user=coordinator)
    m = plan.current_revision.measures.order_by("position").first()
    url = f"{live_server.url}/plans/{plan.pk}/measures/{m.pk}/edit/"

    pages = []
    for username in ("coordinator", "colleague"):
        page = browser.new_context(locale="uk-UA").new_page()
        log_in(page, live_server, username)
        page.goto(url)
        pages.append(page)
    first, second = pages

    first.fill("input[name=deadline]", "2027 рік")
    first.click("button:has-text('Зберегти')")
    first.wait_for_load_state()
    second.fill("textarea[name=text]", "Текст колеги")
    second.click("button:has-text('Зберегти')")
    second.wait_for_load_state()

    assert "Хтось інший зберіг це" in second.inner_text("h1")
    table = second.inner_text("table.conflict")
    assert "2027 рік" in table and "Текст колеги" in table
    shot(second, "edit-conflict-01-second-coordinator")
    second.click("text=Залишити їхні значення")
    second.wait_for_load_state()
    assert "2027 рік" in second.content()
    saved = Measure.objects.get(pk=m.pk)
    assert (saved.deadline_text, saved.text) == ("2027 рік", m.text)
