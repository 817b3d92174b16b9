"""Playwright (sync API) against pytest-django's live_server, with Debian's chromium."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(os.environ.get("PLANWATCH_SHOTS", "/tmp/planwatch-shots"))
ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(
            "browser tests need Debian chromium at /usr/bin/chromium (apt-get install chromium)"
        )
    # The sync API runs an event loop in this thread; Django's ORM calls from the test body
    # are still synchronous and safe here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="uk-UA")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def shot():
    SHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, full_page: bool = False) -> Path:
        """A picture of the page once it has settled: taken while a click's navigation is still
        under way, chromium answers "Unable to capture screenshot"."""
        path = SHOTS / f"{name}.png"
        page.wait_for_load_state("load")
        try:
            page.screenshot(path=str(path), full_page=full_page)
        except PlaywrightError as exc:
            if "Unable to capture screenshot" not in str(exc):
                raise
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(path), full_page=full_page)
        return path

    return take
