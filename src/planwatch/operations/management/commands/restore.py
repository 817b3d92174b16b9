"""`manage.py restore IN_DIR`: a backup into a migrated, empty database (operations/backup.py).

`--files-only` puts back only the files, into the storages configured now (moving a running
deployment's files from disk to S3 or back), and leaves the database alone."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from planwatch.operations.backup import BackupError, restore, restore_files


class Command(BaseCommand):
    help = "Restore a `manage.py backup` directory into a migrated, empty database."

    def add_arguments(self, parser) -> None:
        parser.add_argument("in_dir", type=Path)
        parser.add_argument(
            "--files-only",
            action="store_true",
            help="only the files, into the storages configured now; the database is not touched",
        )

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        if options["files_only"]:
            try:
                count = restore_files(options["in_dir"])
            except BackupError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(f"{count} files checked and stored")
            return
        try:
            counts = restore(options["in_dir"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"restored {sum(counts.values()):,} rows in {len(counts)} tables "
            f"in {time.perf_counter() - started:.1f} s"
        )
