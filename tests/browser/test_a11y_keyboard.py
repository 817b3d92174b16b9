"""Keyboard use: the first Tab reaches a skip link to the main content, and every focused
control shows a focus ring of at least 3:1 against what is behind it (WCAG 2.4.7, 1.4.11)."""

from __future__ import annotations

import pytest

from planwatch.orgs.models import Role
from tests.support.factory import PASSWORD, make_org, make_plan, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The focused element's outline colour and the first opaque background behind it (the outline
# is drawn outside the element, so the search starts at its parent).
FOCUS_RING = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  let bg = null, node = el.parentElement;
  while (node) {
    const c = getComputedStyle(node).backgroundColor;
    if (c && !c.endsWith(", 0)") && c !== "transparent") { bg = c; break; }
    node = node.parentElement;
  }
  return {tag: el.tagName, text: (el.textContent || el.name || "").trim().slice(0, 30),
          style: style.outlineStyle, width: parseFloat(style.outlineWidth),
          color: style.outlineColor, bg: bg || "rgb(255, 255, 255)"};
}"""


def luminance(css: str) -> float:
    """Relative luminance of an `rgb(...)`/`rgba(...)` colour, as WCAG defines it."""
    parts = [float(x) for x in css[css.index("(") + 1 : -1].split(",")[:3]]
    linear = [
        c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in parts
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_formula():
    assert contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(21)
    assert contrast("rgb(246, 200, 0)", "rgb(255, 255, 255)") < 3  # the old yellow ring


def test_skip_link_then_visible_focus_everywhere(page, live_server):
    city = make_org("Калуська міська рада")
    make_user("coordinator", city, Role.COORDINATOR)
    make_plan(city, measures=2)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "coordinator")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)  # the role's home
    page.goto(f"{live_server.url}/plans/")

    page.keyboard.press("Tab")
    skip = page.evaluate("() => [document.activeElement.className, document.activeElement.hash]")
    assert skip == ["skip-link", "#main"]
    assert page.locator(".skip-link").bounding_box()["y"] >= 0, "visible when focused"

    weak = []
    for _ in range(14):  # the skip link, the header (dark blue), then the page (white, grey)
        ring = page.evaluate(FOCUS_RING)
        ratio = contrast(ring["color"], ring["bg"])
        if ring["style"] == "none" or ring["width"] < 2 or ratio < 3:
            weak.append(f"{ring['tag']} {ring['text']!r}: {ring['width']}px, {ratio:.1f}:1")
        page.keyboard.press("Tab")
    assert not weak, weak

    page.reload()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
