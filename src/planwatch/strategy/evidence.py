"""What the suggester reads for each measure, the same however the plan's document was laid out.

Pure Python, no Django: the product (`crosswalk.suggest_for_revision`, from the database) and
the evaluation (`evaluation.plan_answers`, from an imported planwatch-plan/1 document) build the
same `PlanMeasure` rows and call the same `suggest_rows`, so what is measured is what runs.

Layout independence. A plan's headings reach the importer as rows, paragraphs between tables, a
first column, or not at all, and the importer may give the same heading a different kind
("task" under a goal column, "operational_goal" under a label). So nothing here reads a kind
or a node id:

- a measure's evidence is its own text and its indicator / expected result;
- its **hint** is the title of the innermost heading above it that is not a Strategy heading
  (the plan's own wording), scored on its own and added × `HINT_WEIGHT` — 0 today: measured,
  it cost more than it gave (README), so the plan's own headings change nothing;
- a heading whose title is a Strategy item's (any level, title similarity ≥ 80) is an explicit
  link: under an operational goal or a task the measure is answered; under a strategic goal
  only, the goals of that strategic goal get a prior and the measure is still suggested for;
- the measures' order is decoded as a sequence (`sequence.py`).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from planwatch.strategy.matching import Suggester, Suggestion, clean
from planwatch.strategy.outline import title_similarity

TITLE_THRESHOLD = 80
# Added to the scores of the goals under a strategic goal the plan prints above the measure.
STRATEGIC_PRIOR = 0.1
# The plan's own heading above a measure, scored on its own, × this, added to the measure's
# scores. 0: measured on the plan in other words (README), an own heading as a text hint or as
# a sibling nudge cost top-1 (29/33 → 25/33 as text, → 18/33 with the old sibling nudge) and
# made the layouts disagree (a heading the importer reads into the title in one layout).
HINT_WEIGHT = 0.0


@dataclass(frozen=True)
class PlanMeasure:
    key: Hashable
    text: str
    indicator: str = ""
    headings: tuple[str, ...] = ()  # titles above the measure, outermost first


@dataclass(frozen=True)
class IndexEntry:
    key: Hashable  # the Strategy item
    title: str
    goal: Hashable | None  # the suggester target it rolls up to (None: above the goals)
    group: Hashable | None  # its strategic goal (itself for a strategic goal)


class StrategyIndex:
    """The Strategy's headings, for telling a printed Strategy heading from a plan's own."""

    def __init__(self, entries: Iterable[IndexEntry], threshold: float = TITLE_THRESHOLD):
        self.entries = list(entries)
        self.threshold = threshold
        self._match = lru_cache(maxsize=4096)(self._find)

    def match(self, title: str) -> IndexEntry | None:
        return self._match(clean(title))

    def _find(self, title: str) -> IndexEntry | None:
        if not title.strip():
            return None
        best, best_score = None, 0.0
        for entry in self.entries:
            score = title_similarity(title, entry.title)
            if score > best_score:
                best, best_score = entry, score
        return best if best_score >= self.threshold else None


@dataclass(frozen=True)
class Reading:
    """How one measure is read: its explicit goal (if a printed heading says it), else the
    evidence text, group and strategic-goal prior for the suggester."""

    text: str
    explicit_goal: Hashable | None
    explicit_group: Hashable | None
    hint: str | None = None


def read(measure: PlanMeasure, index: StrategyIndex) -> Reading:
    explicit_goal = explicit_group = None
    hint = None
    for title in reversed(measure.headings):  # innermost first
        entry = index.match(title)
        if entry is None:
            if hint is None and explicit_goal is None and explicit_group is None:
                hint = title
            continue
        if entry.goal is not None and explicit_goal is None:
            explicit_goal = entry.goal
        if explicit_group is None:
            explicit_group = entry.group
    text = " ".join(p for p in (measure.text, measure.indicator) if p)
    return Reading(text, explicit_goal, explicit_group, hint)


def suggest_rows(
    readings: Sequence[Reading], suggester: Suggester, k: int = 3
) -> list[list[Suggestion]]:
    """Top-k goals for measures with no explicit goal, in document order (one sequence)."""
    if not readings:
        return []
    prior = np.zeros((len(readings), len(suggester.targets)), dtype=np.float32)
    if any(r.explicit_group is not None for r in readings):
        target_groups = [t.group for t in suggester.targets]
        for row, r in enumerate(readings):
            if r.explicit_group is not None:
                prior[row] += STRATEGIC_PRIOR * np.array(
                    [g == r.explicit_group for g in target_groups], dtype=np.float32
                )
    hints = sorted({r.hint for r in readings if r.hint is not None and r.explicit_goal is None})
    if hints and HINT_WEIGHT:
        table = suggester.scores(hints)
        row_of = {hint: row for row, hint in enumerate(hints)}
        for row, r in enumerate(readings):
            if r.hint in row_of:
                prior[row] += HINT_WEIGHT * table[row_of[r.hint]]
    return suggester.suggest_many([r.text for r in readings], k, sequence=True, prior=prior)


# --- from an imported document (evaluation, tests) -----------------------------------------


def measures_of(doc: dict) -> list[PlanMeasure]:
    """A planwatch-plan/1 document's measures in document order, with their headings."""
    out: list[PlanMeasure] = []

    def walk(nodes, path):
        for node in nodes or []:
            title = (node.get("title") or "").strip()
            here = (*path, title) if title else path
            for m in node.get("measures") or []:
                out.append(_measure(len(out), m, here))
            walk(node.get("children"), here)

    for m in doc.get("measures") or []:  # measures above any heading
        out.append(_measure(len(out), m, ()))
    walk(doc.get("nodes"), ())
    return out


def _measure(key: int, m: dict, headings: tuple[str, ...]) -> PlanMeasure:
    return PlanMeasure(key, m.get("text") or "", _text(m.get("indicator")), headings)


def _text(value) -> str:
    if isinstance(value, dict):
        return value.get("text") or ""
    return value or ""
