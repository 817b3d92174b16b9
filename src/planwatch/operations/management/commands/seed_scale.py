"""`manage.py seed_scale --communities N`: a synthetic country for load tests (operations/scale.py)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from planwatch.operations.scale import SCALE_PASSWORD, seed_country


class Command(BaseCommand):
    help = "Generate oblasts, districts and N communities, each with a plan, schedule and reports."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--communities", type=int, default=100)
        parser.add_argument(
            "--seed", type=int, default=1, help="random seed (same seed, same data)"
        )
        parser.add_argument("--batch", type=int, default=40, help="owners per transaction")
        parser.add_argument("--samples", default=None, help="default: PLANWATCH_SAMPLES_DIR")
        parser.add_argument(
            "--prefix", default="scale", help="usernames: PREFIX-admin, PREFIX-c1-coordinator, …"
        )

    def handle(self, *args, **options) -> None:
        samples = Path(options["samples"] or settings.PLANWATCH_SAMPLES_DIR)
        if not (samples / "docx").is_dir():
            raise CommandError(f"no sample plans under {samples}/docx (PLANWATCH_SAMPLES_DIR)")
        if options["communities"] < 1:
            raise CommandError("--communities must be at least 1")
        if get_user_model().objects.filter(username=f"{options['prefix']}-admin").exists():
            raise CommandError(f"{options['prefix']}-admin exists: seed again with --prefix X")

        def progress(done: int, total: int) -> None:
            self.stderr.write(f"  {done}/{total} plans", ending="\r")

        result = seed_country(
            options["communities"],
            samples,
            seed=options["seed"],
            batch=options["batch"],
            prefix=options["prefix"],
            progress=progress if options["verbosity"] > 1 else None,
        )
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # A fresh bulk load has no statistics and no visibility map until autovacuum comes
            # round (never, where it is off): plans are then misjudged and every counted row is
            # read from the table. A live deployment has both, so the bench should too.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE)")
        self.stdout.write(
            f"{result.oblasts} oblasts, {result.districts} districts, "
            f"{result.communities} communities in {result.seconds:.1f} s on {connection.vendor}"
        )
        for label, count in result.counts.items():
            self.stdout.write(f"  {label:32s} {count:>10,}")
        p = options["prefix"]
        self.stdout.write(f"Logins: {p}-admin, {p}-c1-coordinator, … password {SCALE_PASSWORD}")
