"""`manage.py run_import_jobs [--loop]`: parse queued uploads (scanned PDFs) in the background."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from planwatch.plans.import_jobs import run_pending


class Command(BaseCommand):
    help = "Read queued plan uploads (OCR of scanned PDFs). --loop keeps polling the queue."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--loop", action="store_true", help="keep running, poll every second")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls")

    def handle(self, *args, **options) -> None:
        while True:
            count = run_pending()
            if count:
                self.stdout.write(f"import jobs: {count} done")
            if not options["loop"]:
                return
            time.sleep(options["interval"])
