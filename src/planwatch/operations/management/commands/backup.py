"""`manage.py backup OUT_DIR`: the database and its files, portable (operations/backup.py)."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from planwatch.operations.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up every table and every stored file into a new directory."

    def add_arguments(self, parser) -> None:
        parser.add_argument("out_dir", type=Path)

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        try:
            manifest = backup(options["out_dir"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(t["rows"] for t in manifest["tables"].values())
        missing = [f for f in manifest["files"] if f.get("missing")]
        self.stdout.write(
            f"{options['out_dir']}: {len(manifest['tables'])} tables, {rows:,} rows, "
            f"{len(manifest['files']) - len(missing)} files in {time.perf_counter() - started:.1f} s"
        )
        for entry in missing:
            self.stderr.write(
                f"  missing in the storage (row kept): {entry['field']} {entry['name']}"
            )
