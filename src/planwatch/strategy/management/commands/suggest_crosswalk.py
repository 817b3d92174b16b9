"""`manage.py suggest_crosswalk [--revision ID] [--all]`: link published plans to the Strategy.

Without options it works through the queue: current revisions not yet processed. Run it from
cron (or after `load_demo`); the plans app may also call `suggest_crosswalk(revision)` itself.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from planwatch.plans.models import PlanRevision
from planwatch.strategy.crosswalk import pending_revisions, suggest_crosswalk_batch


class Command(BaseCommand):
    help = "Explicit links, suggestions and similar measures for published plans."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--revision", type=int, help="one plan revision (its id)")
        parser.add_argument("--all", action="store_true", help="every current revision again")

    def handle(self, *args, **options) -> None:
        if options["revision"]:
            revisions = PlanRevision.objects.filter(pk=options["revision"])
        elif options["all"]:
            revisions = PlanRevision.objects.filter(is_current=True).order_by("pk")
        else:
            revisions = pending_revisions()
        revisions = list(revisions)
        for revision, run in zip(revisions, suggest_crosswalk_batch(revisions), strict=True):
            self.stdout.write(
                f"plan {revision.plan_id} r{revision.number}: {run.explicit} measures under "
                f"printed headings, {run.suggested} with suggestions"
            )
