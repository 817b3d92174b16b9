"""`manage.py suggest_links --lower PLAN_ID --upper PLAN_ID [--json]`: for each measure of the
lower plan (e.g. a district's), the up-to-3 measures of the upper plan (e.g. the oblast's) it
most likely carries out, with scores (`strategy.links`, the Strategy matcher). The two plans'
texts are encoded first where the publish job has not done it yet (plans published before
the embeddings), so the answer does not depend on what the cache holds."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from planwatch.plans.models import Plan
from planwatch.strategy import embeddings
from planwatch.strategy.links import CANDIDATES, plan_links


class Command(BaseCommand):
    help = "Rank the upper plan's measures for each measure of the lower plan."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--lower", type=int, required=True, help="the lower plan's id")
        parser.add_argument("--upper", type=int, required=True, help="the upper plan's id")
        parser.add_argument("--top", type=int, default=CANDIDATES, help="candidates (1-10)")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options) -> None:
        if not 1 <= options["top"] <= 10:
            raise CommandError("--top: від 1 до 10")
        lower = self._revision(options["lower"], "--lower")
        upper = self._revision(options["upper"], "--upper")
        for revision in (lower, upper):
            embeddings.index(revision.measures.values_list("text", flat=True))
        rows = plan_links(lower, upper, options["top"])
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
            return
        for row in rows:
            self.stdout.write(f"{row['lower']['number']} {row['lower']['text'][:90]}")
            for c in row["candidates"]:
                self.stdout.write(f"    {c['score']:.3f}  {c['number']} {c['text'][:80]}")

    def _revision(self, pk: int, option: str):
        plan = Plan.objects.select_related("current_revision").filter(pk=pk).first()
        if plan is None:
            raise CommandError(f"{option}: плану з id {pk} немає")
        if plan.current_revision is None:
            raise CommandError(f"{option}: план {pk} ще не опубліковано")
        return plan.current_revision
