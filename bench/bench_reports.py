#!/usr/bin/env python3
"""Plan reports: time to build the dataset and render each format (figures, not pass/fail).

    .venv/bin/python bench/bench_reports.py [--runs 3] [--period 2025]

The largest sample plan (the oblast plan, shared/samples/text/002) is loaded through the
upload form's code path (`create_draft` → `publish_draft`, as `load_demo` does) into a
throwaway SQLite database, its expected reports computed, and every counted report of the
year accepted with its own text (a different text each quarter: the worst case for the
documents' length). Then, per format, the median of `--runs` runs of dataset + document
after one warm-up (imports and font caches are start-up, not report-making). Target ≤ 3 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
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

OUTCOMES = ["in_progress", "done", "in_progress", "not_done", "postponed", "in_progress"]
TEXT = (
    "У {period} проведено {n} заходів: робочі зустрічі з представниками громад, навчання "
    "фахівців із соціальної роботи, інформаційну кампанію для батьків; охоплено {m} сімей "
    "з дітьми. Підготовлено пропозиції до програми на наступний рік."
)


def setup_django() -> None:
    tmp = tempfile.mkdtemp(prefix="planwatch-bench-reports-")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwatch.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def load_plan(year: int):
    from django.utils import timezone

    from planwatch.monitoring.expected import sync_expected
    from planwatch.monitoring.models import ExecutionReport, ExpectedReport
    from planwatch.orgs.models import Organization, OrgKind
    from planwatch.plans.imports import create_draft
    from planwatch.plans.publish import publish_draft

    owner = Organization.objects.create(
        name="Луганська обласна державна адміністрація", kind=OrgKind.OBLAST
    )
    draft = create_draft(SAMPLE.read_bytes(), SAMPLE.name, owner)
    plan = publish_draft(draft, None).plan
    sync_expected(plan)
    slots = ExpectedReport.objects.counted().filter(plan=plan, period_start__year=year)
    at = timezone.make_aware(dt.datetime(year + 1, 1, 5, 10))
    reports = [
        ExecutionReport(
            expected=slot,
            state="accepted",
            outcome=OUTCOMES[slot.pk % len(OUTCOMES)],
            narrative=TEXT.format(period=slot.period, n=slot.pk % 7 + 1, m=slot.pk % 40 + 5),
            first_submitted_at=at,
            submitted_at=at,
            accepted_at=at,
        )
        for slot in slots
    ]
    ExecutionReport.objects.bulk_create(reports, batch_size=500)
    measures = plan.current_revision.measures.count()
    print(f"plan: {SAMPLE.name}, {measures} measures, {len(reports)} accepted reports in {year}")
    return plan


def bench(plan, label: str, runs: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from planwatch.monitoring.periods import ReportPeriod
    from planwatch.plan_reports.render import FORMATS, build_and_render
    from planwatch.plans.models import Plan

    plan = Plan.objects.select_related("owner", "current_revision").get(pk=plan.pk)
    today = dt.date(2026, 11, 23)
    period = ReportPeriod.parse(label, today, plan.current_revision.period_start)
    for fmt in FORMATS:
        build_and_render(plan, period, today, fmt)  # warm-up
        wall, cpu, size = [], [], 0
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                t0, c0 = time.perf_counter(), time.process_time()
                size = len(build_and_render(plan, period, today, fmt))
                wall.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
        print(
            f"  report {label} .{fmt:<5} {statistics.median(wall):6.2f} s wall, "
            f"{statistics.median(cpu):5.2f} s CPU (median of {runs})  {size / 1024:,.0f} KB, "
            f"{len(queries.captured_queries)} queries  target ≤ 3 s"
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--period", default="2025")
    args = parser.parse_args()
    if not SAMPLE.is_file():
        print(f"{SAMPLE} not found; nothing to measure")
        return 1
    setup_django()
    plan = load_plan(int(args.period[:4]))
    bench(plan, args.period, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
