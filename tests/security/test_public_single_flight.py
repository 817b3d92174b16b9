"""Anonymous visitors cannot hold every server thread with heavy public documents (issue 14).

Eight concurrent requests for the same uncached report PDF: it is built once; the other seven
are told at once (503 + Retry-After, a small Ukrainian page) that it is being prepared. Real
threads with their own database connections, so the slots really go through the database.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from unittest import mock

from django.db import connection
from django.test import Client, TransactionTestCase

from planwatch.lib import slots
from planwatch.orgs.models import OrgKind, Role
from planwatch.public import reports as public_reports
from tests.support.factory import make_org, make_plan, make_user

BUILD_SECONDS = 1.5


class SlowRender:
    """Stands in for the PDF renderer: slow, and counts how often it runs."""

    def __init__(self) -> None:
        self.calls = 0
        self.lock = threading.Lock()

    def __call__(self, dataset, fmt):
        with self.lock:
            self.calls += 1
        time.sleep(BUILD_SECONDS)
        return b"%PDF-1.7 built"


class SingleFlightTestCase(TransactionTestCase):
    def setUp(self) -> None:
        community = make_org("Альфівська сільська рада", OrgKind.COMMUNITY)
        user = make_user("coordinator", community, Role.COORDINATOR)
        self.plan = make_plan(community, measures=3, user=user)
        self.plan.is_public = True
        self.plan.save(update_fields=["is_public"])
        self.url = f"/public/plans/{self.plan.pk}/report-all.pdf"

    def fetch(self, url: str, ip: str = "203.0.113.7"):
        started = time.monotonic()
        try:
            response = Client(REMOTE_ADDR=ip).get(url)
        finally:
            connection.close()  # this thread's connection
        return response, time.monotonic() - started

    def test_eight_concurrent_requests_build_the_document_once(self):
        render = SlowRender()
        ips = [f"203.0.113.{i}" for i in range(8)]
        with mock.patch.object(public_reports, "render", render):
            with ThreadPoolExecutor(max_workers=8) as pool:
                results = list(pool.map(lambda ip: self.fetch(self.url, ip), ips))
            self.assertEqual(render.calls, 1)
            built = [(r, t) for r, t in results if r.status_code == 200]
            waiting = [(r, t) for r, t in results if r.status_code == 503]
            self.assertEqual(len(built), 1, [r.status_code for r, _ in results])
            self.assertEqual(len(waiting), 7)
            self.assertEqual(built[0][0].content, b"%PDF-1.7 built")
            for response, seconds in waiting:
                self.assertLess(seconds, BUILD_SECONDS, "a waiting request held its thread")
                self.assertEqual(response["Retry-After"], "60")
                self.assertContains(
                    response, "Документ готується, оновіть сторінку за хвилину", status_code=503
                )
            again, _ = self.fetch(self.url)  # from the cache now, not built again
        self.assertEqual(again.status_code, 200)
        self.assertEqual(render.calls, 1)

    def test_the_rest_of_public_stays_fast_while_a_document_is_built(self):
        render = SlowRender()
        with (
            mock.patch.object(public_reports, "render", render),
            ThreadPoolExecutor(max_workers=2) as pool,
        ):
            building = pool.submit(self.fetch, self.url)
            time.sleep(0.3)
            index, seconds = self.fetch("/public/")
            self.assertEqual(index.status_code, 200)
            self.assertLess(seconds, BUILD_SECONDS)
            self.assertEqual(building.result()[0].status_code, 200)

    def test_one_address_builds_at_most_two_documents_at_once(self):
        ip = "198.51.100.9"
        with (
            slots.claim(f"client:{ip}", public_reports.CLIENT_BUILDS) as first,
            slots.claim(f"client:{ip}", public_reports.CLIENT_BUILDS) as second,
            mock.patch.object(public_reports, "render", SlowRender()) as render,
        ):
            self.assertTrue(first and second)
            response, _ = self.fetch(self.url, ip)
            self.assertEqual(response.status_code, 503)
            self.assertEqual(render.calls, 0)
            other, _ = self.fetch(self.url, "198.51.100.10")  # another address may
            self.assertEqual(other.status_code, 200)

    def test_the_site_builds_at_most_two_public_documents_at_once(self):
        with (
            slots.claim("public-builds", public_reports.SITE_BUILDS),
            slots.claim("public-builds", public_reports.SITE_BUILDS),
            mock.patch.object(public_reports, "render", SlowRender()) as render,
        ):
            response, _ = self.fetch(self.url)
        self.assertEqual(response.status_code, 503)
        self.assertEqual(render.calls, 0)
        response, _ = self.fetch(self.url)  # the slots are given back
        self.assertEqual(response.status_code, 200)

    def test_a_slot_is_given_back_when_the_build_fails(self):
        with (
            mock.patch.object(public_reports, "render", side_effect=RuntimeError("bug")),
            self.assertRaises(RuntimeError),
        ):
            Client(raise_request_exception=True).get(self.url)
        with slots.claim("client:127.0.0.1", 1) as mine:
            self.assertTrue(mine)
