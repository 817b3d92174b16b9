"""The sets written by other people (issue 22), in two folders read the same way:

- `fixtures/blind/` — held out: plans written by one person and labelled by another who had not
  seen the writer's intent (README there). Measure here; never tune here.
- `fixtures/dev/` — development: plans written the same way by two more writers, each keyed by
  its writer (README there). Tune on these (and on `link_sets.SETS` and the layout plans).

Test code only. Print the figures:
``PYTHONPATH=src:. python -m tests.strategy.blind_sets [--dev] [--misses] [--words-only]``
(`--words-only`: links without the sentence embeddings).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from planwatch.importer import parse_bytes
from planwatch.strategy.evaluation import label_key, plan_answers, score_answers
from planwatch.strategy.links import links
from tests.strategy.embedded import vectors_of
from tests.strategy.layouts import FIXTURES, LAYOUTS, gold_records
from tests.strategy.link_sets import GOLD_NUM, LinkScore, score_links


@dataclass(frozen=True)
class Sets:
    """A folder of written plans: `<prefix>-links-X.json`, `<prefix>-strategy-X.json`, and the
    answers in `<answers>-X.json`."""

    folder: str
    prefix: str
    answers: str
    links: tuple[str, ...]
    strategy: tuple[str, ...]


BLIND = Sets("blind", "blind", "labels", ("A", "B"), ("C",))
DEV = Sets("dev", "dev", "key", ("D", "E"), ("F", "G"))
LINK_SETS = BLIND.links


def _read(name: str, sets: Sets = BLIND) -> dict:
    return json.loads((FIXTURES / sets.folder / name).read_text(encoding="utf-8"))


@cache
def blind_link_set(name: str, sets: Sets = BLIND) -> tuple[list[str], list[str], list[set[int]]]:
    """(lower texts, upper texts, acceptable upper positions per lower measure)."""
    plan = _read(f"{sets.prefix}-links-{name}.json", sets)
    rows = sorted(_read(f"{sets.answers}-{name}.json", sets)["labels"], key=lambda r: r["lower"])
    assert [r["lower"] for r in rows] == list(range(len(plan["measures"]))), "every one labelled"
    upper = gold_records(GOLD_NUM[plan["upper"]])
    return (
        [m["text"] for m in plan["measures"]],
        [m["text"] for m in upper],
        [set(r["implements"]) for r in rows],
    )


def evaluate_links(name: str, sets: Sets = BLIND, embed: bool = True) -> LinkScore:
    """`embed`: with the texts' sentence embeddings (the real model), as the product."""
    lower, upper, labels = blind_link_set(name, sets)
    vectors = (vectors_of(lower), vectors_of(upper)) if embed else None
    return score_links(links(lower, upper, vectors=vectors), labels, lower)


def strategy_records(name: str = "C", sets: Sets = BLIND) -> list[dict]:
    plan = _read(f"{sets.prefix}-strategy-{name}.json", sets)
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


def strategy_labels(name: str = "C", sets: Sets = BLIND) -> dict[str, set[str]]:
    measures = _read(f"{sets.prefix}-strategy-{name}.json", sets)["measures"]
    return {
        label_key(measures[r["index"]]["text"]): set(r["goals"])
        for r in _read(f"{sets.answers}-{name}.json", sets)["labels"]
    }


def evaluate_strategy(layout: str, name: str = "C", sets: Sets = BLIND):
    from tests.strategy.report_layouts import reference

    suggester, index = reference("own")  # examples from both samples, as for any new plan
    file_name, builder = LAYOUTS[layout]
    doc = parse_bytes(builder(strategy_records(name, sets)), file_name, normalize=False)
    answers = plan_answers(doc, suggester, index, explicit=False)
    return score_answers(answers, strategy_labels(name, sets))


if __name__ == "__main__":
    import os
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwatch.settings")
    django.setup()
    chosen = DEV if "--dev" in sys.argv else BLIND
    layouts = LAYOUTS if "--all-layouts" in sys.argv else list(LAYOUTS)[:1]
    for name in chosen.links:
        score = evaluate_links(name, chosen, embed="--words-only" not in sys.argv)
        print(f"| links {name} | {score.line()} |")
        for miss in score.misses if "--misses" in sys.argv else ():
            print("    ", miss)
    for name in chosen.strategy:
        for layout in layouts:
            s = evaluate_strategy(layout, name, chosen)
            print(f"| strategy {name} | {layout} | {s.line()} |")
            for miss in s.misses if "--misses" in sys.argv else ():
                print("    ", miss)
