"""Link a lower plan to its upper plan, suggest for each lower measure the upper measure it
carries out — the Strategy matcher (`links.plan_links`, the same as `manage.py
suggest_links`) applied to two plans — and record a person's decisions. Each decision re-makes
the rows still only suggested: decided rows anchor the matcher's sequence, and confirmed lower
texts (of this plan and of other lower plans of the same upper plan) are examples of their
upper measures. Carrying decided links over revisions stays in `plans.upper_links`, below the
matcher."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from planwatch.plans.models import DECIDED, LinkState, Measure, MeasureLink, Plan, PlanLink
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


def suggest(link: PlanLink, again: bool = False) -> int:
    """Suggested rows for the lower plan's current measures that have none yet (the matcher
    runs only then); `again`: also the rows still only suggested, made anew. The matcher
    reads what people decided: this plan's decided rows anchor the sequence, and their
    texts and those other lower plans confirmed for the same upper measures are examples
    (`strategy.links`). Returns how many rows were added or replaced."""
    lower = link.lower.current_revision
    upper = link.upper.current_revision
    if lower is None or upper is None:
        return 0
    measures = list(Measure.objects.filter(revision=lower).order_by("position"))
    rows_now = {row.lower_id: row for row in MeasureLink.objects.filter(lower__revision=lower)}
    open_rows = {pk for pk, row in rows_now.items() if again and row.state == LinkState.SUGGESTED}
    if all(m.pk in rows_now and m.pk not in open_rows for m in measures):
        return 0
    decided = {pk: row.upper_id for pk, row in rows_now.items() if row.state in DECIDED}
    examples = list(
        MeasureLink.objects.filter(upper__revision=upper, state=LinkState.CONFIRMED)
        .exclude(lower__revision=lower)
        .values_list("lower__text", "upper_id")
    )
    upper_ids = {
        (m.number, m.text): m.pk
        for m in Measure.objects.filter(revision=upper).order_by("-position")
    }  # plan_links names a measure by number and text; the first of equal ones wins
    rows = []
    found_rows = plan_links(lower, upper, decided=decided, examples=examples)
    for measure, found in zip(measures, found_rows, strict=True):
        if measure.pk in rows_now and measure.pk not in open_rows:
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
    with transaction.atomic():
        MeasureLink.objects.filter(lower_id__in=open_rows, state=LinkState.SUGGESTED).delete()
        MeasureLink.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def decide(link: PlanLink, decisions: dict[int, int | None], user) -> int:
    """{lower measure pk: upper measure pk, or None for "implements nothing"}; pks outside
    the two current revisions are ignored. Returns how many rows were decided."""
    lower_ids = set(
        Measure.objects.filter(revision=link.lower.current_revision_id).values_list("pk", flat=True)
    )
    upper_ids = set(
        Measure.objects.filter(revision=link.upper.current_revision_id).values_list("pk", flat=True)
    )
    now = timezone.now()
    done = 0
    with transaction.atomic():
        for lower_pk, upper_pk in decisions.items():
            if lower_pk not in lower_ids or (upper_pk is not None and upper_pk not in upper_ids):
                continue
            MeasureLink.objects.update_or_create(
                lower_id=lower_pk,
                defaults={
                    "plan_link": link,
                    "upper_id": upper_pk,
                    "state": LinkState.CONFIRMED if upper_pk else LinkState.NOTHING,
                    "decided_by": user,
                    "decided_at": now,
                },
            )
            done += 1
    if done:  # what is still only suggested is made anew with the decisions
        suggest(link, again=True)
    return done
