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


# --- the product before issue 22, emulated over the same imports (for the README's figures) --

_LEVEL_OF_PARTS = {1: "strategic_goal", 2: "operational_goal", 3: "task"}


def answers_before(plan: str, layout: str):
    """Before issue 22: a printed heading matched an item only at the level of the kind the
    importer gave it; a measure under a strategic goal alone got a firm link there and no
    suggestion; the text of a heading of kind "task" joined the measure's text; measures under
    one heading were nudged towards one goal (0.5 × their mean); no indicator."""
    from planwatch.strategy.evaluation import Answer
    from planwatch.strategy.outline import title_similarity

    suggester, index = reference(plan)
    doc = imported(plan, layout)
    rows = []  # (text, evidence, group, explicit goal or "SG" or None)

    def match(node):
        kind = node.get("kind") or ""
        best = max(
            (
                (title_similarity(node.get("title") or "", e.title), e)
                for e in index.entries
                if _LEVEL_OF_PARTS.get(len(str(e.key).split("."))) == kind
            ),
            key=lambda t: t[0],
            default=(0, None),
        )
        return best[1] if best[0] >= 80 else None

    def walk(nodes, explicit):
        for node in nodes or []:
            entry = match(node)
            here = explicit
            if entry is not None:
                here = entry.goal or "SG"
            for m in node.get("measures") or []:
                hint = node.get("kind") == "task" and entry is None
                text = f"{m['text']} {node.get('title')}" if hint else m["text"]
                rows.append((m["text"], text, id(node), here))
            walk(node.get("children"), here)

    for m in doc.get("measures") or []:  # measures above any heading
        rows.append((m["text"], m["text"], None, None))
    walk(doc.get("nodes"), None)
    open_rows = [i for i, r in enumerate(rows) if r[3] is None]
    ranked = suggester.suggest_many(
        [rows[i][1] for i in open_rows], 3, [rows[i][2] for i in open_rows], sequence=True
    )
    out = [Answer(r[0], [r[3] if r[3] != "SG" else None], True) for r in rows]
    for i, suggestions in zip(open_rows, ranked, strict=True):
        out[i] = Answer(rows[i][0], [s.key for s in suggestions], False, suggestions)
    return out


def before(argv) -> None:
    for plan in ("000", "001", "own"):
        for layout in LAYOUTS:
            s = score_answers(answers_before(plan, layout), labels(plan))
            print(f"| {plan} | {layout} | before: {s.line()} |")


if __name__ == "__main__":
    (before if "--before" in sys.argv else main)(sys.argv[1:])
