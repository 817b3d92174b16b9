"""Print the layout figures: ``PYTHONPATH=src:. python -m tests.strategy.report_layouts``."""

from __future__ import annotations

import sys
from functools import cache

from planwatch.strategy.evaluation import (
    label_key,
    plan_answers,
    reference_suggester,
    score_answers,
    strategy_reference,
)
from tests.strategy.layouts import KEEP_HEADINGS, LAYOUTS, imported, labels, sample

# The plan evaluated → the sample plans whose printed measures are the goals' examples
# (never the plan itself).
EXAMPLES = {"000": ("001",), "001": ("000",), "own": ("000", "001")}


@cache
def reference(plan: str):
    roots = strategy_reference([sample("000"), sample("001")])
    return reference_suggester(roots, [sample(p) for p in EXAMPLES[plan]])


@cache
def answers(plan: str, layout: str, explicit: bool = False):
    suggester, index = reference(plan)
    return plan_answers(imported(plan, layout), suggester, index, explicit=explicit)


def agreement(plan: str, layouts=KEEP_HEADINGS, explicit: bool = False) -> tuple[int, int, list]:
    """Measures whose top-3 (as a ranked list) is the same in every layout."""
    by_layout = [
        {label_key(a.text): tuple(a.keys) for a in answers(plan, layout, explicit)}
        for layout in layouts
    ]
    keys = set(by_layout[0])
    same = [k for k in keys if all(d.get(k) == by_layout[0][k] for d in by_layout)]
    differ = [(k[:60], [d.get(k) for d in by_layout]) for k in keys if k not in same]
    return len(same), len(keys), differ


def main(argv) -> None:
    explicit = "--explicit" in argv
    for plan in ("000", "001", "own"):
        for layout in LAYOUTS:
            s = score_answers(answers(plan, layout, explicit), labels(plan))
            print(f"| {plan} | {layout} | {s.line()} | unlabelled {s.unmatched} |")
            if "--misses" in argv:
                for m in s.misses:
                    print("     ", m)
        same, total, differ = agreement(plan, explicit=explicit)
        print(f"  {plan}: same top-3 in all heading-keeping layouts: {same}/{total}")
        for d in differ[:5]:
            print("     ", d)


if __name__ == "__main__":
    main(sys.argv[1:])
