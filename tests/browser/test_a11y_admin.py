"""Accessibility of the Django admin, as the demo superuser: every registered model's list,
add form and one object's change form (the pages test_i18n_admin enumerates), at desktop
width and at a 390 px phone width, with no critical or serious axe-core node and nothing
wider than the viewport. Run with `-s` for the figures by rule."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.browser.test_a11y_crawl import check_page, demo_world, log_in  # noqa: F401
from tests.i18n.test_i18n_admin import admin_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
RULE = re.compile(r"^(?P<width>\w+) (?P<rule>[\w-]+) \(\w+\) ×(?P<count>\d+)")


def test_every_admin_page_is_accessible_and_fits_a_phone(browser, live_server, demo_world):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe
    from django.contrib.auth.models import Group, User
    from rest_framework.authtoken.models import Token

    Group.objects.create(name="Координатори громад")
    Token.objects.create(user=User.objects.get(username="admin"))
    pages = admin_pages()
    axe = Axe()
    context = browser.new_context(locale="uk-UA")
    page = context.new_page()
    page.set_default_timeout(30000)
    log_in(page, live_server.url, "admin")
    problems, by_rule, wide = [], Counter(), 0
    for path in pages:
        found = check_page(page, axe, live_server.url, path)
        if found["status"] >= 400 or page.url.split("?")[0].endswith("/admin/login/"):
            problems.append(f"{path}: HTTP {found['status']} at {page.url}")
        for line in found["axe"]:
            problems.append(f"{path}: {line}")
            match = RULE.match(line)
            by_rule[match["width"], match["rule"]] += int(match["count"])
        if found["wide"]:
            wide += 1
            problems.append(f"{path}: wider than the viewport {found['wide']}")
    context.close()
    print(f"\nadmin pages checked: {len(pages)}, axe nodes: {sum(by_rule.values())}, wide: {wide}")
    for (width, rule), count in sorted(by_rule.items()):
        print(f"  {width} {rule}: {count}")
    assert len(pages) > 50
    assert not problems, "\n".join(problems)
