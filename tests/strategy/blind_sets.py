"""The held-out sets (issue 22): plans written by one person and labelled by another who had
not seen the writer's intent (fixtures/blind/README.md). Kept apart from `link_sets.SETS` and
the layout plans on purpose: tune on those, measure here. Test code only.

Print the figures: ``PYTHONPATH=src:. python -m tests.strategy.blind_sets [--misses]``.
"""

from __future__ import annotations

import json
from functools import cache

from planwatch.importer import parse_bytes
from planwatch.strategy.evaluation import label_key, plan_answers, score_answers
from planwatch.strategy.links import links
from tests.strategy.layouts import FIXTURES, LAYOUTS, gold_records
from tests.strategy.link_sets import GOLD_NUM, LinkScore, score_links

BLIND = FIXTURES / "blind"
LINK_SETS = ("A", "B")


def _read(name: str) -> dict:
    return json.loads((BLIND / name).read_text(encoding="utf-8"))


@cache
def blind_link_set(name: str) -> tuple[list[str], list[str], list[set[int]]]:
    """(lower texts, upper texts, acceptable upper positions per lower measure)."""
    plan = _read(f"blind-links-{name}.json")
    rows = sorted(_read(f"labels-{name}.json")["labels"], key=lambda r: r["lower"])
    assert [r["lower"] for r in rows] == list(range(len(plan["measures"]))), "every one labelled"
    upper = gold_records(GOLD_NUM[plan["upper"]])
    return (
        [m["text"] for m in plan["measures"]],
        [m["text"] for m in upper],
        [set(r["implements"]) for r in rows],
    )


def evaluate_links(name: str) -> LinkScore:
    lower, upper, labels = blind_link_set(name)
    return score_links(links(lower, upper), labels, lower)


def strategy_records() -> list[dict]:
    plan = _read("blind-strategy-C.json")
    return [
        {
            "headings": [m["section"]],
            "number": f"{m['number']})",
            "text": m["text"],
            "deadline": m.get("deadline", ""),
            "funding": "бюджет громади",
            "executors": m.get("executors", ""),
            "indicator": "",
        }
        for m in plan["measures"]
    ]


def strategy_labels() -> dict[str, set[str]]:
    measures = _read("blind-strategy-C.json")["measures"]
    return {
        label_key(measures[r["index"]]["text"]): set(r["goals"])
        for r in _read("labels-C.json")["labels"]
    }


def evaluate_strategy(layout: str):
    from tests.strategy.report_layouts import reference

    suggester, index = reference("own")  # examples from both samples, as for any new plan
    file_name, builder = LAYOUTS[layout]
    doc = parse_bytes(builder(strategy_records()), file_name, normalize=False)
    return score_answers(plan_answers(doc, suggester, index, explicit=False), strategy_labels())


if __name__ == "__main__":
    import os
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwatch.settings")
    django.setup()
    for name in LINK_SETS:
        score = evaluate_links(name)
        print(f"| links {name} | {score.line()} |")
        for miss in score.misses if "--misses" in sys.argv else ():
            print("    ", miss)
    for layout in LAYOUTS:
        s = evaluate_strategy(layout)
        print(f"| strategy C | {layout} | {s.line()} |")
