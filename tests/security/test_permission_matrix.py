"""Role × URL permission matrix: every URL pattern of the project, for each of anonymous,
outsider (coordinator of the neighbouring community), viewer, executor, reviewer (district),
coordinator and admin of the community, the status a GET and a POST get.

Cells: a status code, or L for a redirect to a login page. Every request runs in a
transaction that is rolled back, so each cell sees the same world (tests/security/world.py);
URLs are built by tests/security/urlmap.py. A URL pattern without an entry fails the test:
add a row when you add a URL (the failure message lists what the URL answers today, to check
and paste). The Django admin is staff-only as a whole: its model pages are asserted by the
rule `admin_row` (L for everyone without staff rights) and need no rows of their own.
"""

from __future__ import annotations

import re

from django.test import TestCase, override_settings

from tests.security.urlmap import url_for
from tests.security.urls import all_patterns
from tests.security.world import LOGIN, ROLES, World, request
from tests.support.factory import PASSWORD, make_user
from tests.support.monitoring_base import EVIDENCE_DIR

#   columns: anonymous outsider viewer executor reviewer coordinator admin
#   value:   (GET, POST)
MATRIX: dict[str, tuple[str, str]] = {
    # everyone is redirected: members to their plans, others to the public pages
    "home": ("302 302 302 302 302 302 302", "302 302 302 302 302 302 302"),
    "healthz": ("200 200 200 200 200 200 200", "200 200 200 200 200 200 200"),
    "profile": ("L 200 200 200 200 200 200", "L 200 200 200 200 200 200"),
    "api_token": ("L 200 200 200 200 200 200", "L 200 200 200 200 200 200"),
    "login": ("200 200 200 200 200 200 200", "200 200 200 200 200 200 200"),
    # logout is POST only (Django 5)
    "logout": ("405 405 405 405 405 405 405", "L L L L L L L"),
    "password_change": ("L 200 200 200 200 200 200", "L 200 200 200 200 200 200"),
    "password_change_done": ("L 200 200 200 200 200 200", "L 405 405 405 405 405 405"),
    "password_reset": ("200 200 200 200 200 200 200", "200 200 200 200 200 200 200"),
    "password_reset_done": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "password_reset_confirm": ("200 200 200 200 200 200 200", "200 200 200 200 200 200 200"),
    "password_reset_complete": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "set_language": ("302 302 302 302 302 302 302", "302 302 302 302 302 302 302"),
    "orgs:index": ("L 200 200 200 200 200 200", "L 200 200 200 200 200 200"),
    # the register: any member searches it (GET only)
    "orgs:search": ("L 200 200 200 200 200 200", "L 405 405 405 405 405 405"),
    # departments, institutions, partners: added by the community's coordinators and admins
    "orgs:add_child": ("L 404 404 404 404 200 200", "L 404 404 404 404 400 400"),
    # whether the community's new plans are offered as public: its coordinators and admins
    "orgs:publicity": ("L 405 405 405 405 405 405", "L 404 404 404 404 302 302"),
    # the organisation's ЄДРПОУ code (an empty POST clears it): the same managers
    "orgs:set_edrpou": ("L 405 405 405 405 405 405", "L 404 404 404 404 302 302"),
    # the executor's role is on a department below: the community page is not theirs
    "orgs:detail": ("L 404 200 404 200 200 200", "L 404 200 404 200 200 200"),
    # POST with an empty form: 400 for editors, 404 for everyone else
    "orgs:rename": ("L 405 405 405 405 405 405", "L 404 404 404 404 400 400"),
    # merging communities is for an admin above both (tests/security/test_object_pairs.py)
    "orgs:merge": ("L 405 405 405 405 405 405", "L 404 404 404 404 403 403"),
    # people (and invitations) are managed by the coordinators and admins of the community;
    # an empty POST on the people page is a form error
    "orgs:people": ("L 404 404 404 404 200 200", "L 404 404 404 404 400 400"),
    "orgs:remove_person": ("L 405 405 405 405 405 405", "L 404 404 404 404 302 302"),
    "orgs:resend_invitation": ("L 405 405 405 405 405 405", "L 404 404 404 404 302 302"),
    "orgs:revoke_invitation": ("L 405 405 405 405 405 405", "L 404 404 404 404 302 302"),
    # the invitation link is the key: whoever holds it sets the invitee's password
    "orgs:accept_invitation": ("200 200 200 200 200 200 200", "400 400 400 400 400 400 400"),
    "plans:index": ("L 200 200 200 200 200 200", "L 200 200 200 200 200 200"),
    "plans:search": ("L 200 200 200 200 200 200", "L 200 200 200 200 200 200"),
    "plans:detail": ("L 404 200 200 200 200 200", "L 404 200 200 200 200 200"),
    "plans:edit": ("L 404 404 404 404 200 200", "L 404 404 404 404 200 200"),
    "plans:history": ("L 404 200 200 200 200 200", "L 404 200 200 200 200 200"),
    "plans:measure": ("L 404 200 200 200 200 200", "L 404 200 200 200 200 200"),
    "plans:measure_edit": ("L 404 404 404 404 200 200", "L 404 404 404 404 200 200"),
    "plans:diff": ("L 404 200 200 200 200 200", "L 404 200 200 200 200 200"),
    "plans:export": ("L 404 200 200 200 200 200", "L 404 200 200 200 200 200"),
    # the outsider coordinates its own community, so it may import there
    "plans:upload": ("L 200 404 404 404 200 200", "L 200 404 404 404 200 200"),
    "plans:review": ("L 404 404 404 404 200 200", "L 404 404 404 404 200 200"),
    "plans:draft_edit": ("L 404 404 404 404 200 200", "L 404 404 404 404 200 200"),
    "plans:draft_move": ("L 405 405 405 405 405 405", "L 404 404 404 404 302 302"),
    "plans:draft_merge": ("L 405 405 405 405 405 405", "L 404 404 404 404 302 302"),
    "plans:draft_split": ("L 404 404 404 404 200 200", "L 404 404 404 404 200 200"),
    "plans:draft_dismiss": ("L 405 405 405 405 405 405", "L 404 404 404 404 302 302"),
    # the review's structure editor: editors of the owner only; a refused edit is sent back (302)
    "plans:draft_meta": ("L 404 404 404 404 200 200", "L 404 404 404 404 200 200"),
    "plans:draft_heading_add": ("L 404 404 404 404 200 200", "L 404 404 404 404 200 200"),
    "plans:draft_heading": ("L 404 404 404 404 200 200", "L 404 404 404 404 200 200"),
    "plans:draft_heading_delete": ("L 405 405 405 405 405 405", "L 404 404 404 404 302 302"),
    "plans:draft_heading_step": ("L 405 405 405 405 405 405", "L 404 404 404 404 302 302"),
    "plans:draft_to_measure": ("L 405 405 405 405 405 405", "L 404 404 404 404 302 302"),
    "plans:draft_to_heading": ("L 404 404 404 404 200 200", "L 404 404 404 404 200 200"),
    "plans:draft_step": ("L 405 405 405 405 405 405", "L 404 404 404 404 302 302"),
    "plans:draft_unplaced": ("L 405 405 405 405 405 405", "L 404 404 404 404 302 302"),
    "plans:draft_columns": ("L 405 405 405 405 405 405", "L 404 404 404 404 302 302"),
    "plans:draft_undo": ("L 405 405 405 405 405 405", "L 404 404 404 404 302 302"),
    # the draft's first warning has no scanned cell: 404 even for editors
    "plans:draft_cell_image": ("L 404 404 404 404 404 404", "L 404 404 404 404 404 404"),
    "plans:draft_executors": ("L 405 405 405 405 405 405", "L 404 404 404 404 400 400"),
    "plans:draft_publish": ("L 405 405 405 405 405 405", "L 404 404 404 404 302 302"),
    "plans:draft_discard": ("L 405 405 405 405 405 405", "L 404 404 404 404 302 302"),
    "public:index": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "public:open_data": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "public:plan": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "public:measure": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "public:export": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "public:measures_csv": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "public:measures_json": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "public:passport": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "public:report": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    # a public plan's money and indicators: open data like its export
    "public:money": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "public:indicators": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "strategy:coverage": ("L 200 200 200 200 200 200", "L 405 405 405 405 405 405"),
    "strategy:coverage_xlsx": ("L 200 200 200 200 200 200", "L 405 405 405 405 405 405"),
    "strategy:item": ("L 200 200 200 200 200 200", "L 405 405 405 405 405 405"),
    "strategy:review": ("L 404 404 404 404 200 200", "L 404 404 404 404 200 200"),
    "monitoring:my_reports": ("L 200 200 200 200 200 200", "L 302 302 302 302 302 302"),
    "monitoring:notifications": ("L 200 200 200 200 200 200", "L 200 200 200 200 200 200"),
    "monitoring:notifications_read": ("L 405 405 405 405 405 405", "L 302 302 302 302 302 302"),
    # the notification is the executor's: it is redirected to its link
    "monitoring:notification": ("L 404 404 302 404 404 404", "L 404 404 302 404 404 404"),
    # the Excel round trip is for executors
    "monitoring:xlsx": ("L 404 404 200 404 404 404", "L 404 404 200 404 404 404"),
    "monitoring:xlsx_template": ("L 404 404 200 404 404 404", "L 404 404 200 404 404 404"),
    "monitoring:dashboard": ("L 404 200 404 200 200 200", "L 404 200 404 200 200 200"),
    "monitoring:report_list": ("L 404 200 404 200 200 200", "L 404 200 404 200 200 200"),
    "monitoring:bulk_review": ("L 405 405 405 405 405 405", "L 404 404 404 404 200 200"),
    "monitoring:schedule": ("L 404 404 404 404 200 200", "L 404 404 404 404 200 200"),
    # a plan's duties: coordinators of the owner; an empty POST adds nothing (400)
    "monitoring:duties": ("L 404 404 404 404 200 200", "L 404 404 404 404 400 400"),
    "monitoring:duty_edit": ("L 404 404 404 404 200 200", "L 404 404 404 404 400 400"),
    # deleting needs the "confirm" box: an empty POST deletes nothing (400)
    "monitoring:duty_delete": ("L 405 405 405 405 405 405", "L 404 404 404 404 400 400"),
    # a measure's indicators: its plan's coordinators and admins only
    "monitoring:indicators": ("L 404 404 404 404 200 200", "L 404 404 404 404 400 400"),
    "monitoring:indicator_delete": ("L 405 405 405 405 405 405", "L 404 404 404 404 302 302"),
    # POST: writers save (302), others are sent back to the page (302) unchanged
    # hand-over of summaries: monitors of the plan see; only its own body's coordinators act
    # (the district's reviewer and the community's viewer: 403); an empty POST is a form error
    "handover:list": ("L 404 200 404 200 200 200", "L 404 403 404 403 400 400"),
    "handover:detail": ("L 404 200 404 200 200 200", "L 404 403 404 403 302 302"),
    # nothing is signed in this world yet (the file's access: test_monitoring_handover.py)
    "handover:file": ("L 404 404 404 404 404 404", "L 404 404 404 404 404 404"),
    # approval up the chain: the community submits, only the district decides (its
    # coordinators are not in this world: test_monitoring_approvals.py); an empty POST is a
    # form error for those who may act, 403 for the other monitors
    "monitoring:approval": ("L 404 200 404 200 200 200", "L 404 403 404 403 400 400"),
    # what waits for the user's own decision (their list only)
    "monitoring:approvals": ("L 200 200 200 200 200 200", "L 405 405 405 405 405 405"),
    "monitoring:report": ("L 404 200 200 200 200 200", "L 404 302 302 302 302 302"),
    "monitoring:review": ("L 405 405 405 405 405 405", "L 404 404 404 404 200 200"),
    "monitoring:evidence": ("L 404 200 200 200 200 200", "L 404 200 200 200 200 200"),
    # the report is handed in: nobody may remove its files
    "monitoring:evidence_delete": ("L 405 405 405 405 405 405", "L 404 404 404 404 404 404"),
    # plan-wide events: whoever sees the plan reads; its coordinators add (an empty POST is 400)
    "plan_links:upper": ("L 404 404 404 404 200 200", "L 404 404 404 404 200 200"),
    "plan_links:lower": ("L 404 200 404 200 200 200", "L 405 405 405 405 405 405"),
    "plans:events": ("L 404 200 200 200 200 200", "L 404 404 404 404 400 400"),
    # setting a date: coordinators; an empty POST is sent back with a message (302)
    "plans:event_date": ("L 405 405 405 405 405 405", "L 404 404 404 404 302 302"),
    # the meetings register: readers of the plan read, its coordinators write (403 for readers)
    "meetings:plan": ("L 404 200 200 200 200 200", "L 405 405 405 405 405 405"),
    "meetings:add": ("L 404 403 403 403 200 200", "L 404 403 403 403 400 400"),
    "meetings:meeting": ("L 404 200 200 200 200 200", "L 405 405 405 405 405 405"),
    "meetings:delete": ("L 404 403 403 403 200 200", "L 404 403 403 403 302 302"),
    "meetings:edit": ("L 404 403 403 403 200 200", "L 404 403 403 403 400 400"),
    # the world's meeting has no minutes file: 404 even for readers
    "meetings:minutes": ("L 404 404 404 404 404 404", "L 405 405 405 405 405 405"),
    "meetings:decision_add": ("L 405 405 405 405 405 405", "L 404 403 403 403 400 400"),
    # the decision is the service's: its executor reports progress (an empty POST is 400)
    "meetings:decision": ("L 404 200 200 200 200 200", "L 404 403 400 403 400 400"),
    # everyone's own calendar address (POST makes a new one)
    "meetings:calendar": ("L 200 200 200 200 200 200", "L 200 200 200 200 200 200"),
    # the feed needs no login; the key is the secret, an unknown one is 404
    "meetings:feed": ("404 404 404 404 404 404 404", "405 405 405 405 405 405 405"),
    "reports:plan": ("L 404 200 404 200 200 200", "L 404 200 404 200 200 200"),
    "reports:status": ("L 404 200 404 200 200 200", "L 405 405 405 405 405 405"),
    # the report file is still queued: 404 until it is made
    "reports:download": ("L 404 404 404 404 404 404", "L 405 405 405 405 405 405"),
    "rollup:index": ("L 200 200 200 200 200 200", "L 200 200 200 200 200 200"),
    # the district's roll-up: its reviewer only (the community's people look from below)
    "rollup:rollup": ("L 404 404 404 200 404 404", "L 404 404 404 200 404 404"),
    "rollup:download": ("L 404 404 404 200 404 404", "L 404 404 404 200 404 404"),
    "api:root": ("302 302 302 302 302 302 302", "302 302 302 302 302 302 302"),
    "api:schema": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    # the HTML reference answers any method
    "api:docs": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "api:organizations": ("401 200 200 200 200 200 200", "401 405 405 405 405 405 405"),
    "api:organization": ("401 404 200 404 200 200 200", "401 405 405 405 405 405 405"),
    # public plans are open data: anonymous callers see them
    "api:plans": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "api:plan": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "api:plan-tree": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "api:status": ("401 404 200 404 200 200 200", "401 405 405 405 405 405 405"),
    "api:measures": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "api:measure": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "api:reports": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "api:report": ("404 404 200 200 200 200 200", "405 405 405 405 405 405 405"),
    # 415 = allowed, but the API takes JSON only (the matrix posts a form)
    "api:report-submit": ("405 405 405 405 405 405 405", "401 404 403 415 403 403 403"),
    # 415 = allowed, but the API takes JSON only (the matrix posts a form)
    "api:report-review": ("405 405 405 405 405 405 405", "401 404 403 403 403 415 415"),
    # hand-overs and approvals: lists of what the caller monitors (the outsider's and the
    # executor's are empty); steps as on the pages (JSON bodies: a form POST is 415)
    "api:approvals": ("401 200 200 200 200 200 200", "401 415 415 415 415 415 415"),
    "api:approval": ("401 404 200 404 200 200 200", "401 405 405 405 405 405 405"),
    "api:approval-review": ("401 405 405 405 405 405 405", "401 404 403 404 403 403 403"),
    "api:handovers": ("401 200 200 200 200 200 200", "401 415 415 415 415 415 415"),
    "api:handover": ("401 404 200 404 200 200 200", "401 405 405 405 405 405 405"),
    "api:handover-sign": ("401 405 405 405 405 405 405", "401 404 403 404 403 400 400"),
    "api:handover-register": ("401 405 405 405 405 405 405", "401 404 403 404 403 415 415"),
    "api:meetings": ("401 200 200 200 200 200 200", "401 405 405 405 405 405 405"),
    "api:meeting": ("401 404 200 200 200 200 200", "401 405 405 405 405 405 405"),
    "api:decisions": ("401 200 200 200 200 200 200", "401 405 405 405 405 405 405"),
    "api:events": ("401 200 200 200 200 200 200", "401 405 405 405 405 405 405"),
    "api:coverage": ("401 200 200 200 200 200 200", "401 405 405 405 405 405 405"),
    # planned vs spent money and indicator progress: as the plan's status
    "api:figures": ("401 404 200 404 200 200 200", "401 405 405 405 405 405 405"),
    "api:plan-links": ("401 404 200 404 200 200 200", "401 405 405 405 405 405 405"),
    # an unknown address under /api/v1/: a JSON 404 for everyone
    "api:not-found": ("404 404 404 404 404 404 404", "404 404 404 404 404 404 404"),
    "api:documents": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    # the admin site's own entrances
    "admin:login": ("200 200 200 200 200 200 200", "200 200 200 200 200 200 200"),
    "admin:logout": ("302 302 302 302 302 302 302", "302 302 302 302 302 302 302"),
}
STAFF_ONLY = ("L L L L L L L", "L L L L L L L")
ADMIN_MODEL_PAGE = re.compile(
    r"^admin:(\w+_(changelist|add|history|delete|change|password_change)|index|app_list|"
    r"autocomplete|jsi18n|view_on_site|password_change|password_change_done)$"
)


def admin_row(name: str) -> tuple[str, str] | None:
    """Every admin page but its login and logout: staff only (a redirect to its login)."""
    if ADMIN_MODEL_PAGE.match(name) or name.startswith("admin/"):
        return STAFF_ONLY
    return None


def cells(row: str) -> list[int]:
    return [LOGIN if c == "L" else int(c) for c in row.split()]


def show(codes: list[int]) -> str:
    return " ".join("L" if c == LOGIN else str(c) for c in codes)


@override_settings(PLANWATCH_EVIDENCE_ROOT=EVIDENCE_DIR)
class PermissionMatrixTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.world = World()

    def setUp(self) -> None:
        self.clients = {role: self.world.client(role) for role in ROLES}

    def expected(self, name: str) -> tuple[str, str] | None:
        return MATRIX.get(name) or admin_row(name)

    def test_every_url_pattern_has_an_entry(self):
        names = [p.name for p in all_patterns()]
        missing = [n for n in names if self.expected(n) is None]
        stale = sorted(set(MATRIX) - set(names))
        hints = []
        for p in all_patterns():
            if p.name in missing:
                url = url_for(p, self.world)
                answers = [
                    show([request(self.clients[r], m, url) for r in ROLES]) for m in ("GET", "POST")
                ]
                hints.append(f'    "{p.name}": ("{answers[0]}", "{answers[1]}"),  # {url}')
        self.assertEqual(
            missing, [], "URLs without a matrix row; today they answer:\n" + "\n".join(hints)
        )
        self.assertEqual(stale, [], "matrix rows for URLs that no longer exist")

    def test_every_role_gets_the_expected_status(self):
        failures = []
        for pattern in all_patterns():
            row = self.expected(pattern.name)
            if row is None:
                continue  # reported by test_every_url_pattern_has_an_entry
            url = url_for(pattern, self.world)
            for method, want in zip(("GET", "POST"), row, strict=True):
                got = [request(self.clients[r], method, url) for r in ROLES]
                if got != cells(want):
                    failures.append(
                        f"{method} {url} ({pattern.name}): want {want}, got {show(got)}"
                    )
        self.assertEqual(failures, [], "\n".join(failures))

    def test_the_matrix_rows_have_a_cell_per_role(self):
        for name, row in MATRIX.items():
            for part in row:
                self.assertEqual(len(part.split()), len(ROLES), name)

    def test_no_outsider_reaches_the_communitys_private_pages(self):
        """The invariant behind the rows: 200 for the outsider only on public or own pages."""
        allowed = {
            "healthz",
            "login",
            "password_reset",
            "password_reset_done",
            "password_reset_confirm",
            "password_reset_complete",
            "admin:login",
            "profile",
            "api_token",
            "password_change",
            "password_change_done",
            "orgs:index",
            "orgs:search",
            "orgs:accept_invitation",
            "plans:index",
            "plans:search",
            "plans:upload",
            "strategy:coverage",
            "strategy:coverage_xlsx",
            "strategy:item",
            "monitoring:my_reports",
            "monitoring:notifications",
            "monitoring:approvals",
            "api:approvals",
            "api:handovers",
            "rollup:index",
            "api:docs",
            "api:schema",
            "api:organizations",
            "api:plans",
            "api:plan",
            "api:plan-tree",
            "api:measures",
            "api:measure",
            "api:reports",
            "api:coverage",
            "api:documents",
            # one's own calendar address; lists filtered to what the caller sees (empty here)
            "meetings:calendar",
            "api:meetings",
            "api:decisions",
            "api:events",
        }
        for name, (get, _post) in MATRIX.items():
            if name.startswith("public:") or name in allowed:
                continue
            self.assertNotEqual(cells(get)[1], 200, f"the outsider reads {name}")

    def test_a_superuser_with_staff_rights_opens_the_admin(self):
        make_user("m-root", is_superuser=True, is_staff=True)
        self.assertTrue(self.client.login(username="m-root", password=PASSWORD))
        self.assertEqual(self.client.get("/admin/").status_code, 200)
        self.assertEqual(self.client.get(f"/plans/{self.world.plan.pk}/").status_code, 200)
