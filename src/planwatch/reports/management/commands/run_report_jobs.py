"""`manage.py run_report_jobs [--loop]`: make queued report documents in the background."""

from __future__ import annotations

from planwatch.lib.worker import JobWorkerCommand, worker
from planwatch.reports.jobs import run_pending


class Command(JobWorkerCommand):
    help = "Make queued plan reports (.docx/.xlsx/PDF). --loop keeps polling the queue."
    label = "report jobs"
    run_pending = worker(run_pending)
