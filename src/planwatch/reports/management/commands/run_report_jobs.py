"""`manage.py run_report_jobs [--loop]`: make queued report documents in the background."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from planwatch.reports.jobs import run_pending


class Command(BaseCommand):
    help = "Make queued plan reports (.docx/.xlsx/PDF). --loop keeps polling the queue."
    requires_system_checks: list = []  # a worker: URL checks are the web server's business

    def add_arguments(self, parser) -> None:
        parser.add_argument("--loop", action="store_true", help="keep running, poll every second")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls")

    def handle(self, *args, **options) -> None:
        while True:
            count = run_pending()
            if count:
                self.stdout.write(f"report jobs: {count} done")
            if not options["loop"]:
                return
            time.sleep(options["interval"])
