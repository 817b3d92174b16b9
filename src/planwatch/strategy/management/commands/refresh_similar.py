"""`manage.py refresh_similar`: recompute every current measure's similar measures."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from planwatch.strategy.similar import refresh_all


class Command(BaseCommand):
    help = "Rebuild the similar-measures table for all current measures."

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        count = refresh_all()
        self.stdout.write(f"{count} measures in {time.monotonic() - started:.1f} s")
