"""Link a lower plan to the upper plan it carries out, measure by measure.

The upper plan is a plan of an organisation above the lower plan's owner (a district's plan
carries out its oblast's). Making the link and its suggestions needs the Strategy matcher, so
it lives above plans, in `strategy.plan_links`, with a person's decisions (each re-makes the
suggestions). Decided links move on with the measures when either plan gets a new revision
(`carry`, here: publishing a plan needs it).
"""

from __future__ import annotations

from rapidfuzz import fuzz

from planwatch.plans.linking import SIMILAR_ENOUGH
from planwatch.plans.models import (
    DECIDED,
    LinkState,
    Measure,
    MeasureLink,
    Plan,
    PlanRevision,
)


def upper_plans(plan: Plan):
    """Published plans of the organisations above the plan's owner, nearest first."""
    owner = plan.owner
    paths = [owner.path[:i] for i in range(7, len(owner.path), 7)]
    plans = Plan.objects.filter(owner__path__in=paths, current_revision__isnull=False)
    return plans.select_related("owner").order_by("-owner__path", "title", "pk")


def carry(previous: PlanRevision, revision: PlanRevision) -> None:
    """After `plans.linking` paired the new revision's measures with the previous ones:
    as a lower plan, decided links move to the paired measure while its text is still close
    (ratio ≥ SIMILAR_ENOUGH); as an upper plan, links follow the upper measure to its
    successor, and suggestions are dropped (made again against the new text)."""
    pairs = {
        old: (new, text, old_text)
        for new, text, old, old_text in Measure.objects.filter(
            revision=revision, previous__isnull=False
        ).values_list("pk", "text", "previous_id", "previous__text")
    }
    rows = []
    for row in MeasureLink.objects.filter(lower__revision=previous, state__in=DECIDED):
        new, text, old_text = pairs.get(row.lower_id, (None, "", ""))
        if new is not None and fuzz.ratio(text, old_text) >= SIMILAR_ENOUGH:
            row.pk, row.lower_id = None, new
            rows.append(row)
    MeasureLink.objects.bulk_create(rows, ignore_conflicts=True)
    successor = {old: new for old, (new, _t, _o) in pairs.items()}
    below = MeasureLink.objects.filter(upper__revision=previous, lower__revision__is_current=True)
    below.filter(state=LinkState.SUGGESTED).delete()
    for row in below.filter(state=LinkState.CONFIRMED):
        if row.upper_id in successor:
            row.upper_id = successor[row.upper_id]
            row.candidates = [[successor.get(pk, pk), s] for pk, s in row.candidates]
            row.save(update_fields=["upper", "candidates"])
        else:  # the upper measure is gone: ask again
            row.delete()
