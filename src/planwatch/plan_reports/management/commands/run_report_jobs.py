"""`manage.py run_report_jobs [--loop]`: make queued report documents in the background.

The same worker also makes the Strategy suggestions queued when a plan is published (when the
strategy app is installed), so `make run` starts no third process for them."""

from __future__ import annotations

from django.apps import apps

from planwatch.lib.worker import JobWorkerCommand
from planwatch.plan_reports.jobs import run_pending as run_reports


def run_pending() -> int:
    done = run_reports()
    if apps.is_installed("planwatch.strategy"):
        from planwatch.strategy.jobs import run_pending as run_strategy

        done += run_strategy()
    return done


class Command(JobWorkerCommand):
    help = (
        "Make queued plan reports (.docx/.xlsx/PDF) and Strategy suggestions. "
        "--loop keeps polling the queues."
    )
    label = "report and Strategy jobs"
    run_pending = staticmethod(run_pending)
