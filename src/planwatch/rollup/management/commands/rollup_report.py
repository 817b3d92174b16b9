"""`manage.py rollup_report --org ID --period 2025 --format docx|xlsx|pdf -o FILE`"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from planwatch.orgs.models import Organization
from planwatch.rollup import documents
from planwatch.rollup.data import add_linked, build_rollup, parse_period


class Command(BaseCommand):
    help = "Write the roll-up report of an organisation (its communities' plans) for a period."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--org", required=True, help="organisation id")
        parser.add_argument("--period", required=True, help="2025-Q3, 2025-H2, 2025 or all")
        parser.add_argument("--format", required=True, dest="fmt", help="docx, xlsx or pdf")
        parser.add_argument("-o", "--output", required=True, help="file to write")
        parser.add_argument("--date", help="as of this day (YYYY-MM-DD); default today")

    def handle(self, *args, org, period, fmt, output, date=None, **options) -> None:
        if fmt not in documents.FORMATS:
            raise CommandError(f"unknown format {fmt!r}: use docx, xlsx or pdf", returncode=2)
        today = self._date(date)
        found = Organization.objects.filter(pk=int(org)).first() if str(org).isdigit() else None
        if found is None:
            raise CommandError(f"no organisation with id {org!r}", returncode=2)
        chosen = parse_period(period, found, today)
        if chosen is None:
            raise CommandError(
                f"bad period {period!r}: use 2025-Q3, 2025-H2, 2025 or all", returncode=2
            )
        data = add_linked(build_rollup(found, chosen, today))
        Path(output).write_bytes(documents.render(data, fmt))
        self.stdout.write(
            f"{output}: {len(data.communities)} communities, {data.plan_count} plans, "
            f"{data.totals.measures} measures"
        )

    def _date(self, text: str | None) -> dt.date:
        if not text:
            return timezone.localdate()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise CommandError(f"bad date {text!r}: use YYYY-MM-DD", returncode=2) from None
