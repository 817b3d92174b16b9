"""`manage.py send_reminders [--date YYYY-MM-DD] [--no-sync]`: the daily monitoring job.

Recomputes expected reports (a safety net: plan changes already do it), then sends the
executors' reminders and the coordinators' weekly digest, the alerts on one-off measures'
deadlines (`deadlines.py`) and on overdue meeting decisions (`meetings/reminders.py`). Idempotent and safe to run
concurrently; see planwatch/monitoring/reminders.py.
"""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from planwatch.monitoring import deadlines, reminders
from planwatch.monitoring.expected import sync_expected
from planwatch.plans.models import Plan, PlanStatus


class Command(BaseCommand):
    help = "Send monitoring reminders and digests (run daily)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="act as if today were this date (YYYY-MM-DD)")
        parser.add_argument(
            "--no-sync", action="store_true", help="do not recompute expected reports first"
        )

    def handle(self, *args, **options) -> None:
        today = self._date(options["date"])
        if not options["no_sync"]:
            plans = Plan.objects.filter(status=PlanStatus.ACTIVE, current_revision__isnull=False)
            for plan in plans.select_related("current_revision"):
                sync_expected(plan)
        result = reminders.run(today)
        deadlines.run(today, result)  # one-off measures: deadline soon / passed
        if apps.is_installed("planwatch.meetings"):
            from planwatch.meetings import reminders as decisions

            decisions.run(today, result)  # overdue meeting decisions
        self.stdout.write(
            f"{today}: {result.plans} plans, {result.sent} e-mails sent, "
            f"{result.skipped} already sent, {result.failed} failed"
        )

    def _date(self, value: str | None) -> dt.date:
        if not value:
            return timezone.localdate()
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise CommandError(f"--date: {value!r} is not YYYY-MM-DD") from exc
