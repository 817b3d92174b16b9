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
from tests.strategy.embedded import vectors_of
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
    right_flagged: int = 0  # labelled measures marked none_fits
    right_flagged_top1: int = 0  # … of them with the right first candidate (none_fits hid it)
    confident: int = 0
    confident_right: int = 0
    misses: list = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{rates_line(self.top1, self.top3, self.n)}; none fits: own "
            f"{self.own_flagged}/{self.own}, labelled {self.right_flagged} (right at top-1 "
            f"{self.right_flagged_top1}); confident "
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
        out.right_flagged_top1 += flagged and keys[0] in right
        if confident(candidates):
            out.confident += 1
            out.confident_right += keys[0] in right
        if keys[0] not in right:
            out.misses.append((row, sorted(right), keys, (texts or [""] * (row + 1))[row][:70]))
    return out


def evaluate(name: str, embed: bool = True) -> LinkScore:
    """`embed`: with the texts' sentence embeddings (the real model), as the product."""
    lower, upper, labels = link_set(name)
    texts = [m["text"] for m in lower]
    upper_texts = [m["text"] for m in upper]
    vectors = (vectors_of(texts), vectors_of(upper_texts)) if embed else None
    return score_links(links(texts, upper_texts, vectors=vectors), labels, texts)


def decided(labels: list[set[int]], rows) -> dict[int, int | None]:
    """What a person confirms for `rows`: the first acceptable upper measure, or "implements
    nothing"."""
    return {row: min(labels[row]) if labels[row] else None for row in rows}


def learning(name: str, k: int, use: bool = True, examples_from: str | None = None) -> LinkScore:
    """A person confirms the first `k` lower measures in document order; the rest are
    suggested again (`use=False`: without the confirmations, for comparison) and scored.
    `examples_from`: another set with the same upper plan, all of whose links a person
    confirmed before (its lower texts become examples of the upper measures)."""
    lower, upper, labels = link_set(name)
    texts = [m["text"] for m in lower]
    examples = []
    if examples_from is not None:
        other, other_upper, other_labels = link_set(examples_from)
        assert [m["text"] for m in other_upper] == [m["text"] for m in upper]
        examples = [
            (m["text"], min(right)) for m, right in zip(other, other_labels, strict=True) if right
        ]
    confirmed = decided(labels, range(k)) if use else {}
    upper_texts = [m["text"] for m in upper]
    ranked = links(
        texts,
        upper_texts,
        confirmed=confirmed,
        examples=examples,
        vectors=(vectors_of(texts), vectors_of(upper_texts)),
    )
    return score_links(ranked[k:], labels[k:], texts[k:])


@cache
def imported_texts(name: str, side: str, layout: str) -> tuple[str, ...]:
    """The set's lower or upper plan typed out in `layout` and read back by the importer:
    its measures' texts in document order."""
    lower, upper, _ = link_set(name)
    file_name, builder = LAYOUTS[layout]
    doc = parse_bytes(builder(lower if side == "lower" else upper), file_name, normalize=False)
    return tuple(m.text for m in measures_of(doc))


if (
    __name__ == "__main__"
):  # PYTHONPATH=src:. python -m tests.strategy.link_sets [--misses] [--words-only]
    import os
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwatch.settings")
    django.setup()
    for name in SETS:
        score = evaluate(name, embed="--words-only" not in sys.argv)
        print(f"| {name} | {score.line()} |")
        for miss in score.misses if "--misses" in sys.argv else ():
            print("    ", miss)
    if "--learning" in sys.argv:
        for name in SETS:
            n = len(link_set(name)[2])
            for share in (0.1, 0.25, 0.5, 0.75):
                k = round(n * share)
                before, after = learning(name, k, use=False), learning(name, k)
                print(f"| {name} | first {k} of {n} confirmed | {before.line()} | {after.line()} |")
        for name, other in (("000-001", "okrug-001"), ("okrug-001", "000-001")):
            before, after = learning(name, 0), learning(name, 0, examples_from=other)
            print(f"| {name} | {other} confirmed before | {before.line()} | {after.line()} |")
