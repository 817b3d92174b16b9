"""`manage.py duties --plan ID --year YYYY [--json]`: the plan's duties falling in a year.

One line (or JSON object) per duty and period of the year: kind, period ("2025-Q3", "2025"),
due date, who owes it, whether a person confirmed it, and its state where an app tracks it
(a working-group meeting: "met" once the meetings register has one for the period). Reads the plan's duties (creating them on
first use for a plan published before duties existed).
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from planwatch.monitoring.duties import duties_for, duty_states, year_duties
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
        listed = year_duties(duties_for(plan), options["year"])
        rows = [
            {
                "kind": row["duty"].kind,
                "kind_label": str(row["duty"].get_kind_display()),
                "period": row["period"].label,
                "due": row["due"].isoformat(),
                "responsible": row["duty"].responsible_label,
                "confirmed": row["duty"].confirmed,
                "from_plan": row["duty"].from_plan,
                # "met" / "owed" / "due" where an app tracks the duty (meetings), else ""
                "state": row["state"],
            }
            for row in duty_states(plan, listed, timezone.localdate())
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write(
                f"{row['due']}  {row['period']:<8} {row['kind_label']} — {row['responsible']}"
            )
