"""Which measure of a higher plan does each measure of a lower plan carry out?

A district plan often copies or rewords the oblast plan's measures. `rank_links` ranks, for
each lower measure, the upper plan's measures with the Strategy matcher itself
(`matching.Suggester`): each upper measure is a target whose heading is its own text, no
examples and no group term, so its evidence is the cosine of lemma words + character
n-grams; the lower plan's order is decoded as a sequence, as for Strategy goals. `plan_links` does it for two plans' current revisions (`manage.py suggest_links`).
"""

from __future__ import annotations

from collections.abc import Sequence

from planwatch.plans.models import Measure, PlanRevision
from planwatch.strategy.matching import Suggester, Target

CANDIDATES = 3


def rank_links(
    lower: Sequence[str], upper: Sequence[str], k: int = CANDIDATES, sequence: bool = True
) -> list[list[tuple[int, float]]]:
    """For each lower text: up to k (index into `upper`, score), best first.

    `sequence`: the lower plan's measures in order, decoded as one sequence over the upper
    plan's measures in theirs (`strategy.sequence`: a lower plan walks the upper one mostly
    in step); the score is then the posterior probability (0..1). Without it, the cosine.
    Samples 001 ↔ 000, measures not copied, label = the upper measures under the same task:
    top-1 14/18 → 16/18 and 27/41 → 32/41, top-3 17 → 18 and 30 → 39 (README)."""
    if not upper:
        return [[] for _ in lower]
    targets = [Target(key=index, headings=[text]) for index, text in enumerate(upper)]
    suggester = Suggester(targets, group_weight=0.0)
    return [
        [(s.key, s.score) for s in ranked]
        for ranked in suggester.suggest_many(list(lower), min(k, len(upper)), sequence=sequence)
    ]


def plan_links(lower: PlanRevision, upper: PlanRevision, k: int = CANDIDATES) -> list[dict]:
    """`[{"lower": {number, text}, "candidates": [{number, text, score}, …]}, …]`, in the
    lower plan's order, candidates best first."""
    lower_measures = list(Measure.objects.filter(revision=lower).order_by("position"))
    upper_measures = list(Measure.objects.filter(revision=upper).order_by("position"))
    ranked = rank_links([m.text for m in lower_measures], [m.text for m in upper_measures], k)
    return [
        {
            "lower": _brief(measure),
            "candidates": [
                {**_brief(upper_measures[index]), "score": round(score, 4)}
                for index, score in candidates
            ],
        }
        for measure, candidates in zip(lower_measures, ranked, strict=True)
    ]


def _brief(measure: Measure) -> dict:
    return {"number": measure.number, "text": measure.text}
