"""`manage.py load_strategy [--samples DIR]`: the Strategy reference from the sample plans."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from planwatch.strategy.loader import DOCUMENTS, load_document, sample_files


class Command(BaseCommand):
    help = "Load the 2024–2028 Strategy and the 2017 National strategy from the sample plans."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--samples", type=Path, default=None, help="the samples folder")

    def handle(self, *args, **options) -> None:
        samples = options["samples"] or Path(getattr(settings, "PLANWATCH_SAMPLES_DIR", ""))
        for spec in DOCUMENTS:
            files = sample_files(samples, spec)
            if not files:
                self.stdout.write(self.style.WARNING(f"{spec.code}: no sample plans in {samples}"))
                continue
            document = load_document(spec, files)
            count = document.items.count()
            self.stdout.write(f"{document.short_title}: {count} items from {len(files)} plan(s)")
