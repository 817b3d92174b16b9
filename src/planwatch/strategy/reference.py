"""Seed a Strategy reference from the headings plans print. Pure Python, no Django.

The first plan gives the tree and its numbers; later plans add what the first one left out,
paired by title (plans number differently: Kalush runs its tasks 1…34, Pishchanska restarts
them per strategic goal as "1.1", "1.2"). Numbers are made canonical and dotted: strategic
goal "1", operational goal "1.2", task "1.2.3".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planwatch.strategy.outline import LEVELS, Heading, title_similarity

_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50}
_LATIN = str.maketrans("ІХ", "IX")


@dataclass
class RefItem:
    level: str
    number: str
    title: str
    children: list[RefItem] = field(default_factory=list)
    # The plan a later item came from (its file name): words for it are the display's job.
    added_from: str = ""

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def last_number(printed: str) -> int | None:
    """The last component of a printed number: "1.2" → 2, ".2" → 2, "IV" → 4, "" → None."""
    parts = [p for p in re.split(r"[.\s]+", printed.translate(_LATIN).strip()) if p]
    if not parts:
        return None
    last = parts[-1]
    if last.isdigit():
        return int(last)
    return roman(last)


def roman(text: str) -> int | None:
    values = [_ROMAN.get(ch) for ch in text.lower()]
    if not values or None in values:
        return None
    total = 0
    for value, following in zip(values, values[1:] + [0], strict=True):
        total += -value if value < following else value
    return total


def build_reference(outlines: list[list[Heading]], sources: list[str] | None = None):
    """Merge plan outlines into one reference tree (list of top-level `RefItem`s)."""
    sources = sources or [f"plan {i + 1}" for i in range(len(outlines))]
    roots: list[RefItem] = []
    for index, (source, headings) in enumerate(zip(sources, outlines, strict=True)):
        added_from = source if index else ""
        earlier = {id(i) for root in roots for i in root.walk()}
        _merge(headings, None, roots, roots, added_from, earlier)
    return roots


def _merge(headings: list[Heading], parent, siblings, roots, source: str, earlier: set[int]):
    """Pair each heading with an item of an earlier plan, or add it under `parent`.

    A close title anywhere at the level pairs first (a task a plan files under another goal);
    what is left pairs one-to-one with the parent's remaining items of a looser likeness (a
    reworded task in its usual place). One plan's own headings are never paired together.
    """
    pairs: dict[int, RefItem] = {}
    for n, heading in enumerate(headings):
        same_level = [
            i for r in roots for i in r.walk() if i.level == heading.kind and id(i) in earlier
        ]
        found = _find(heading.title, same_level)
        if found is not None:
            pairs[n] = found
    claimed = {id(i) for i in pairs.values()}
    loose = sorted(
        (
            (title_similarity(h.title, item.title), n, item)
            for n, h in enumerate(headings)
            if n not in pairs
            for item in siblings
            if id(item) in earlier and id(item) not in claimed and item.level == h.kind
        ),
        key=lambda t: -t[0],
    )
    for score, n, item in loose:
        if score >= 65 and n not in pairs and id(item) not in claimed:
            pairs[n] = item
            claimed.add(id(item))
    for n, heading in enumerate(headings):
        item = pairs.get(n)
        if item is None:
            item = RefItem(
                heading.kind,
                _number(heading, parent, siblings),
                heading.title,
                added_from=source,
            )
            siblings.append(item)
            siblings.sort(key=_sort_key)
        _merge(heading.children, item, item.children, roots, source, earlier)


def _find(title: str, items: list[RefItem], threshold: float = 80) -> RefItem | None:
    best = max(items, key=lambda i: title_similarity(title, i.title), default=None)
    if best is not None and title_similarity(title, best.title) >= threshold:
        return best
    return None


def _number(heading: Heading, parent: RefItem | None, siblings: list[RefItem]) -> str:
    """The printed number when it fits the tree, else the lowest free one under the parent."""
    taken = {int(s.number.rsplit(".", 1)[-1]) for s in siblings}
    printed = last_number(heading.number)
    if heading.kind == "task" and not _task_number_fits(heading, parent):
        printed = None
    if printed is None or printed in taken:
        printed = next(n for n in range(1, len(taken) + 2) if n not in taken)
    return f"{parent.number}.{printed}" if parent else str(printed)


def _task_number_fits(heading: Heading, parent: RefItem | None) -> bool:
    """A task numbered "2.1" under operational goal 2 keeps its 1; "29" in one run does not."""
    if parent is None or parent.level not in LEVELS[:2]:
        return True
    if parent.level == LEVELS[0]:  # a task straight under a strategic goal
        return "." not in heading.number.strip(".")
    parts = [p for p in heading.number.split(".")]
    return len(parts) == 2 and (parts[0] == "" or parts[0] == parent.number.rsplit(".", 1)[-1])


def _sort_key(item: RefItem) -> tuple[int, ...]:
    return tuple(int(p) for p in item.number.split("."))
