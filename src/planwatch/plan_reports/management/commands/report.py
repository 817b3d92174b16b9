"""`manage.py report --plan ID --period 2025-Q3 --format docx -o FILE`: one plan report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from planwatch.monitoring.periods import ReportPeriod
from planwatch.plan_reports.render import FORMATS, build_and_render
from planwatch.plans.models import Plan


class Command(BaseCommand):
    help = "Write a plan's execution report (.docx, .xlsx or PDF) for a period."
    requires_system_checks: list = []  # a shell tool: renders, serves no URLs

    def add_arguments(self, parser) -> None:
        parser.add_argument("--plan", required=True, type=int, help="plan id")
        parser.add_argument("--period", required=True, help='"2025-Q3", "2025-H2", "2025" or "all"')
        parser.add_argument("--format", required=True, dest="fmt", help="docx, xlsx or pdf")
        parser.add_argument("-o", "--output", required=True, help="file to write")
        parser.add_argument("--date", help="the day the report is made (YYYY-MM-DD; default today)")

    def handle(self, *args, **options) -> None:
        fmt = options["fmt"]
        if fmt not in FORMATS:
            raise CommandError(
                f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}", returncode=2
            )
        today = _date(options["date"])
        plan = Plan.objects.select_related("owner", "current_revision").filter(pk=options["plan"])
        plan = plan.first()
        if plan is None or plan.current_revision is None:
            raise CommandError(
                f"plan {options['plan']} does not exist or is not published", returncode=2
            )
        period = ReportPeriod.parse(options["period"], today, plan.current_revision.period_start)
        if period is None:
            raise CommandError(
                f"bad period {options['period']!r}: use 2025-Q3, 2025-H2, 2025 or all", returncode=2
            )
        data = build_and_render(plan, period, today, fmt)
        Path(options["output"]).write_bytes(data)
        self.stdout.write(f"{options['output']}: {len(data):,} bytes ({fmt}, {period.label})")


def _date(value: str | None) -> dt.date:
    if not value:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"bad date {value!r}: use YYYY-MM-DD", returncode=2) from None
