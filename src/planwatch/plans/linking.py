"""Which measure of a new revision is which measure of the previous one.

Amending decisions renumber, reword and move measures, so identity is found in three passes:
the same words; then the same place (heading numbers + measure number); then wording that is
close enough (rapidfuzz ratio). What is left is added (new) or removed (old).
"""

from __future__ import annotations

from rapidfuzz import fuzz

from planwatch.lib.text import name_key
from planwatch.plans.models import Measure, Node, PlanRevision

SIMILAR_ENOUGH = 80


def _place(measure: Measure, nodes: dict[int, Node]) -> str:
    numbers = []
    node = nodes.get(measure.node_id)
    while node is not None:
        numbers.append(node.number)
        node = nodes.get(node.parent_id)
    return "/".join(reversed(numbers)) + f"#{measure.number}"


def _load(revision: PlanRevision) -> tuple[list[Measure], dict[int, Node]]:
    nodes = {n.pk: n for n in revision.nodes.all()}
    return list(revision.measures.all()), nodes


def match_measures(old: PlanRevision, new: PlanRevision) -> dict[int, int]:
    """{new measure pk: old measure pk}."""
    old_measures, old_nodes = _load(old)
    new_measures, new_nodes = _load(new)
    pairs: dict[int, int] = {}
    free_old = {m.pk: m for m in old_measures}

    def take(key_fn_old, key_fn_new) -> None:
        index: dict[str, list[Measure]] = {}
        for m in free_old.values():
            index.setdefault(key_fn_old(m), []).append(m)
        for m in new_measures:
            if m.pk in pairs:
                continue
            candidates = index.get(key_fn_new(m))
            if candidates:
                found = candidates.pop(0)
                pairs[m.pk] = found.pk
                free_old.pop(found.pk, None)

    take(lambda m: name_key(m.text), lambda m: name_key(m.text))
    take(lambda m: _place(m, old_nodes), lambda m: _place(m, new_nodes))
    for m in new_measures:
        if m.pk in pairs or not free_old:
            continue
        best = max(free_old.values(), key=lambda o: fuzz.ratio(o.text, m.text))
        if fuzz.ratio(best.text, m.text) >= SIMILAR_ENOUGH:
            pairs[m.pk] = best.pk
            free_old.pop(best.pk)
    return pairs


def link_previous(old: PlanRevision, new: PlanRevision) -> None:
    pairs = match_measures(old, new)
    updates = [Measure(pk=new_pk, previous_id=old_pk) for new_pk, old_pk in pairs.items()]
    Measure.objects.bulk_update(updates, ["previous"], batch_size=500)
