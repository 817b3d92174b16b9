"""A coordinator repairs a lost heading level in the review, by keyboard, and publishes:
the published plan has the repaired tree."""

from __future__ import annotations

import io

import pytest

from planwatch.plans.models import Plan
from tests.browser.test_main_path import log_in, world  # noqa: F401 — the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = ["Найменування завдання", "Найменування заходу", "Строк виконання"]
HEADER += ["Джерела фінансування", "Відповідальні за виконання"]
ROWS = [
    ["Стратегічна ціль 1. Підвищення спроможності сімей", "", "", "", ""],
    [
        "1.1 Забезпечення доступу дітей до послуг",
        "1) проведення інформаційної кампанії для батьків",
        "2025-2026 роки",
        "місцевий бюджет",
        "служба у справах дітей",
    ],
    ["", "2) створення мережі прийомних сімей", "2025 рік", "", "служба у справах дітей"],
    # The heading of the next two rows, typed in the measure column: read as a measure.
    ["", "Розвиток послуг для сімей з дітьми", "2025-2026 роки", "", ""],
    ["", "3) відкриття центру денного перебування", "2026 рік", "місцевий бюджет", "відділ освіти"],
    ["", "4) навчання фахівців громади", "2026 рік", "місцевий бюджет", "відділ освіти"],
]


# Every control a person reaches has a name a screen reader says: a <label>, an aria-label,
# or (buttons) its text.
UNLABELLED = """() => [...document.querySelectorAll("main select, main textarea, main input, main button")]
  .filter(el => el.type !== "hidden")
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute("aria-label")
                && !(el.tagName === "BUTTON" && el.textContent.trim()))
  .map(el => el.outerHTML.slice(0, 80))"""


def plan_docx(path) -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=0, cols=len(HEADER))
    for values in [HEADER, *ROWS]:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())


def row(page, text: str):
    return page.locator(".review-row", has_text=text)


def press(locator) -> None:
    """Keyboard, not the mouse: every control of the editor must work so."""
    locator.focus()
    locator.page.keyboard.press("Enter")
    locator.page.wait_for_load_state()


def test_a_lost_heading_level_is_repaired_and_published(page, live_server, world, shot, tmp_path):  # noqa: F811
    upload = tmp_path / "plan.docx"
    plan_docx(upload)
    log_in(page, live_server)
    page.goto(f"{live_server.url}/plans/import/")
    page.set_input_files("input[name=file]", str(upload))
    page.select_option("select[name=owner]", label="Піщанська сільська рада")
    page.click("button:has-text('Завантажити')")
    page.wait_for_url("**/plans/import/*/")
    assert page.locator("#needs-title").count() == 1  # no title, and not the file name
    assert row(page, "Розвиток послуг").count() == 1
    shot(page, "h7-review-before", full_page=True)

    # The row that is a heading: make it one, beside task 1.1, without the rows after it.
    press(row(page, "Розвиток послуг").locator("a:has-text('Зробити заголовком')"))
    page.select_option("select[name=kind]", "operational_goal")
    page.select_option("select[name=placement]", "beside")
    page.uncheck("input[name=take_following]")
    press(page.locator("button:has-text('Зробити заголовком')"))
    page.wait_for_url("**/plans/import/*/#n*")
    heading = page.locator(".tree .heading", has_text="Розвиток послуг")
    assert heading.count() == 1
    new_uid = heading.get_attribute("id")

    # Measures 3) and 4) go under it: 4) by "down", 3) by the "move under" list, then "up".
    press(row(page, "4) навчання").locator("button[name=direction][value='1']"))
    third = row(page, "3) відкриття")
    third.locator("select[name=node]").select_option(new_uid)
    press(third.locator("button:has-text('Перемістити')"))
    press(row(page, "3) відкриття").locator("button[name=direction][value='-1']"))
    # Split at a chosen point of the text (tried, then cancelled: the tree stays as it is).
    press(row(page, "4) навчання").locator("a:has-text('Розділити')"))
    first = page.locator("textarea[name=first]")
    first.focus()
    first.evaluate(
        "el => el.setSelectionRange(el.value.indexOf('фахівців'), el.value.indexOf('фахівців'))"
    )
    press(page.locator("#split-at-cursor"))
    assert (first.input_value(), page.input_value("textarea[name=second]")) == (
        "навчання",
        "фахівців громади",
    )
    press(page.locator("a:has-text('Скасувати')"))
    press(page.locator("#edit-details"))
    page.fill("textarea[name=title]", "План заходів Піщанської громади на 2025-2026 роки")
    press(page.locator("button:has-text('Зберегти')"))
    page.wait_for_url("**/plans/import/*/")
    assert page.locator("#needs-title").count() == 0
    shot(page, "h7-review-after-desktop", full_page=True)
    unnamed = page.evaluate(UNLABELLED)
    assert unnamed == [], f"controls without a label: {unnamed}"
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "h7-review-after-390", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the review page scrolls sideways at 390 px ({width} px)"
    page.set_viewport_size({"width": 1280, "height": 900})

    page.click("#publish")
    page.wait_for_url("**/plans/*/")
    plan = Plan.objects.get(title="План заходів Піщанської громади на 2025-2026 роки")
    revision = plan.current_revision
    tree = [
        (n.depth, n.kind, n.title, [m.number for m in n.measures.order_by("position")])
        for n in revision.nodes.order_by("position")
    ]
    assert tree == [
        (0, "strategic_goal", "Підвищення спроможності сімей", []),
        (1, "task", "Забезпечення доступу дітей до послуг", ["1)", "2)"]),
        (1, "operational_goal", "Розвиток послуг для сімей з дітьми", ["3)", "4)"]),
    ]
    body = page.inner_text("main")
    assert body.index("Розвиток послуг для сімей з дітьми") < body.index("відкриття центру")
    assert body.index("навчання фахівців") > body.index("відкриття центру")
    shot(page, "h7-plan-published", full_page=True)
