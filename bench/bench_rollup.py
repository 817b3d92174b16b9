#!/usr/bin/env python3
"""Roll-up: an oblast over 60 communities' plans — page data and each document (target ≤ 30 s).

    .venv/bin/python bench/bench_rollup.py [--communities 60] [--database-url URL] [--keep]

Builds the world quickly: one sample plan (shared/samples/text/001-…) is imported and
published for the first community, its expected reports filled with the demo mix of reports;
the other communities get bulk-created copies of its revision, measures, expected and
execution reports. Then times `build_rollup` (and its query count) and each document format.
Without --database-url a temporary SQLite file is used (and removed unless --keep).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PLANWATCH_SHARED", ROOT.parent / "shared"))
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
SAMPLE = "001-city-kalush-2025-2026.txt"
TODAY = dt.date(2026, 11, 23)
TARGET_S = 30.0


def setup(url: str | None) -> None:
    if url:
        os.environ["DATABASE_URL"] = url
    else:
        tmp = tempfile.mkdtemp(prefix="planwatch-bench-rollup-")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwatch.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_world(communities: int):
    """An oblast → districts (10 communities each) → communities, one plan each."""
    from planwatch.orgs.models import Organization, OrgKind

    oblast = Organization.objects.create(
        name="Тестова обласна військова адміністрація", kind=OrgKind.OBLAST
    )
    districts = [
        Organization.objects.create(name=f"Район № {d + 1}", kind=OrgKind.DISTRICT, parent=oblast)
        for d in range((communities + 9) // 10)
    ]
    units = [
        Organization.objects.create(
            name=f"Громада № {i + 1:02d}", kind=OrgKind.COMMUNITY, parent=districts[i // 10]
        )
        for i in range(communities)
    ]
    first = publish_sample(units[0])
    for unit in units[1:]:
        clone_plan(first, unit)
    return oblast


def publish_sample(owner):
    from planwatch.monitoring.demo import _fill
    from planwatch.monitoring.expected import sync_expected
    from planwatch.plans.imports import create_draft
    from planwatch.plans.publish import publish_draft

    path = SHARED / "samples" / "text" / SAMPLE
    draft = create_draft(path.read_bytes(), path.name, owner, None)
    plan = publish_draft(draft, None).plan
    sync_expected(plan)
    _fill(plan, TODAY)
    return plan


def clone_plan(source, owner):
    """A copy of `source` (revision, measures, expected and execution reports) for `owner`."""
    from planwatch.monitoring.models import ExecutionReport, ExpectedReport
    from planwatch.plans.models import Measure, Plan, PlanRevision

    rev = source.current_revision
    plan = Plan.objects.create(owner=owner, title=f"{source.title} ({owner.name})")
    new_rev = PlanRevision.objects.create(
        plan=plan, number=1, title=rev.title, columns=rev.columns, is_current=True,
        period_start=rev.period_start, period_end=rev.period_end,
    )  # fmt: skip
    plan.current_revision = new_rev
    plan.save(update_fields=["current_revision"])
    old = list(rev.measures.all())
    copies = []
    for m in old:
        m.pk, m.revision_id, m.node_id, m.previous_id = None, new_rev.pk, None, None
        copies.append(m)
    ids = list(rev.measures.values_list("pk", flat=True).order_by("pk"))
    Measure.objects.bulk_create(copies, batch_size=500)
    new_ids = list(new_rev.measures.values_list("pk", flat=True).order_by("pk"))
    mapping = dict(zip(ids, new_ids, strict=True))
    slots = list(ExpectedReport.objects.filter(plan=source).order_by("pk"))
    reports = {r.expected_id: r for r in ExecutionReport.objects.filter(expected__plan=source)}
    new_slots = []
    for s in slots:
        s.old_pk = s.pk
        s.pk, s.plan_id, s.measure_id = None, plan.pk, mapping[s.measure_id]
        new_slots.append(s)
    ExpectedReport.objects.bulk_create(new_slots, batch_size=500)
    created = dict(
        zip(
            [s.old_pk for s in slots],
            ExpectedReport.objects.filter(plan=plan).order_by("pk").values_list("pk", flat=True),
            strict=True,
        )
    )
    new_reports = []
    for old_pk, r in reports.items():
        r.pk, r.expected_id = None, created[old_pk]
        new_reports.append(r)
    ExecutionReport.objects.bulk_create(new_reports, batch_size=500)
    return plan


def timed(label: str, fn):
    t0 = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - t0
    verdict = "ok" if seconds <= TARGET_S else "OVER TARGET"
    print(f"rollup  {label:28s} {seconds:7.2f} s   target ≤ {TARGET_S:.0f} s  {verdict}")
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--communities", type=int, default=60)
    parser.add_argument("--database-url")
    parser.add_argument("--period", default="2025")
    args = parser.parse_args()
    if not (SHARED / "samples" / "text" / SAMPLE).exists():
        print(f"{SAMPLE} not found under {SHARED}; nothing to measure")
        return 1
    setup(args.database_url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from planwatch.monitoring.models import ExecutionReport
    from planwatch.rollup import documents
    from planwatch.rollup.data import build_rollup, parse_period

    t0 = time.perf_counter()
    oblast = build_world(args.communities)
    print(
        f"rollup  world: {args.communities} communities, "
        f"{ExecutionReport.objects.count()} execution reports, "
        f"built in {time.perf_counter() - t0:.1f} s"
    )
    period = parse_period(args.period, oblast, TODAY)
    with CaptureQueriesContext(connection) as queries:
        data = timed(f"page data ({args.period})", lambda: build_rollup(oblast, period, TODAY))
    print(
        f"rollup  {len(data.communities)} communities, {data.plan_count} plans, "
        f"{data.totals.measures} measures, {len(data.overdue)} overdue; "
        f"{len(queries)} queries"
    )
    for fmt in documents.FORMATS:
        body = timed(f"{fmt} document", lambda f=fmt: documents.render(data, f))
        print(f"rollup  {fmt} size {len(body) / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
