"""Every page in Ukrainian: a Django test client crawl of the demo world (`load_demo` plus an
import draft), as anonymous and as each demo role, following links breadth first, a few pages
per URL pattern. Each page's visible text and spoken attributes go through the English
detector (`tests/support/english.py`); the test fails on any English phrase and prints where.

It also fails on a link that answers 404 to the role it is shown to (the Excel page once was
linked for coordinators), and on a page whose <title> does not say where you are. Run with `-s` to see the table: role, pages, phrases, and every
phrase with its page.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from html import unescape
from io import StringIO
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from tests.support.english import english_in_html, english_in_json

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "executor", "coordinator", "reviewer", "viewer", "admin"]
SKIP_PREFIXES = ("/admin/", "/i18n/", "/accounts/logout/", "/static/", "/media/", "/api/")
SKIP_SUFFIXES = (".pdf", ".xlsx", ".csv", ".docx", ".xml", ".zip", ".odt", ".ods", ".png")
# How many different addresses of one URL pattern to read (a plan page with ?period= chips).
PER_PATTERN = 3
MAX_PAGES = 400
HREF = re.compile(r"""href=["']([^"'#][^"']*)["']""")
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
# One page shown in two places: the signed-in and the public view of a plan or a measure.
TWINS = {frozenset({"plans:detail", "public:plan"}), frozenset({"plans:measure", "public:measure"})}


@pytest.fixture
def demo_world(django_db_blocker):
    call_command("load_demo", stdout=StringIO())
    from planwatch.orgs.models import Organization
    from planwatch.plans.imports import create_draft

    sample = Path(settings.PLANWATCH_SAMPLES_DIR) / "docx" / "001-merged.docx"
    owner = Organization.objects.get(name="Калуська міська рада")
    create_draft(sample.read_bytes(), sample.name, owner)


def seeds() -> list[str]:
    from django.urls import reverse

    from planwatch.plans.models import Plan

    plans = Plan.objects.order_by("pk")
    return [
        "/",
        "/public/",
        "/accounts/login/",
        "/accounts/password_reset/",
        *(reverse("strategy:review", args=[plan.pk]) + "?show=all" for plan in plans),
    ]


def pattern_of(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return f"{match.namespace}:{match.url_name}" if match.namespace else str(match.url_name)


def wanted(url: str, skip: tuple[str, ...] = SKIP_PREFIXES) -> str | None:
    url = unescape(urldefrag(url)[0])
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(skip) or parts.path.endswith(SKIP_SUFFIXES):
        return None
    if "export" in parts.path or "xlsx" in parts.path.rsplit("/", 1)[-1]:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def client_for(role: str) -> Client:
    from planwatch.operations.management.commands.load_demo import DEMO_PASSWORD

    client = Client(HTTP_ACCEPT_LANGUAGE="uk")
    if role != "anonymous":
        assert client.login(username=role, password=DEMO_PASSWORD)
    return client


def crawl(
    client: Client,
    refused: list[str] | None = None,
    html_of: dict[str, str] | None = None,
    seed: list[str] | None = None,
    skip: tuple[str, ...] = SKIP_PREFIXES,
    within: str = "/",
) -> dict[str, list[str]]:
    """{path: [English phrases]} for every page read; links that answer 404 (a page shown to
    someone who may not open it) are added to `refused` as "page → link". `html_of` collects
    each HTML page (the form crawl submits its forms); `seed`/`skip`/`within` crawl another part (the admin)."""
    found: dict[str, list[str]] = {}
    per_pattern: Counter[str] = Counter()
    queued: set[str] = set()
    queue = deque((path, "") for path in (seed or seeds()))
    while queue and len(found) < MAX_PAGES:
        path, linked_from = queue.popleft()
        pattern = pattern_of(urlsplit(path).path)
        if pattern is None or per_pattern[pattern] >= PER_PATTERN:
            continue
        per_pattern[pattern] += 1
        response = client.get(path)
        assert response.status_code < 500, f"{path}: HTTP {response.status_code}"
        if response.status_code == 404 and linked_from and refused is not None:
            refused.append(f"{linked_from} → {path}")
        if response.status_code >= 300:
            continue
        kind = response.get("Content-Type", "")
        if "json" in kind:
            found[path] = english_in_json(response.json())
            continue
        if "html" not in kind and "svg" not in kind:
            continue
        html = response.content.decode()
        found[path] = english_in_html(html)
        if html_of is not None:
            html_of[path] = html
        for href in HREF.findall(html):
            link = wanted(href, skip)
            if link and link.startswith(within) and link not in queued:
                queued.add(link)
                queue.append((link, path))
    return found


def untitled(html_of: dict[str, str]) -> list[str]:
    """Pages whose <title> does not say where you are: only the site's name, or the same title
    as another page (another address, not the same page with another ?query)."""
    problems, first = [], {}
    for path, html in html_of.items():
        found = TITLE.search(html)
        title = " ".join(unescape(found.group(1)).split()) if found else ""
        if title.replace("planwatch", "").strip(" ·") == "":
            problems.append(f"{path}: title {title!r}")
            continue
        address = urlsplit(path).path
        other = first.setdefault(title, address)
        twins = frozenset({pattern_of(other), pattern_of(address)}) in TWINS
        if other != address and not twins:
            problems.append(f"{path}: title {title!r} as on {other}")
    return problems


def test_no_english_in_the_ukrainian_interface(demo_world):
    report: list[str] = []
    totals: dict[str, tuple[int, int]] = {}
    phrases: Counter[str] = Counter()
    refused: list[str] = []
    titles: list[str] = []
    for role in ROLES:
        links: list[str] = []
        html_of: dict[str, str] = {}
        pages = crawl(client_for(role), links, html_of)
        refused += [f"{role}: {link}" for link in links]
        titles += [f"{role}: {problem}" for problem in untitled(html_of)]
        count = 0
        for path, found in pages.items():
            for phrase in found:
                count += 1
                phrases[phrase] += 1
                report.append(f"{role:<12} {path}: {phrase!r}")
        totals[role] = (len(pages), count)
    print("\nrole          pages  English")
    for role, (pages, count) in totals.items():
        print(f"{role:<12} {pages:>6} {count:>8}")
    print(f"{len(phrases)} distinct phrases")
    print("\n".join(report))
    assert sum(p for p, _c in totals.values()) > 100, "the crawl should reach the site's pages"
    assert not report, "\n".join(report)
    assert not refused, "links to pages the role may not open:\n" + "\n".join(refused)
    assert not titles, "titles that do not say where you are:\n" + "\n".join(titles)
