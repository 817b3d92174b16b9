"""The shape every job worker command shares: run the queue once, or keep polling it."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.core.management.base import BaseCommand


class JobWorkerCommand(BaseCommand):
    """Subclasses name their queue (``label``) and its ``run_pending() -> int``."""

    label = "jobs"
    requires_system_checks: list = []  # a worker: URL checks are the web server's business

    def run_pending(self) -> int:
        raise NotImplementedError

    def add_arguments(self, parser) -> None:
        parser.add_argument("--loop", action="store_true", help="keep running, poll every second")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls")

    def handle(self, *args, **options) -> None:
        while True:
            count = self.run_pending()
            if count:
                self.stdout.write(f"{self.label}: {count} done")
            if not options["loop"]:
                return
            time.sleep(options["interval"])


def worker(run: Callable[[], int]):
    """``run_pending`` as a method of the command class."""
    return staticmethod(run)
