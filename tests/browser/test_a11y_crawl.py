"""Accessibility crawl: every page reachable by links, as anonymous and as each demo role.

The demo world (`manage.py load_demo` plus one unpublished import draft) is crawled breadth
first from each role's landing page, one page per URL pattern (Django's resolved route), so a
plan with 200 measures costs one visit, not 200. Every page is checked at desktop width and at
a 390 px phone width for:

- no 5xx answer;
- no critical or serious axe-core violation (axe bundled by `axe-playwright-python`, offline);
- nothing wider than the viewport (`scrollWidth <= innerWidth`): wide tables scroll inside
  their own frame instead of widening the page.

A summary table is printed (run with `-s` to see it) so a failure shows every page at once,
then a line per role: pages, axe critical/serious nodes, pages wider than the phone, 5xx.
With PLANWATCH_A11Y_EVERY_ROLE=1 every role checks every page it reaches (its own buttons and
columns), not only the patterns no earlier role checked: about four times as long.
"""

from __future__ import annotations

import os
from collections import Counter, deque
from io import StringIO
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import Resolver404, resolve

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each URL pattern is checked once, by the first role that reaches it: the executor before the
# coordinator (report forms), the admin last (only what no one else sees).
ROLES = ["anonymous", "executor", "coordinator", "reviewer", "viewer", "admin"]
WIDTHS = {"desktop": 1280, "phone": 390}
SERIOUS = {"critical", "serious"}
# Moderate rules held to the same bar: all content inside landmarks (the utility bar once was not).
ALSO_RULES = {"region", "landmark-unique", "skip-link"}
# Not pages to look at: downloads, state changes reached by GET, the Django admin, the API.
SKIP_PREFIXES = ("/admin/", "/api/", "/i18n/", "/accounts/logout/", "/static/", "/media/")
SKIP_PARTS = ("/export",)  # and a file name with "xlsx" (the Excel page itself is a page)
SKIP_SUFFIXES = (".pdf", ".xlsx", ".csv", ".json", ".docx", ".xml", ".zip", ".odt", ".ods")
MAX_PAGES = 80
EVERY_ROLE = os.environ.get("PLANWATCH_A11Y_EVERY_ROLE") == "1"


@pytest.fixture
def demo_world():
    """The demo data every role logs into, plus an import draft left for review."""
    call_command("load_demo", stdout=StringIO())
    from planwatch.orgs.models import Organization
    from planwatch.plans.imports import create_draft

    sample = Path(settings.PLANWATCH_SAMPLES_DIR) / "docx" / "001-merged.docx"
    owner = Organization.objects.get(name="Калуська міська рада")
    create_draft(sample.read_bytes(), sample.name, owner)


def seeds() -> list[str]:
    """Where each role's crawl starts: home, plus pages no menu links to (Strategy review, every row)."""
    from django.urls import reverse

    from planwatch.plans.models import Plan

    plans = Plan.objects.order_by("pk")
    return ["/", *(reverse("strategy:review", args=[plan.pk]) + "?show=all" for plan in plans)]


def pattern_of(path: str) -> str | None:
    """The URL pattern a path resolves to, the unit the crawl visits once."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return f"{match.namespace}:{match.url_name}" if match.namespace else str(match.url_name)


def wanted(url: str, origin: str) -> str | None:
    """The same-site page path of a link, or None for downloads and actions."""
    url = urldefrag(url)[0]
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != origin:
        return None
    path = parts.path
    if (
        path.startswith(SKIP_PREFIXES)
        or path.endswith(SKIP_SUFFIXES)
        or any(p in path for p in SKIP_PARTS)
        or "xlsx" in path.rsplit("/", 1)[-1]
    ):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def log_in(page, origin: str, role: str) -> None:
    from planwatch.operations.management.commands.load_demo import DEMO_PASSWORD

    page.goto(f"{origin}/accounts/login/")
    page.fill("input[name=username]", role)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def check_page(page, axe, origin: str, path: str) -> dict:
    """Visit one page at both widths; what was found there."""
    found = {"status": 0, "axe": [], "nodes": 0, "wide": {}, "title": ""}
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(origin + path)
        found["status"] = response.status if response else 0
        if found["status"] >= 400:
            return found
        found["title"] = page.title()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            found["wide"][label] = overflow
        result = axe.run(page).response
        for violation in result["violations"]:
            if violation["impact"] in SERIOUS or violation["id"] in ALSO_RULES:
                found["nodes"] += len(violation["nodes"])
                targets = [" ".join(map(str, n["target"])) for n in violation["nodes"]][:3]
                found["axe"].append(
                    f"{label} {violation['id']} ({violation['impact']}) "
                    f"×{len(violation['nodes'])}: {targets}"
                )
    return found


def crawl(page, axe, origin: str, seen: set[str]) -> dict[str, tuple[str, dict]]:
    """Breadth first over links, loading one page per URL pattern; checks the patterns not in
    `seen` (checked already as another role) and returns them, {pattern: (path, found)}.

    A page checked already is still loaded for its links: this role may see links that the
    other did not (a coordinator's import review). A redirect (home, a login wall) counts for
    the page it lands on."""
    visited: dict[str, tuple[str, dict]] = {}
    walked: set[str] = set()
    queue = deque(seeds())
    while queue and len(walked) < MAX_PAGES:
        path = queue.popleft()
        pattern = pattern_of(urlsplit(path).path)
        if pattern is None or pattern in walked:
            continue
        walked.add(pattern)
        if pattern in seen:
            response = page.goto(origin + path)
            status = response.status if response else 0
        else:
            found = check_page(page, axe, origin, path)
            status = found["status"]
            landed = pattern_of(urlsplit(page.url).path) or pattern
            walked.add(landed)
            earlier = visited.get(landed)
            if landed not in seen and (earlier is None or earlier[1]["status"] >= 400):
                landed_at = urlsplit(page.url)
                query = f"?{landed_at.query}" if landed_at.query else ""
                visited[landed] = (landed_at.path + query, found)
        if status >= 400:
            walked.discard(pattern)  # another page of the pattern may be this role's
            continue
        for href in page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)"):
            link = wanted(href, origin)
            if link and pattern_of(urlsplit(link).path) not in walked:
                queue.append(link)
    return visited


def test_every_page_is_accessible_and_fits_a_phone(browser, live_server, demo_world):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    origin = live_server.url
    rows: list[tuple[str, str, str, dict]] = []
    seen: set[str] = set()
    for role in ROLES:
        context = browser.new_context(locale="uk-UA")
        page = context.new_page()
        page.set_default_timeout(15000)
        if role != "anonymous":
            log_in(page, origin, role)
        visited = crawl(page, axe, origin, seen)
        # A page this role may not open (404) is checked again for the next role.
        seen.update(k for k, (_path, found) in visited.items() if found["status"] < 400)
        if EVERY_ROLE:
            seen = set()
        rows += [(role, pattern, path, found) for pattern, (path, found) in visited.items()]
        context.close()

    problems = []
    print(f"\n{'role':<12}{'status':>7} {'axe':>4} {'wide':<22} page")
    for role, _pattern, path, found in rows:
        wide = ", ".join(f"{k}+{v}px" for k, v in found["wide"].items())
        print(f"{role:<12}{found['status']:>7} {len(found['axe']):>4} {wide:<22} {path}")
        if found["status"] >= 500:
            problems.append(f"{role} {path}: HTTP {found['status']}")
        problems += [f"{role} {path}: {line}" for line in found["axe"]]
        if found["status"] < 400 and found["title"] in ("", "planwatch · planwatch"):
            problems.append(f"{role} {path}: the title does not say where you are")
        if found["wide"]:
            problems.append(f"{role} {path}: wider than the viewport ({wide})")
    print(f"{len(rows)} pages ({len({r[1] for r in rows})} patterns), {len(problems)} problems")
    per_role: dict[str, Counter] = {role: Counter() for role in ROLES}
    for role, _pattern, _path, found in rows:
        per_role[role].update(
            pages=1,
            nodes=found["nodes"],
            wide=bool(found["wide"].get("phone")),
            server_errors=found["status"] >= 500,
        )
    print(f"{'role':<12}{'pages':>6}{'axe nodes':>10}{'> 390 px':>9}{'5xx':>5}")
    for role, c in per_role.items():
        print(f"{role:<12}{c['pages']:>6}{c['nodes']:>10}{c['wide']:>9}{c['server_errors']:>5}")
    assert len({r[1] for r in rows}) > 35, "the crawl should reach the site's pages"
    assert not problems, "\n".join(problems)
