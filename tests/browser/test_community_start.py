"""A community starts on its own, in a real browser: its coordinator finds the community in the
official register, adds a department and an executor; the executor follows the invitation
letter, sets a password and lands on "Мої звіти". No system administrator, no Django admin."""

from __future__ import annotations

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command

from planwatch.orgs.models import Membership, Organization, OrgKind, Role
from tests.support.factory import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PISCHANSKA = "UA51120170000076247"


@pytest.fixture
def coordinator():
    call_command("load_katottg", only="Одеська", stdout=io.StringIO())
    community = Organization.objects.get(katottg=PISCHANSKA)
    return make_user("oksana", community, Role.COORDINATOR, first_name="Оксана")


def test_a_community_starts_on_its_own(browser, live_server, coordinator, shot):
    page = browser.new_page(locale="uk-UA")
    page.set_default_timeout(15000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "oksana")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/plans/")  # no plans yet
    assert "Імпорт" in page.inner_text("nav")

    page.click("nav >> text=Організації")
    page.fill("input[name=q]", "Піщанська")
    page.click("button:has-text('Знайти організацію')")
    page.wait_for_url("**q=*")
    shot(page, "60-register-search")
    page.click("a:has-text('Піщанська — Подільський р-н — Одеська обл.')")
    page.click("text=Додати відділ, заклад або партнера")
    page.select_option("select[name=kind]", "department")
    page.fill("input[name=name]", "Служба у справах дітей")
    page.fill("input[name=edrpou]", "43005393")
    page.click("button:has-text('Додати')")
    assert "«Служба у справах дітей» додано" in page.inner_text("main")
    department = Organization.objects.get(name="Служба у справах дітей")
    assert department.parent.katottg == PISCHANSKA and department.kind == OrgKind.DEPARTMENT

    page.click("text=Люди та ролі")
    page.fill("input[name=username]", "petro")
    page.fill("input[name=email]", "petro@example.org")
    page.fill("input[name=first_name]", "Петро")
    page.select_option("select[name=role]", "executor")
    page.click("form.card button:has-text('Додати')")
    assert "Запрошення надіслано" in page.inner_text("main")
    shot(page, "61-people-invited")
    page.close()

    letter = mail.outbox[-1]
    assert letter.to == ["petro@example.org"]
    assert "Вас запрошено до planwatch" in letter.body
    link = re.search(r"https?://\S+/orgs/invitation/\S+/", letter.body).group(0)

    invitee = browser.new_page(locale="uk-UA")
    invitee.set_default_timeout(15000)
    invitee.goto(link)
    assert "Служба у справах дітей" in invitee.inner_text("main")
    invitee.fill("input[name=new_password1]", "Pischana-dity-2026")
    invitee.fill("input[name=new_password2]", "Pischana-dity-2026")
    invitee.click("button:has-text('Встановити пароль і увійти')")
    invitee.wait_for_url(f"{live_server.url}/monitoring/")
    assert invitee.inner_text("h1") == "Мої звіти"
    nav = invitee.inner_text("nav")
    assert "Мої звіти" in nav and "Імпорт" not in nav
    shot(invitee, "62-executor-home")
    invitee.close()
    assert Membership.objects.filter(
        user__username="petro", org=department, role=Role.EXECUTOR
    ).exists()
