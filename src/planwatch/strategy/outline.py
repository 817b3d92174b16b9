"""The Strategy's structure as a plan prints it. Pure Python over planwatch-plan/1 documents.

Newer local plans print the Strategy's own headings: strategic goal → operational goal →
task, with measures under the tasks. `outline(doc)` reads that tree back; `match_title` pairs
headings across plans that number them differently (001 calls 6.2 what 000 calls 6.3).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from planwatch.strategy.matching import clean

LEVELS = ("strategic_goal", "operational_goal", "task")
# The 2017 National strategy's regional plans: sections ("I. Координація …") with tasks.
SECTION_LEVELS = ("section", "task")


@dataclass
class Heading:
    kind: str
    number: str
    title: str
    children: list[Heading] = field(default_factory=list)
    measures: list[dict] = field(default_factory=list)
    parent: Heading | None = field(default=None, repr=False)

    def all_measures(self) -> Iterator[dict]:
        yield from self.measures
        for child in self.children:
            yield from child.all_measures()

    def walk(self) -> Iterator[Heading]:
        yield self
        for child in self.children:
            yield from child.walk()


def outline(doc: dict, levels: tuple[str, ...] = LEVELS) -> list[Heading]:
    """Strategic goals with their operational goals and tasks; other levels are see-through.

    A section ("Розділ І") above the goals is skipped; measures hanging under a level the
    Strategy does not have stay with the nearest Strategy heading above them.
    """
    roots: list[Heading] = []
    _collect(doc.get("nodes") or [], None, roots, levels)
    return roots


def _collect(nodes: list[dict], parent: Heading | None, roots: list[Heading], levels) -> None:
    for node in nodes:
        kind = node.get("kind") or ""
        if kind in levels and (parent is None or levels.index(kind) > levels.index(parent.kind)):
            heading = Heading(kind, str(node.get("number") or ""), node.get("title") or "")
            heading.parent = parent
            heading.measures = list(node.get("measures") or [])
            (parent.children if parent else roots).append(heading)
            _collect(node.get("children") or [], heading, roots, levels)
        else:
            if parent is not None:
                parent.measures += list(node.get("measures") or [])
            _collect(node.get("children") or [], parent, roots, levels)


def operational_goals(roots: list[Heading]) -> list[Heading]:
    return [h for root in roots for h in root.walk() if h.kind == "operational_goal"]


def title_similarity(a: str, b: str) -> float:
    """0..100; wording drifts between plans (apostrophes, "на рівні" / "в"), meaning stays."""
    return fuzz.token_sort_ratio(clean(a), clean(b))


def match_title(title: str, candidates: list[Heading], threshold: float = 80) -> Heading | None:
    """The candidate whose title is the same heading as `title`, or None."""
    best = max(candidates, key=lambda h: title_similarity(title, h.title), default=None)
    if best is None or title_similarity(title, best.title) < threshold:
        return None
    return best
