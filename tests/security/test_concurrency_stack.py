"""A small office's morning on the real stack, as `make run` starts it (web server and both
job workers polling), on the backend the suite runs on (SQLite by default, PostgreSQL with
DATABASE_URL): 60 logins from 6 browsers at once, 50 report submissions at once through
the API and the report page, 6 plan uploads at once. Not one may fail.

On SQLite this is what broke first: every write request runs in a transaction, and a deferred
one cannot take the write lock while a worker writes — "database is locked", a 500 — so most
logins failed beside the polling workers. IMMEDIATE transactions with a busy timeout and
workers that only read while idle (settings.py, lib/dbqueue.py) fixed it; this keeps it fixed.
"""

from __future__ import annotations

import concurrent.futures
import itertools
import re
import time

import pytest
import requests

from tests.plans.test_import_upload import TEXT_PLAN
from tests.security.stack import csrf_of, log_in, p95, running_stack

USERS = ("coordinator", "executor", "reviewer", "viewer", "coordinator-pishchanska", "admin")
LOGINS, BROWSERS = 60, 6
SUBMISSIONS, AT_ONCE = 50, 10
UPLOADS = 6
OWNER = re.compile(r'<option value="(\d+)" selected>')
NARRATIVE = "Захід виконано; звіт подано під навантаженням."


@pytest.fixture(scope="module")
def stack():
    with running_stack() as running:
        yield running


def timed(call, *args):
    started = time.perf_counter()
    result = call(*args)
    return result, time.perf_counter() - started


def test_sixty_logins_from_six_browsers_beside_both_workers(stack):
    def one(i: int):
        _session, codes = log_in(stack.base, USERS[i % len(USERS)])
        return codes

    with concurrent.futures.ThreadPoolExecutor(BROWSERS) as pool:
        results = list(pool.map(lambda i: timed(one, i), range(LOGINS)))
    failed = [codes for codes, _ in results if codes[1:] != [302, 200] or codes[0] != 200]
    seconds = [s for _, s in results]
    print(
        f"\n{LOGINS} logins, {BROWSERS} at once: p95 {p95(seconds):.2f} s, max {max(seconds):.2f} s"
    )
    assert failed == []


def my_reports(stack, token: str) -> list[dict]:
    """The executor's expected reports, through the API (every page)."""
    headers = {"Authorization": f"Token {token}"}
    url, found = f"{stack.base}/api/v1/reports/?mine=true&page_size=200", []
    while url:
        page = requests.get(url, headers=headers, timeout=60).json()
        found += page["results"]
        url = page.get("next")
    return found


def submit_by_api(stack, token: str, expected_report: dict) -> int:
    body = {
        "outcome": "done",
        "narrative": NARRATIVE,
        "version": (expected_report["report"] or {}).get("version", ""),
    }
    response = requests.post(
        f"{stack.base}/api/v1/reports/{expected_report['id']}/submit/",
        json=body,
        headers={"Authorization": f"Token {token}"},
        timeout=60,
    )
    return response.status_code


def submit_by_page(stack, session: requests.Session, expected_report: dict) -> int:
    url = f"{stack.base}/monitoring/reports/{expected_report['id']}/"
    page = session.get(url, timeout=60)
    if page.status_code != 200:
        return page.status_code
    seen = page.text.split('name="seen"', 1)[-1].split('value="', 1)[-1].split('"', 1)[0]
    data = {
        "csrfmiddlewaretoken": csrf_of(page.text),
        "action": "submit",
        "outcome": "done",
        "narrative": NARRATIVE,
        "seen": seen if 'name="seen"' in page.text else "",
    }
    posted = session.post(url, data=data, headers={"Referer": url}, allow_redirects=False)
    return posted.status_code  # 302 back to the report: saved; 200 would be a form error


def test_fifty_report_submissions_at_once_through_api_and_page(stack):
    token = stack.manage("api_token", "executor").strip().split()[-1]
    expected_reports = [r for r in my_reports(stack, token) if r["can_write"]][:SUBMISSIONS]
    assert len(expected_reports) == SUBMISSIONS
    sessions = itertools.cycle([log_in(stack.base, "executor")[0] for _ in range(AT_ONCE // 2)])
    # every other one through the API (200 with the report), the rest through the page (302)
    jobs = [
        (submit_by_api, token) if i % 2 else (submit_by_page, next(sessions))
        for i in range(SUBMISSIONS)
    ]

    def one(i: int) -> int:
        submit, who = jobs[i]
        return submit(stack, who, expected_reports[i])

    with concurrent.futures.ThreadPoolExecutor(AT_ONCE) as pool:
        results = list(pool.map(lambda i: timed(one, i), range(SUBMISSIONS)))
    seconds = [s for _, s in results]
    print(f"\n{SUBMISSIONS} submissions, {AT_ONCE} at once: p95 {p95(seconds):.2f} s")
    expected = [200 if submit is submit_by_api else 302 for submit, _who in jobs]
    assert [code for code, _ in results] == expected
    after = {r["id"]: r["state"] for r in my_reports(stack, token)}
    assert {after[expected_report["id"]] for expected_report in expected_reports} == {"submitted"}


def upload_plan(stack, session: requests.Session, index: int) -> int:
    """The upload form as a browser sends it; 302 to the draft's review when it is kept."""
    url = f"{stack.base}/plans/import/"
    form = session.get(url, timeout=60)
    owner = OWNER.search(form.text)
    data = {"csrfmiddlewaretoken": csrf_of(form.text), "owner": owner.group(1) if owner else ""}
    files = {"file": (f"plan-{index}.txt", TEXT_PLAN.encode(), "text/plain")}
    posted = session.post(
        url, data=data, files=files, headers={"Referer": url}, allow_redirects=False, timeout=60
    )
    kept = re.fullmatch(r"/plans/import/\d+/", posted.headers.get("Location", ""))
    return posted.status_code if kept else -posted.status_code


def test_uploads_at_once_beside_both_workers(stack):
    sessions = [log_in(stack.base, "coordinator")[0] for _ in range(UPLOADS)]
    with concurrent.futures.ThreadPoolExecutor(UPLOADS) as pool:
        results = list(
            pool.map(lambda i: timed(upload_plan, stack, sessions[i], i), range(UPLOADS))
        )
    print(f"\n{UPLOADS} uploads at once: max {max(s for _, s in results):.2f} s")
    assert [code for code, _ in results] == [302] * UPLOADS
