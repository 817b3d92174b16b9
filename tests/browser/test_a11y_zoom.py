"""Zoom to 200 % without loss (WCAG 1.4.4, 1.4.10) on the pages people work on.

How 200 % is made: a 1280 × 900 window zoomed to 200 % lays pages out exactly like a
640 × 450 CSS-pixel viewport at device pixel ratio 2 — browser zoom shrinks the viewport in
CSS pixels, media queries included. So the test uses that viewport. `device_scale_factor`
alone only sharpens pixels (the layout stays 1280 px wide), and the CSS `zoom` property scales
the content without changing the viewport (media queries do not react, and bounding boxes
come back in unzoomed units), so neither shows what a zooming reader gets.

On each page: nothing scrolls sideways (`scrollWidth <= innerWidth`), and no control (link,
button, field, label) is outside the window or cut off by an ancestor that hides overflow.
Controls inside a frame that scrolls on its own (wide tables) count as reachable.
"""

from __future__ import annotations

import pytest

from tests.browser.test_a11y_crawl import demo_world, log_in  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ZOOMED = {"width": 640, "height": 450}  # 1280 × 900 at 200 %

CLIPPED = """() => {
  const width = document.documentElement.clientWidth, bad = [];
  const controls = document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, label, summary");
  for (const el of controls) {
    const r = el.getBoundingClientRect(), style = getComputedStyle(el);
    if (r.width <= 1 || r.height <= 1 || style.visibility === "hidden") continue;  // not shown
    if (el.classList.contains("skip-link") && document.activeElement !== el) continue;
    let frame = null, scrolls = false;
    for (let n = el.parentElement; n && n !== document.body; n = n.parentElement) {
      const s = getComputedStyle(n);
      if (/auto|scroll/.test(s.overflowX)) { scrolls = true; break; }  // reachable: scroll it
      if (s.overflowX === "hidden" || s.overflowX === "clip") { frame = n; break; }
    }
    const name = (el.tagName + " " + (el.textContent || el.name || el.id || "").trim()).slice(0, 60);
    if (!scrolls && (r.left < -1 || r.right > width + 1)) {
      bad.push(`${name}: outside the window (${Math.round(r.left)}–${Math.round(r.right)} of ${width})`);
    } else if (frame) {
      const f = frame.getBoundingClientRect();
      if (r.left < f.left - 1 || r.right > f.right + 1)
        bad.push(`${name}: cut off by ${frame.tagName}.${frame.className}`);
    }
    if (/^(A|BUTTON|LABEL|SUMMARY)$/.test(el.tagName) && style.overflowX !== "visible"
        && el.scrollWidth > el.clientWidth + 1)
      bad.push(`${name}: its text is cut (${el.scrollWidth} > ${el.clientWidth})`);
  }
  return bad;
}"""


def pages() -> dict[str, tuple[str, str]]:
    """{what: (role, path)} — the pages the issue names."""
    from django.urls import reverse

    from planwatch.monitoring.models import ExpectedReport
    from planwatch.plans.models import ImportDraft, Plan

    expected_report = ExpectedReport.objects.filter(
        organization__memberships__user__username="executor"
    ).first()
    plan = expected_report.plan
    public = Plan.objects.filter(is_public=True).order_by("pk").first()
    draft = ImportDraft.objects.order_by("-pk").first()
    return {
        "executor report form": (
            "executor",
            reverse("monitoring:report", args=[expected_report.pk]),
        ),
        "executor's reports": ("executor", reverse("monitoring:my_reports")),
        "coordinator dashboard": ("coordinator", reverse("monitoring:dashboard", args=[plan.pk])),
        "plan page": ("coordinator", reverse("plans:detail", args=[plan.pk])),
        "import review": ("coordinator", reverse("plans:review", args=[draft.pk])),
        "public plan": ("anonymous", reverse("public:plan", args=[public.pk])),
    }


def test_main_pages_at_200_percent_zoom(browser, live_server, demo_world):  # noqa: F811
    problems: list[str] = []
    checked = 0
    for what, (role, path) in pages().items():
        context = browser.new_context(viewport=ZOOMED, device_scale_factor=2, locale="uk-UA")
        page = context.new_page()
        page.set_default_timeout(15000)
        if role != "anonymous":
            log_in(page, live_server.url, role)
        response = page.goto(live_server.url + path)
        assert response.status == 200, f"{what}: HTTP {response.status}"
        assert page.evaluate("innerWidth") == 640
        overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        if overflow > 0:
            problems.append(f"{what} ({path}): scrolls sideways by {overflow}px")
        problems += [f"{what} ({path}): {line}" for line in page.evaluate(CLIPPED)]
        checked += page.evaluate(
            "document.querySelectorAll('a[href], button, input, select').length"
        )
        context.close()
    print(f"\n{len(pages())} pages, {checked} controls, {len(problems)} problems")
    print("\n".join(problems))
    assert checked > 100
    assert not problems, "\n".join(problems)


def test_the_check_sees_cut_and_outside_controls(browser):
    context = browser.new_context(viewport=ZOOMED, device_scale_factor=2)
    page = context.new_page()
    page.set_content(
        """<div style="width:200px;overflow:hidden"><button style="width:400px">Зберегти</button></div>
        <a href="#x" style="position:absolute;left:700px">Далі</a>
        <div style="overflow-x:auto;width:200px"><a href="#y" style="margin-left:500px">Рядок</a></div>
        <button style="width:60px;overflow:hidden;white-space:nowrap">Повернути з коментарем</button>"""
    )
    found = page.evaluate(CLIPPED)
    context.close()
    assert [line.split(":")[1].strip().split(" ")[0] for line in found] == ["cut", "outside", "its"]
