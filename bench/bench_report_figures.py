#!/usr/bin/env python3
"""Plan reports with indicators and money: `bench_reports.py`'s year of accepted reports on
the oblast sample plan, plus what issue 18 adds — every parsed target an indicator (a
baseline, a target per year, three categories on every other one), a value per indicator
(and per category) in every accepted report, planned amounts per year on every measure and
money spent from one or two sources in every report. Median of `--runs` after a warm-up.

    .venv/bin/python bench/bench_report_figures.py [--runs 3] [--period 2025] [--out DIR]

`--out DIR` also writes the .docx and the PDF there (to look at: `pdftoppm -png`,
`libreoffice --headless --convert-to pdf`). Target: PDF ≤ 3 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_reports  # noqa: E402 - the plan and its year of reports

CATEGORIES = ["вік: 0–5 років", "вік: 6–17 років", "діти з інвалідністю"]


def add_figures(plan, year: int) -> tuple[int, int]:
    from planwatch.monitoring.indicators import sync_indicators
    from planwatch.monitoring.models import ExecutionReport, Indicator, IndicatorValue, Spending

    measures = list(plan.current_revision.measures.all())
    for m in measures:
        funding = dict(m.funding or {})
        funding["amounts"] = [
            {"year": y, "amount": f"{(m.pk % 9 + 1) * 125}.5", "unit": "тис. грн",
             "source": "local_budget" if y % 2 else "oblast_budget"}
            for y in range(year - 1, year + 2)
        ]  # fmt: skip
        m.funding = funding
    type(measures[0]).objects.bulk_update(measures, ["funding"])
    sync_indicators(plan)
    indicators = list(Indicator.objects.filter(measure__revision=plan.current_revision))
    for i, ind in enumerate(indicators):
        ind.baseline_value, ind.baseline_year = Decimal(i % 5), year - 1
        ind.yearly_targets = {str(year): str((ind.end_target or 10) / 2)}
        ind.categories = CATEGORIES if i % 2 else []
    Indicator.objects.bulk_update(
        indicators, ["baseline_value", "baseline_year", "yearly_targets", "categories"]
    )
    by_measure: dict[int, list] = {}
    for ind in indicators:
        by_measure.setdefault(ind.measure_id, []).append(ind)
    values, spent = [], []
    reports = ExecutionReport.objects.filter(expected__plan=plan, state="accepted").select_related(
        "expected"
    )
    for r in reports:
        for ind in by_measure.get(r.expected.measure_id, []):
            values.append(IndicatorValue(report=r, indicator=ind, value=Decimal(r.pk % 7 + 1)))
            for c, name in enumerate(ind.categories):
                values.append(
                    IndicatorValue(report=r, indicator=ind, category=name, value=Decimal(c + 1))
                )
        spent.append(Spending(report=r, source="local_budget", amount=Decimal(f"{r.pk % 50}.125")))
        if r.pk % 3 == 0:
            spent.append(Spending(report=r, source="oblast_budget", amount=Decimal("12.5")))
    IndicatorValue.objects.bulk_create(values, batch_size=1000)
    Spending.objects.bulk_create(spent, batch_size=1000)
    print(f"  + {len(indicators)} indicators, {len(values)} values, {len(spent)} spending rows")
    return len(values), len(spent)


def helper_cpu() -> float:
    """CPU seconds so far of the PDF layout helper (another process, so not in
    `process_time`); 0 where there is none or no /proc."""
    from planwatch.documents import pdf_parallel

    pool = pdf_parallel._pool
    total = 0.0
    for pid in list(getattr(pool, "_processes", None) or {}):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def bench(plan, label: str, runs: int, out: Path | None) -> None:
    from planwatch.monitoring.periods import ReportPeriod
    from planwatch.plan_reports.render import build_and_render
    from planwatch.plans.models import Plan

    plan = Plan.objects.select_related("owner", "current_revision").get(pk=plan.pk)
    today = dt.date(2026, 11, 23)
    period = ReportPeriod.parse(label, today, plan.current_revision.period_start)
    for fmt in ("docx", "pdf"):
        data = build_and_render(plan, period, today, fmt)  # warm-up
        if out:
            (out / f"report-{label}.{fmt}").write_bytes(data)
        wall, cpu, helper = [], [], []
        for _ in range(runs):
            t0, c0, h0 = time.perf_counter(), time.process_time(), helper_cpu()
            build_and_render(plan, period, today, fmt)
            wall.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            helper.append(helper_cpu() - h0)
        extra = f" + {statistics.median(helper):4.2f} s in the helper" if any(helper) else ""
        print(
            f"  report {label} with indicators and money .{fmt:<5} "
            f"{statistics.median(wall):6.2f} s wall, {statistics.median(cpu):5.2f} s CPU{extra} "
            f"(median of {runs})  target ≤ 3 s"
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--period", default="2025")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if not bench_reports.SAMPLE.is_file():
        print(f"{bench_reports.SAMPLE} not found; nothing to measure")
        return 1
    bench_reports.setup_django()
    plan = bench_reports.load_plan(int(args.period[:4]))
    add_figures(plan, int(args.period[:4]))
    bench(plan, args.period, args.runs, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
