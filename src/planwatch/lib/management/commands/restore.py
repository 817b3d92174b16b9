"""`manage.py restore IN_DIR`: a backup into a migrated, empty database (lib/backup.py)."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from planwatch.lib.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a `manage.py backup` directory into a migrated, empty database."

    def add_arguments(self, parser) -> None:
        parser.add_argument("in_dir", type=Path)

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        try:
            counts = restore(options["in_dir"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"restored {sum(counts.values()):,} rows in {len(counts)} tables "
            f"in {time.perf_counter() - started:.1f} s"
        )
