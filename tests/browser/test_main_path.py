"""The main path in a real browser: log in, upload a sample .docx, fix a warning, publish,
find a measure by search, see the public page."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from planwatch.orgs.models import OrgKind, Role
from tests.support.factory import PASSWORD, make_org, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAMPLE = Path(settings.PLANWATCH_SAMPLES_DIR) / "docx" / "000-plain.docx"


@pytest.fixture
def world():
    oblast = make_org("Одеська обласна державна адміністрація", OrgKind.OBLAST)
    district = make_org("Подільська районна державна адміністрація", OrgKind.DISTRICT, oblast)
    village = make_org("Піщанська сільська рада", OrgKind.COMMUNITY, district)
    make_user("coordinator", village, Role.COORDINATOR, first_name="Оксана", last_name="Коваль")
    return village


def log_in(page, live_server) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "coordinator")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/plans/")


def test_main_path(page, live_server, world, shot):
    if not SAMPLE.is_file():
        pytest.skip(f"{SAMPLE} is not here")
    page.goto(f"{live_server.url}/accounts/login/")
    shot(page, "01-login")
    log_in(page, live_server)
    shot(page, "02-plans-empty")

    page.click("text=Імпорт")
    page.set_input_files("input[name=file]", str(SAMPLE))
    page.select_option("select[name=owner]", label="Піщанська сільська рада")
    shot(page, "03-upload")
    page.click("button:has-text('Завантажити')")
    page.wait_for_url("**/plans/import/*/")
    shot(page, "04-review", full_page=False)

    # Fix a warning: correct the first measure that has one, or accept a document warning.
    warnings_before = int(page.inner_text("#warning-count"))
    assert warnings_before > 0
    flagged = page.locator(".review-row.has-warnings").first
    if flagged.count():
        flagged.scroll_into_view_if_needed()
        shot(page, "05-review-warning")
        flagged.locator("a:has-text('Виправити')").click()
        page.fill("textarea[name=text]", page.input_value("textarea[name=text]") + " (перевірено)")
        shot(page, "06-correct-measure")
        page.click("button:has-text('Зберегти')")
        page.wait_for_url("**/plans/import/*/#m*")
    else:
        before = page.locator(".warning").count()
        page.locator(".warning button").first.click()
        assert page.locator(".warning").count() == before - 1
    assert int(page.inner_text("#warning-count")) < warnings_before
    shot(page, "07-review-after-fix")

    page.check("#is_public")  # the coordinator means it for the public pages
    page.click("#publish")
    page.wait_for_url("**/plans/*/")
    assert "Піщанській" in page.inner_text("h1")
    shot(page, "08-plan")

    page.click("text=Знайти захід")
    page.fill("input[name=q]", "самооцінки")
    page.click("button:has-text('Шукати')")
    result = page.locator("table.list a").first
    assert "самооцінки" in result.inner_text()
    shot(page, "09-search")
    result.click()
    shot(page, "10-measure")

    page.goto(f"{live_server.url}/public/")
    page.click("table.list a")
    assert page.locator(".measure-row").count() > 50
    assert page.locator("a:has-text('Редагувати')").count() == 0
    shot(page, "11-public-plan")
