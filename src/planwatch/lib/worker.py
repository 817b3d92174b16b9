"""The shape every job worker command shares: run the queue once, or keep polling it."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from planwatch.lib.memcap import memory_cap

log = logging.getLogger(__name__)


class JobWorkerCommand(BaseCommand):
    """Subclasses name their queue (``label``) and its ``run_pending() -> int``.

    Jobs run under `memory_cap` (PLANWATCH_WORKER_MEMORY_MB): a file that wants more memory
    fails its job with MemoryError instead of getting the worker killed. A database error in
    the loop (the server restarting, a lock held too long) is logged and the next poll tries
    again: a worker that exits leaves every later upload waiting."""

    label = "jobs"
    requires_system_checks: list = []  # a worker: URL checks are the web server's business

    def run_pending(self) -> int:
        raise NotImplementedError

    def add_arguments(self, parser) -> None:
        parser.add_argument("--loop", action="store_true", help="keep running, poll every second")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls")

    def handle(self, *args, **options) -> None:
        while True:
            count = self.poll(options["loop"])
            if count:
                self.stdout.write(f"{self.label}: {count} done")
            if not options["loop"]:
                return
            time.sleep(options["interval"])

    def poll(self, loop: bool) -> int:
        with memory_cap():
            if not loop:
                return self.run_pending()
            try:
                return self.run_pending()
            except DatabaseError:
                log.exception("%s worker: database error, trying again", self.label)
                close_old_connections()
                return 0


def worker(run: Callable[[], int]):
    """``run_pending`` as a method of the command class."""
    return staticmethod(run)
