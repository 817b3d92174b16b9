"""How good are the suggestions? Cross-plan check on two plans that print the Strategy.

Build the operational goals from one plan's headings (their titles, their tasks' titles and
the measures printed under them), hide the other plan's headings, suggest an operational goal
for each of its measures from the measure's text alone, and compare with the goal the measure's
own plan puts it under — paired by title, since plans number some goals differently. Measures
whose goal the reference plan does not print at all cannot be right and are counted apart.
The hidden plan's measures keep their document order, which sequence decoding may use.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from planwatch.strategy.matching import Suggester, Target
from planwatch.strategy.outline import Heading, match_title, operational_goals, outline


@dataclass
class Quality:
    scored: int = 0
    top1: int = 0
    top3: int = 0
    unmatched: int = 0  # measures under a goal the reference does not print
    misses: list[tuple[str, str, list[str]]] = field(default_factory=list)

    @property
    def top1_rate(self) -> float:
        return self.top1 / self.scored if self.scored else 0.0

    @property
    def top3_rate(self) -> float:
        return self.top3 / self.scored if self.scored else 0.0


def goal_targets(goals: list[Heading], with_examples: bool = True) -> list[Target]:
    return [
        Target(
            key=index,
            headings=[goal.title] + [task.title for task in goal.children],
            examples=[m["text"] for m in goal.all_measures()] if with_examples else [],
            group=id(goal.parent),
        )
        for index, goal in enumerate(goals)
    ]


def cross_plan_quality(
    reference: dict,
    hidden: dict,
    with_examples: bool = True,
    product: bool = False,
    sequence: bool = True,
) -> Quality:
    """`product=False`: the target test — the measures' texts, and (`sequence=True`) their
    order: every measure of the hidden plan, in document order, is decoded as one sequence
    (`planwatch.strategy.sequence`). `sequence=False`: each measure's text alone.

    `product=True`: what the product uses for a plan with its own tasks — the measure's text
    plus its task's title, and measures under one task nudged towards one goal. Here the
    hidden plan's task titles are the Strategy's own task wording, so this is an upper bound
    for plans that word their tasks themselves.
    """
    goals = operational_goals(outline(reference))
    suggester = Suggester(goal_targets(goals, with_examples))
    texts, truth, groups, quality = [], [], [], Quality()
    for goal in operational_goals(outline(hidden)):
        right = match_title(goal.title, goals)
        rows = _hidden_rows(goal, product)
        # Measures under a goal the reference lacks stay in the sequence (the decoder cannot
        # know them), but are not scored.
        texts += [text for text, _ in rows]
        groups += [group for _, group in rows]
        truth += [None if right is None else goals.index(right)] * len(rows)
    ranked = suggester.suggest_many(
        texts, k=3, groups=groups if product else None, sequence=sequence
    )
    for text, right, suggestions in zip(texts, truth, ranked, strict=True):
        if right is None:
            quality.unmatched += 1
            continue
        keys = [s.key for s in suggestions]
        quality.scored += 1
        quality.top1 += keys[0] == right
        quality.top3 += right in keys
        if keys[0] != right:
            quality.misses.append((_label(goals[right]), text, [_label(goals[k]) for k in keys]))
    return quality


def _hidden_rows(goal: Heading, product: bool) -> list[tuple[str, object]]:
    """(evidence text, group) for each measure under the goal."""
    rows = [(m["text"], None) for m in goal.measures]
    for task in goal.walk():
        if task is goal:
            continue
        for m in task.measures:
            text = f"{m['text']} {task.title}" if product else m["text"]
            rows.append((text, id(task)))
    return rows


def _label(goal: Heading) -> str:
    return f"{goal.parent.number}/{goal.number}" if goal.parent else goal.number
