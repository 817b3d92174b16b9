"""Form errors and flash messages in Ukrainian, with each error tied to its field.

The i18n crawl (`test_i18n_crawl.py`) reads pages by GET only. Here every POST form those
pages show is sent back empty, as the role that saw it: hidden inputs keep their values, every
visible field is left blank, no button is pressed. The answer (the form again with its errors,
or the next page with its flash message) goes through the English detector, and its HTML is
checked for errors a screen reader finds (WCAG 3.3.1, 1.3.1):

- a field with an error has aria-invalid="true" and aria-describedby naming its error list;
- every id an aria-describedby names exists (help texts included);
- every field error list is named by some field's aria-describedby (no orphan error);
- a form with errors starts with a summary (role="alert") whose links lead to the fields.

Forms with nothing to fill in (delete, publish, mark read) are not sent: empty, they would act.
Run with `-s` for the table.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest

from tests.i18n.test_i18n_crawl import ROLES, client_for, crawl, demo_world, pattern_of  # noqa: F401
from tests.support.english import english_in_html

pytestmark = pytest.mark.django_db

# Not sent even with fields to fill: the language switch and leaving the site.
SKIP_ACTIONS = ("/i18n/", "/accounts/logout/", "/admin/")
NOT_FIELDS = {"hidden", "submit", "button", "image", "reset"}


def empty_submission(form) -> dict[str, str] | None:
    """The form's data with every visible field blank; None if it has nothing to fill in."""
    data: dict[str, str] = {}
    visible = 0
    for el in form.xpath(".//input|.//select|.//textarea"):
        name = el.get("name")
        kind = (el.get("type") or "text").lower() if el.tag == "input" else el.tag
        if kind in ("submit", "button", "image", "reset"):
            continue
        if kind == "hidden":
            if name:
                data[name] = el.get("value") or ""
            continue
        visible += 1
        if name and kind not in ("checkbox", "radio", "file"):
            data[name] = ""
    return data if visible else None


def tie_problems(html: str) -> tuple[int, list[str]]:
    """(fields with errors, what is wrong with how the errors are tied to them)."""
    doc = lxml.html.fromstring(html)
    ids = {el.get("id") for el in doc.xpath("//*[@id]")}
    problems: list[str] = []
    described: set[str] = set()
    for el in doc.xpath("//*[@aria-describedby]"):
        names = el.get("aria-describedby").split()
        described.update(names)
        if missing := [n for n in names if n not in ids]:  # help text once had no id
            problems.append(f"{el.get('name')}: aria-describedby names nothing: {missing}")
    invalid = doc.xpath("//*[@aria-invalid='true']")
    for el in invalid:
        names = (el.get("aria-describedby") or "").split()
        errors = [n for n in names if n in ids and "errorlist" in doc.get_element_by_id(n).classes]
        if not errors:
            problems.append(f"{el.get('name')}: aria-invalid, but no error named in {names}")
    for ul in doc.xpath(
        "//ul[contains(@class, 'errorlist') and not(contains(@class, 'nonfield'))]"
    ):
        if ul.get("id") not in described:
            problems.append(f"error list {ul.get('id')!r} named by no field: {ul.text_content()!r}")
    if invalid:
        summaries = doc.xpath("//*[contains(@class, 'error-summary')][@role='alert']")
        if not summaries:
            problems.append("no error summary")
        for a in doc.xpath("//*[contains(@class, 'error-summary')]//a[@href]"):
            if a.get("href").lstrip("#") not in ids:
                problems.append(f"summary link {a.get('href')} leads nowhere")
    return len(invalid), problems


def test_form_errors_and_flash_messages(demo_world):  # noqa: F811
    report: list[str] = []
    totals: dict[str, tuple[int, int, int]] = {}
    for role in ROLES:
        client = client_for(role)
        html_of: dict[str, str] = {}
        crawl(client, html_of=html_of)
        sent: Counter[str] = Counter()
        with_errors = phrases = 0
        for path, html in html_of.items():
            for form in lxml.html.fromstring(html).forms:
                if (form.get("method") or "get").lower() != "post":
                    continue
                action = urljoin(path, form.get("action") or path)
                pattern = pattern_of(urlsplit(action).path)
                if not pattern or urlsplit(action).path.startswith(SKIP_ACTIONS):
                    continue
                data = empty_submission(form)
                if data is None or sent[pattern]:
                    continue
                sent[pattern] += 1
                response = client.post(action, data, follow=True)
                where = f"{role:<12} {pattern} ({path})"
                assert response.status_code < 500, f"{where}: HTTP {response.status_code}"
                if "html" not in response.get("Content-Type", ""):
                    continue
                answer = response.content.decode()
                for phrase in english_in_html(answer):
                    phrases += 1
                    report.append(f"{where}: {phrase!r}")
                invalid, problems = tie_problems(answer)
                with_errors += bool(invalid)
                report += [f"{where}: {p}" for p in problems]
        totals[role] = (sum(sent.values()), with_errors, phrases)
    print("\nrole          forms  with errors  English")
    for role, (forms, errors, phrases) in totals.items():
        print(f"{role:<12} {forms:>6} {errors:>12} {phrases:>8}")
    print("\n".join(report))
    assert sum(f for f, _e, _p in totals.values()) > 30, "the forms should be reached"
    assert sum(e for _f, e, _p in totals.values()) > 15, "empty forms should come back with errors"
    assert not report, "\n".join(report)
