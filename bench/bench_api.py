#!/usr/bin/env python3
"""REST API latency: median per endpoint on the largest sample plan (figures, not pass/fail).

    .venv/bin/python bench/bench_api.py [--runs 20]

The oblast plan (shared/samples/text/002) is published into a throwaway SQLite database
through the upload form's code path, its expected reports computed, a quarter of them
handed in; then each endpoint is called in-process (Django test client, token auth, the
whole middleware stack) `--runs` times after a warm-up. Prints the median, the queries
per call, and the response size. National-scale load tests live elsewhere; this keeps the
per-request cost in view.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PLANWATCH_SHARED", ROOT.parent / "shared"))
SAMPLE = SHARED / "samples" / "text" / "002-oblast-luhansk-2018-2026.txt"
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]


def setup_django() -> None:
    tmp = tempfile.mkdtemp(prefix="planwatch-bench-api-")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwatch.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def load_world():
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from planwatch.api.tokens import rotate_token
    from planwatch.monitoring.expected import sync_expected
    from planwatch.monitoring.models import ExecutionReport, ExpectedReport
    from planwatch.orgs.models import Membership, Organization, OrgKind, Role
    from planwatch.plans.imports import create_draft
    from planwatch.plans.publish import publish_draft

    owner = Organization.objects.create(
        name="Луганська обласна державна адміністрація", kind=OrgKind.OBLAST
    )
    plan = publish_draft(create_draft(SAMPLE.read_bytes(), SAMPLE.name, owner), None).plan
    plan.is_public = True  # the anonymous rows below read a public plan (public on purpose)
    plan.save(update_fields=["is_public"])
    sync_expected(plan)
    slots = list(ExpectedReport.objects.filter(plan=plan).order_by("pk"))
    now = timezone.now()
    ExecutionReport.objects.bulk_create(
        ExecutionReport(
            expected=s,
            state="submitted",
            outcome="in_progress",
            narrative="Так.",
            first_submitted_at=now,
            submitted_at=now,
        )
        for s in slots[::4]
    )
    users = get_user_model().objects
    coordinator = users.create_user("coordinator")
    Membership.objects.create(user=coordinator, org=owner, role=Role.COORDINATOR)
    executor_org = slots[0].organization
    executor = users.create_user("executor")
    Membership.objects.create(user=executor, org=executor_org, role=Role.EXECUTOR)
    tokens = {u.username: rotate_token(u).key for u in (coordinator, executor)}
    return plan, slots, tokens


def measure(client, url: str, token: str | None, runs: int) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
    client.get(url, **headers)  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        response = client.get(url, **headers)
        times.append((time.perf_counter() - t0) * 1000)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), len(ctx.captured_queries), len(response.content)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    if not SAMPLE.is_file():
        print(f"{SAMPLE} not found; nothing to measure")
        return 1
    setup_django()
    from django.test import Client

    plan, slots, tokens = load_world()
    measures = plan.current_revision.measures.count()
    print(f"oblast plan: {measures} measures, {len(slots)} expected reports")
    cases = [
        ("/api/v1/plans/", None),
        (f"/api/v1/plans/{plan.pk}/", None),
        (f"/api/v1/plans/{plan.pk}/tree/", None),
        ("/api/v1/measures/?page_size=200", None),
        ("/api/v1/reports/?page_size=200", "coordinator"),
        ("/api/v1/reports/?mine=true", "executor"),
        (f"/api/v1/reports/{slots[0].pk}/", "executor"),
        (f"/api/v1/plans/{plan.pk}/reporting-status/", "coordinator"),
        ("/api/v1/organizations/?page_size=200", "coordinator"),
    ]
    client = Client(HTTP_HOST="localhost")
    for url, who in cases:
        ms, queries, size = measure(client, url, tokens.get(who), args.runs)
        print(
            f"api  {url:48s} {who or 'anonymous':12s} {ms:7.1f} ms median  {queries:2d} queries  {size // 1024:5d} KB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
