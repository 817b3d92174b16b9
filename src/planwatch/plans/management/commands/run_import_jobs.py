"""`manage.py run_import_jobs [--loop]`: parse queued uploads (scanned PDFs) in the background."""

from __future__ import annotations

from planwatch.lib.worker import JobWorkerCommand, worker
from planwatch.plans.import_jobs import run_pending


class Command(JobWorkerCommand):
    help = "Read queued plan uploads (OCR of scanned PDFs). --loop keeps polling the queue."
    label = "import jobs"
    run_pending = worker(run_pending)
