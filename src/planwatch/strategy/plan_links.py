"""Link a lower plan to its upper plan and suggest, for each lower measure, the upper measure
it carries out — the Strategy matcher (`links.plan_links`, the same as `manage.py
suggest_links`) applied to two plans. Deciding and carrying links over revisions stay in
`plans.upper_links`, below the matcher."""

from __future__ import annotations

from django.db import transaction

from planwatch.plans.models import LinkState, Measure, MeasureLink, Plan, PlanLink
from planwatch.strategy.links import plan_links


def link_plan(lower: Plan, upper: Plan, user) -> PlanLink:
    """Link (or relink) the lower plan; a different upper plan starts the measures afresh."""
    with transaction.atomic():
        link = PlanLink.objects.filter(lower=lower).first()
        if link is not None and link.upper_id != upper.pk:
            link.delete()
            link = None
        if link is None:
            link = PlanLink.objects.create(lower=lower, upper=upper, created_by=user)
    suggest(link)
    return link


def suggest(link: PlanLink) -> int:
    """Suggested rows for the lower plan's current measures that have none yet (the matcher
    runs only then). Returns how many were added."""
    lower = link.lower.current_revision
    upper = link.upper.current_revision
    if lower is None or upper is None:
        return 0
    measures = list(Measure.objects.filter(revision=lower).order_by("position"))
    have = set(MeasureLink.objects.filter(lower__revision=lower).values_list("lower_id", flat=True))
    if all(m.pk in have for m in measures):
        return 0
    upper_ids = {
        (m.number, m.text): m.pk
        for m in Measure.objects.filter(revision=upper).order_by("-position")
    }  # plan_links names a measure by number and text; the first of equal ones wins
    rows = []
    for measure, found in zip(measures, plan_links(lower, upper), strict=True):
        if measure.pk in have:
            continue
        candidates = [
            [upper_ids[(c["number"], c["text"])], c["score"]]
            for c in found["candidates"]
            if (c["number"], c["text"]) in upper_ids
        ]
        rows.append(
            MeasureLink(
                plan_link=link,
                lower=measure,
                upper_id=candidates[0][0] if candidates else None,
                state=LinkState.SUGGESTED,
                candidates=candidates,
            )
        )
    MeasureLink.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
