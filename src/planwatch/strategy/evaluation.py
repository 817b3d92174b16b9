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


# --- links between two plans' measures (strategy.links) -----------------------------------


@dataclass
class LinkQuality:
    copied: Quality  # label: the upper measure the lower one copies (text ratio ≥ 80)
    same_task: Quality  # not copied; label: any upper measure under the same task (by title)


COPY_RATIO = 80


def link_quality(lower: dict, upper: dict) -> LinkQuality:
    """`strategy.links.rank_links` on two plans that print the Strategy's tasks.

    Every lower measure is ranked (the plan's order is evidence); two label sets are scored:
    measures whose text the lower plan copied from the upper one (character ratio ≥ 80 — an
    easy set), and the rest, where any upper measure under the task of the same title counts
    as right (measures under a task the upper plan lacks are not scored)."""
    from rapidfuzz import fuzz

    from planwatch.strategy.links import rank_links
    from planwatch.strategy.matching import clean

    upper_tasks = _tasks(upper)
    upper_rows = [(m["text"], task) for task in upper_tasks for m in task.measures]
    upper_clean = [clean(text) for text, _ in upper_rows]
    texts, labels = [], []
    for task in _tasks(lower):
        same = match_title(task.title, upper_tasks)
        for m in task.measures:
            ratios = [fuzz.ratio(clean(m["text"]), u) for u in upper_clean]
            copied = {i for i, r in enumerate(ratios) if r >= COPY_RATIO}
            under = {i for i, (_, t) in enumerate(upper_rows) if t is same}
            texts.append(m["text"])
            labels.append(("copied", copied) if copied else ("same_task", under))
    ranked = rank_links(texts, [text for text, _ in upper_rows])
    out = LinkQuality(Quality(), Quality())
    for (kind, right), candidates in zip(labels, ranked, strict=True):
        quality = getattr(out, kind)
        if not right:
            quality.unmatched += 1
            continue
        keys = [index for index, _ in candidates]
        quality.scored += 1
        quality.top1 += keys[0] in right
        quality.top3 += bool(right & set(keys))
    return out


def _tasks(doc: dict) -> list[Heading]:
    return [t for goal in operational_goals(outline(doc)) for t in goal.walk() if t is not goal]


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval (95 % by default) for a proportion."""
    if n == 0:
        return (0.0, 1.0)
    p = successes / n
    denominator = 1 + z * z / n
    centre = p + z * z / (2 * n)
    half = z * (p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5
    return ((centre - half) / denominator, (centre + half) / denominator)
