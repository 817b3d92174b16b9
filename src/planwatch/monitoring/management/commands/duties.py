"""`manage.py duties --plan ID --year YYYY [--json]`: the plan's duties falling in a year.

One line (or JSON object) per duty and period of the year: kind, period ("2025-Q3", "2025"),
due date, who owes it, whether a person confirmed it. Reads the plan's duties (creating them on
first use for a plan published before duties existed).
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from planwatch.monitoring.duties import duties_for, year_duties
from planwatch.plans.models import Plan


class Command(BaseCommand):
    help = "List a plan's reporting duties for a year."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--plan", type=int, required=True, help="plan id")
        parser.add_argument("--year", type=int, required=True, help="calendar year, e.g. 2025")
        parser.add_argument("--json", action="store_true", help="print a JSON list")

    def handle(self, *args, **options) -> None:
        if not 1900 <= options["year"] <= 2100:
            raise CommandError(f"рік {options['year']}: очікується рік між 1900 і 2100")
        plan = Plan.objects.select_related("owner").filter(pk=options["plan"]).first()
        if plan is None:
            raise CommandError(f"план з id {options['plan']} не знайдено")
        rows = [
            {
                "kind": duty.kind,
                "kind_label": str(duty.get_kind_display()),
                "period": period.label,
                "due": due.isoformat(),
                "responsible": duty.responsible_label,
                "confirmed": duty.confirmed,
                "from_plan": duty.from_plan,
            }
            for duty, period, due in year_duties(duties_for(plan), options["year"])
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write(
                f"{row['due']}  {row['period']:<8} {row['kind_label']} — {row['responsible']}"
            )
