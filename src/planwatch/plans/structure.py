"""Edits of a draft's heading tree: what a person does when the importer lost or invented a
heading level. Pure functions over the planwatch-plan/1 dict, like `document.py`.

Document order is: a heading, its measures, then its child headings. "The heading just above"
a row is the one before it in that order; rows that lose their heading join that one, so
nothing a person sees moves further than it must.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from planwatch.importer.structure.text import collapse
from planwatch.importer.walk import iter_nodes
from planwatch.plans.document import (
    DocumentError,
    _fill_cells,
    find_measure,
    find_node,
)

KINDS = ("section", "strategic_goal", "operational_goal", "task", "goal")


def new_uid(doc: dict, prefix: str) -> str:
    """A uid no node or measure of the document has (uids stay stable across edits)."""
    taken = {n.get("uid") for n, _d, _p in iter_nodes(doc.get("nodes", []))}
    taken |= {m.get("uid") for n, _d, _p in iter_nodes(doc["nodes"]) for m in n["measures"]}
    number = int(doc.get("next_uid") or 1)
    while f"{prefix}{number}" in taken:
        number += 1
    doc["next_uid"] = number + 1
    return f"{prefix}{number}"


def siblings(doc: dict, node: dict) -> list:
    """The list that holds ``node``: its parent's children or the top level."""
    for candidate, _depth, parent in iter_nodes(doc["nodes"]):
        if candidate is node:
            return parent["children"] if parent else doc["nodes"]
    raise DocumentError(_("The heading is not in the plan any more."))


def node_before(doc: dict, node: dict) -> dict | None:
    previous = None
    for candidate, _depth, _parent in iter_nodes(doc["nodes"]):
        if candidate is node:
            return previous
        previous = candidate
    return None


def _clean_kind(kind: str) -> str:
    kind = collapse(kind)
    if kind and kind not in KINDS:
        raise DocumentError(_("Unknown kind of heading."))
    return kind


def _new_node(doc: dict, kind: str, number: str, title: str) -> dict:
    title = collapse(title)
    if not title:
        raise DocumentError(_("A heading needs its title."))
    return {
        "uid": new_uid(doc, "n"),
        "kind": _clean_kind(kind),
        "number": collapse(number),
        "title": title,
        "children": [],
        "measures": [],
    }


def add_heading(doc: dict, parent_uid: str, kind: str, number: str, title: str) -> dict:
    """A new empty heading at the end of ``parent_uid``'s headings ("" = the top level)."""
    node = _new_node(doc, kind, number, title)
    target = find_node(doc, parent_uid)["children"] if parent_uid else doc["nodes"]
    target.append(node)
    return node


def edit_heading(
    doc: dict, uid: str, kind: str, number: str, title: str, parent_uid: str | None = None
) -> dict:
    """Rename a heading; ``parent_uid`` (when given, "" = top level) changes its level: it moves
    with everything under it to the end of the new parent's headings."""
    node = find_node(doc, uid)
    title = collapse(title)
    if not title:
        raise DocumentError(_("A heading needs its title."))
    node.update(kind=_clean_kind(kind), number=collapse(number), title=title)
    if parent_uid is not None:
        _reparent(doc, node, parent_uid)
    return node


def _reparent(doc: dict, node: dict, parent_uid: str) -> None:
    current = siblings(doc, node)
    target = doc["nodes"] if not parent_uid else find_node(doc, parent_uid)["children"]
    if target is current:
        return
    if parent_uid and any(n["uid"] == parent_uid for n, _d, _p in iter_nodes([node])):
        raise DocumentError(_("A heading cannot go under itself or its own headings."))
    current.remove(node)
    target.append(node)


def delete_heading(doc: dict, uid: str) -> None:
    """Remove a heading but none of its rows: its measures join the heading just above, its
    child headings take its place."""
    node = find_node(doc, uid)
    _dissolve(doc, node)


def _dissolve(doc: dict, node: dict) -> dict | None:
    """Take ``node`` out of the tree; returns the heading that received its measures."""
    above = node_before(doc, node)
    if node["measures"] and above is None:
        raise DocumentError(
            _("The first heading has no heading above it to take its measures: move them first.")
        )
    if above is not None:
        above["measures"].extend(node["measures"])
    holder = siblings(doc, node)
    index = holder.index(node)
    holder[index : index + 1] = node["children"]
    return above


def measure_to_heading(
    doc: dict, uid: str, kind: str, *, nested: bool = True, take_following: bool = True
) -> dict:
    """A row the importer read as a measure is a heading (a lost level: "Операційна ціль 2").

    ``nested``: the new heading goes under the measure's heading (first of its headings), else
    beside it (right after it). ``take_following``: the measures after the row go under it.
    """
    measure, node = find_measure(doc, uid)
    index = node["measures"].index(measure)
    heading = _new_node(doc, kind, measure.get("number", ""), measure.get("text", ""))
    heading["lines"] = list(measure.get("lines") or [])
    following = node["measures"][index + 1 :] if take_following else []
    del node["measures"][index : index + 1 + len(following)]
    heading["measures"] = following
    if nested:
        node["children"].insert(0, heading)
    else:
        holder = siblings(doc, node)
        holder.insert(holder.index(node) + 1, heading)
    return heading


def heading_to_measure(doc: dict, uid: str) -> dict:
    """A row the importer read as a heading is a measure: it joins the heading just above,
    followed by the measures that were under it; its child headings take its place."""
    node = find_node(doc, uid)
    above = node_before(doc, node)
    if above is None:
        raise DocumentError(_("The first heading has no heading above it to hold the measure."))
    measure = {
        "uid": new_uid(doc, "m"),
        "number": collapse(node.get("number")),
        "text": collapse(node.get("title")),
        "lines": list(node.get("lines") or []),
        "warnings": [],
    }
    _fill_cells(measure)
    above["measures"].append(measure)
    _dissolve(doc, node)
    return measure


def step_measure(doc: dict, uid: str, direction: int) -> None:
    """Move a measure one place up (-1) or down (+1); past the first or last place of its
    heading it goes to the end / start of the heading above / below (keyboard, not drag)."""
    measure, node = find_measure(doc, uid)
    rows = node["measures"]
    index = rows.index(measure)
    target = index + direction
    if 0 <= target < len(rows):
        rows[index], rows[target] = rows[target], rows[index]
        return
    order = [n for n, _d, _p in iter_nodes(doc["nodes"])]
    position = order.index(node) + direction
    if not 0 <= position < len(order):
        raise DocumentError(_("The measure is already the first or the last in the plan."))
    rows.remove(measure)
    if direction < 0:
        order[position]["measures"].append(measure)
    else:
        order[position]["measures"].insert(0, measure)


def place_unplaced(doc: dict, index: int, node_uid: str) -> dict:
    """Text the importer could not place becomes a measure at the end of the chosen heading."""
    unplaced = doc.get("unplaced") or []
    if not 0 <= index < len(unplaced):
        raise DocumentError(_("That text is no longer in the list."))
    node = find_node(doc, node_uid)
    item = unplaced.pop(index)
    text = collapse(item.get("text") if isinstance(item, dict) else str(item))
    line = item.get("line") or item.get("row") if isinstance(item, dict) else None
    measure = {"uid": new_uid(doc, "m"), "number": "", "text": text, "warnings": []}
    measure["lines"] = [line] if isinstance(line, int) else []
    _fill_cells(measure)
    node["measures"].append(measure)
    return measure


def drop_unplaced(doc: dict, index: int) -> None:
    """The person read it: it is not part of the plan (a page footer, a signature)."""
    unplaced = doc.get("unplaced") or []
    if not 0 <= index < len(unplaced):
        raise DocumentError(_("That text is no longer in the list."))
    unplaced.pop(index)


def step_heading(doc: dict, uid: str, direction: int) -> None:
    """Move a heading (with everything under it) one place up (-1) or down (+1) among the
    headings of its level: where an added heading belongs."""
    node = find_node(doc, uid)
    holder = siblings(doc, node)
    index = holder.index(node)
    target = index + direction
    if not 0 <= target < len(holder):
        raise DocumentError(_("The heading is already the first or the last of its level."))
    holder[index], holder[target] = holder[target], holder[index]
