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


# --- whole plans as the product reads them, in any layout (issue 22) -----------------------


def strategy_reference(docs: list[dict]):
    """The Strategy tree (`reference.RefItem`s) merged from plans that print it, as
    `manage.py load_strategy` builds it (samples 000 then 001)."""
    from planwatch.strategy.reference import build_reference

    return build_reference([outline(doc) for doc in docs])


def reference_index(roots):
    """`evidence.StrategyIndex` over the tree: every item, keyed by its canonical number;
    goal = the operational goal it rolls up to, group = its strategic goal."""
    from planwatch.strategy.evidence import IndexEntry, StrategyIndex

    entries = []
    for root in roots:
        for item in root.walk():
            parts = item.number.split(".")
            goal = ".".join(parts[:2]) if len(parts) >= 2 else None
            entries.append(IndexEntry(item.number, item.title, goal, parts[0]))
    return StrategyIndex(entries)


def reference_suggester(roots, example_docs=(), confirmed=(), code="strategy-2024-2028"):
    """A `Suggester` over the operational goals as the product builds it: each goal's title,
    tasks' titles and the phrasings of the Strategy `code` (`phrases.goal_phrases`; None:
    without them), and as examples the measures other plans print under its headings
    (`example_docs`, read with the same index) and `confirmed` (text, goal number) pairs."""
    from planwatch.strategy.evidence import measures_of, read
    from planwatch.strategy.phrases import goal_phrases

    phrases = goal_phrases(code) if code else {}
    index = reference_index(roots)
    examples: dict[str, list[str]] = {}
    for doc in example_docs:
        for measure in measures_of(doc):
            goal = read(measure, index).explicit_goal
            if goal is not None:
                examples.setdefault(goal, []).append(measure.text)
    for text, goal in confirmed:
        examples.setdefault(goal, []).append(text)
    targets = [
        Target(
            key=goal.number,
            headings=[goal.title]
            + [task.title for task in goal.children]
            + list(phrases.get(goal.number, ())),
            examples=examples.get(goal.number, []),
            group=root.number,
        )
        for root in roots
        for goal in root.children
        if goal.level == "operational_goal"
    ]
    return Suggester(targets), index


@dataclass
class Answer:
    text: str
    keys: list  # the goal(s) shown: the explicit goal alone, or the top-3 suggestions
    explicit: bool
    suggestions: list = field(default_factory=list)


def plan_answers(doc: dict, suggester: Suggester, index, explicit: bool = True) -> list[Answer]:
    """What the product answers for each measure of an imported plan: an explicit goal when
    a printed heading is a Strategy goal or task (`explicit=False`: headings that are the
    Strategy's are read as the plan's own wording instead), else the top-3 suggestions."""
    from planwatch.strategy.evidence import StrategyIndex, measures_of, read, suggest_rows

    use = index if explicit else StrategyIndex([])
    measures = measures_of(doc)
    readings = [read(m, use) for m in measures]
    open_rows = [i for i, r in enumerate(readings) if r.explicit_goal is None]
    ranked = suggest_rows([readings[i] for i in open_rows], suggester)
    out = [Answer(m.text, [r.explicit_goal], True) for m, r in zip(measures, readings, strict=True)]
    for i, suggestions in zip(open_rows, ranked, strict=True):
        out[i] = Answer(measures[i].text, [s.key for s in suggestions], False, suggestions)
    return out


def rates_line(top1: int, top3: int, n: int) -> str:
    """Top-1 and top-3 as counts, shares and Wilson 95 % intervals: one wording for every set."""
    low1, high1 = wilson(top1, n)
    low3, high3 = wilson(top3, n)
    return (
        f"top-1 {top1}/{n} = {top1 / max(n, 1):.1%} [{low1:.1%}, {high1:.1%}], "
        f"top-3 {top3}/{n} = {top3 / max(n, 1):.1%} [{low3:.1%}, {high3:.1%}]"
    )


@dataclass
class Score:
    n: int = 0
    top1: int = 0
    top3: int = 0
    unmatched: int = 0  # measures of the plan no label was found for
    misses: list = field(default_factory=list)

    def line(self) -> str:
        return rates_line(self.top1, self.top3, self.n)


def label_key(text: str) -> str:
    """Measures are paired with their labels by their text, cleaned, up to 120 characters."""
    import re

    from planwatch.strategy.matching import clean

    return re.sub(r"\W+", " ", clean(text)).strip()[:120]


def score_answers(answers: list[Answer], labels: dict[str, set]) -> Score:
    """`labels`: label_key(text) → acceptable goal numbers."""
    out = Score()
    for answer in answers:
        right = labels.get(label_key(answer.text))
        if not right:
            out.unmatched += 1
            continue
        out.n += 1
        out.top1 += answer.keys[0] in right
        out.top3 += bool(right & set(answer.keys[:3]))
        if answer.keys[0] not in right:
            out.misses.append((sorted(right), answer.text[:80], answer.keys[:3]))
    return out
