"""Labelled lower → upper link sets (issue 22), test code only.

- `district-002`: a district plan composed from the oblast plan 002 (fixtures/links-district-002.json);
- `okrug-001`: a starosta district's plan composed from the city plan 001 (links-okrug-001.json);
- `000-001`: sample 000's measures read as a lower plan of sample 001, labelled by meaning
  (links-000-001.json).
Each set: lower records, upper records (importer-zoo records: headings, number, text, …) and,
per lower measure, the acceptable upper positions ([] = implements nothing in the upper plan).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache

from planwatch.importer import parse_bytes
from planwatch.strategy.evaluation import rates_line
from planwatch.strategy.evidence import measures_of
from planwatch.strategy.links import Link, confident, links, none_fits
from tests.strategy.layouts import FIXTURES, LAYOUTS, gold_records

SETS = ("district-002", "okrug-001", "000-001")
GOLD_NUM = {
    "002-oblast-luhansk-2018-2026": "002",
    "001-city-kalush-2025-2026": "001",
    "000-village-pishchanska-2025": "000",
}


@cache
def link_set(name: str) -> tuple[list[dict], list[dict], list[set[int]]]:
    data = json.loads((FIXTURES / f"links-{name}.json").read_text(encoding="utf-8"))
    upper = gold_records(GOLD_NUM[data["upper"]])
    if name == "000-001":
        lower = gold_records(GOLD_NUM[data["lower"]])
        labels = {row["lower"]: set(row["implements"]) for row in data["labels"]}
        return lower, upper, [labels[i] for i in range(len(lower))]
    lower = [
        {
            "headings": [m["section"]],
            "number": m["number"],
            "text": m["text"],
            "deadline": m["deadline"],
            "funding": "районний бюджет",
            "executors": m["executors"],
            "indicator": "",
        }
        for m in data["measures"]
    ]
    return lower, upper, [set(m["implements"]) for m in data["measures"]]


@dataclass
class LinkScore:
    n: int = 0  # lower measures that carry out an upper one
    top1: int = 0
    top3: int = 0
    own: int = 0  # lower measures labelled "carries out nothing above"
    own_flagged: int = 0  # … of them marked none_fits
    right_flagged: int = 0  # labelled measures wrongly marked none_fits
    confident: int = 0
    confident_right: int = 0
    misses: list = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{rates_line(self.top1, self.top3, self.n)}; none fits: own "
            f"{self.own_flagged}/{self.own}, wrongly {self.right_flagged}; confident "
            f"{self.confident_right}/{self.confident} right"
        )


def score_links(ranked: list[list[Link]], labels: list[set[int]], texts=None) -> LinkScore:
    out = LinkScore()
    for row, (candidates, right) in enumerate(zip(ranked, labels, strict=True)):
        flagged = none_fits(candidates)
        if not right:
            out.own += 1
            out.own_flagged += flagged
            continue
        keys = [c.index for c in candidates]
        out.n += 1
        out.top1 += keys[0] in right
        out.top3 += bool(right & set(keys[:3]))
        out.right_flagged += flagged
        if confident(candidates):
            out.confident += 1
            out.confident_right += keys[0] in right
        if keys[0] not in right:
            out.misses.append((row, sorted(right), keys, (texts or [""] * (row + 1))[row][:70]))
    return out


def evaluate(name: str) -> LinkScore:
    lower, upper, labels = link_set(name)
    texts = [m["text"] for m in lower]
    return score_links(links(texts, [m["text"] for m in upper]), labels, texts)


@cache
def imported_texts(name: str, side: str, layout: str) -> tuple[str, ...]:
    """The set's lower or upper plan typed out in `layout` and read back by the importer:
    its measures' texts in document order."""
    lower, upper, _ = link_set(name)
    file_name, builder = LAYOUTS[layout]
    doc = parse_bytes(builder(lower if side == "lower" else upper), file_name, normalize=False)
    return tuple(m.text for m in measures_of(doc))


if __name__ == "__main__":  # PYTHONPATH=src:. python -m tests.strategy.link_sets [--misses]
    import sys

    import django

    django.setup()
    for name in SETS:
        score = evaluate(name)
        print(f"| {name} | {score.line()} |")
        for miss in score.misses if "--misses" in sys.argv else ():
            print("    ", miss)
