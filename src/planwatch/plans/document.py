"""Edits of a parsed planwatch-plan/1 document while it is under review.

Pure functions over the dict the importer returns; no database. Every node and measure gets a
stable `uid` on upload so the review page can address it across edits (positions shift when
rows are moved, merged or split; uids do not).
"""

from __future__ import annotations

import copy
import re

from planwatch.importer.normalize.amounts import MONEY_KEYS, money_cells
from planwatch.importer.structure.text import collapse
from planwatch.importer.walk import iter_nodes, measures_with_headings

CELLS = ("deadline", "funding", "executors", "indicator")
_CONSENT = re.compile(r"\(\s*за\s+згодою\s*\)", re.IGNORECASE)


class DocumentError(ValueError):
    """An edit that does not fit the document (unknown row, nothing to merge with)."""


def prepare(doc: dict) -> dict:
    """Give every node and measure a uid and every cell a text, once, right after parsing."""
    counter = {"n": 0, "m": 0}

    def walk(nodes: list) -> None:
        for node in nodes:
            counter["n"] += 1
            node.setdefault("uid", f"n{counter['n']}")
            node.setdefault("children", [])
            node.setdefault("measures", [])
            for measure in node["measures"]:
                counter["m"] += 1
                measure.setdefault("uid", f"m{counter['m']}")
                _fill_cells(measure)
            walk(node["children"])

    doc.setdefault("nodes", [])
    doc.setdefault("warnings", [])
    doc.setdefault("organizations", [])
    _hold_loose_measures(doc)
    walk(doc["nodes"])
    doc["next_uid"] = counter["m"] + 1
    return doc


def _hold_loose_measures(doc: dict) -> None:
    """Measures the importer found before any heading (top-level ``measures``) go under a
    first heading of their own, so the review shows them and publish keeps them; the person
    renames the heading or moves them."""
    loose = doc.pop("measures", None)
    if not isinstance(loose, list) or not loose:
        return
    from django.utils.translation import gettext

    title = gettext("Measures without a heading")
    doc["nodes"].insert(
        0, {"kind": "", "number": "", "title": title, "children": [], "measures": loose}
    )


def _fill_cells(measure: dict) -> None:
    measure.setdefault("number", "")
    measure.setdefault("text", "")
    measure.setdefault("lines", [])
    measure.setdefault("warnings", [])
    for cell in CELLS:
        value = measure.get(cell)
        if not isinstance(value, dict):
            measure[cell] = {"text": collapse(value if isinstance(value, str) else "")}
        measure[cell].setdefault("text", "")


def find_measure(doc: dict, uid: str) -> tuple[dict, dict]:
    for measure, node in measures_with_headings(doc):
        if measure.get("uid") == uid:
            return measure, node
    raise DocumentError(f"no measure {uid}")


def find_node(doc: dict, uid: str) -> dict:
    for node, _depth, _parent in iter_nodes(doc.get("nodes", [])):
        if node.get("uid") == uid:
            return node
    raise DocumentError(f"no heading {uid}")


def edit_measure(doc: dict, uid: str, values: dict) -> list[str]:
    """Set the given fields ("number", "text" or a cell name → its text). Returns changed names.

    A changed cell loses its normalised values (they described the old text) and gets fresh
    ones from `renormalize`; a person's edit answers the measure's warnings, so they go.
    """
    measure, _node = find_measure(doc, uid)
    changed = []
    for field, value in values.items():
        value = collapse(value)
        if field in CELLS:
            if measure[field].get("text", "") != value:
                # the money per year came from other columns: a new source text keeps it
                kept = money_cells(measure[field]) if field == "funding" else {}
                measure[field] = {"text": value, **kept}
                changed.append(field)
        elif measure.get(field, "") != value:
            measure[field] = value
            changed.append(field)
    if changed:
        measure["warnings"] = []
        renormalize(measure, doc.get("period"))
    return changed


def renormalize(measure: dict, period: dict | None = None) -> None:
    """Fresh normalised values for the cells a person changed (those left with only their
    text), with the importer's own normaliser, so a corrected deadline gets its dates and
    reporting periods again.

    Warnings: only those the changed cells raise are added. The person has checked the rest
    of the row; re-raising an old warning about an untouched cell would make it unfixable.
    """
    changed = [cell for cell in CELLS if set(measure[cell]) - set(MONEY_KEYS) == {"text"}]
    try:
        from planwatch.importer.normalize import normalize_measure
    except ImportError:  # the importer without normalisation: keep the texts
        normalize_measure = None
    if normalize_measure is not None and changed:
        try:
            fresh, baseline = _normalized(measure, period, changed, normalize_measure)
        except Exception:  # noqa: BLE001 — a normaliser slip must not lose a person's edit
            fresh, baseline = measure, {"warnings": []}
        for cell in changed:
            measure[cell] = fresh.get(cell, measure[cell])
        new = [w for w in fresh.get("warnings", []) if w not in baseline.get("warnings", [])]
        measure["warnings"] = measure.get("warnings", []) + new
    executors = measure["executors"]
    if "organizations" not in executors:
        executors["organizations"] = split_executors(executors["text"])


def _normalized(measure: dict, period, changed: list[str], normalize_measure) -> tuple:
    """The measure normalised as edited, and as it would be without the changed cells."""
    fresh = copy.deepcopy(measure)
    fresh["warnings"] = []
    normalize_measure(fresh, period)
    baseline = copy.deepcopy(measure)
    baseline["warnings"] = []
    for cell in changed:
        baseline[cell] = {"text": ""}
    normalize_measure(baseline, period)
    return fresh, baseline


def split_executors(text: str) -> list[dict]:
    """A plain split of an executors cell, for when no normaliser is at hand."""
    parts = [collapse(p) for p in re.split(r"[;,\n]", text or "")]
    return [
        {"name": collapse(_CONSENT.sub("", p)), "by_consent": bool(_CONSENT.search(p))}
        for p in parts
        if collapse(_CONSENT.sub("", p))
    ]


def move_measure(doc: dict, uid: str, node_uid: str) -> None:
    """Move a measure to the end of another heading (a row the importer put under the wrong task)."""
    measure, node = find_measure(doc, uid)
    target = find_node(doc, node_uid)
    node["measures"].remove(measure)
    target["measures"].append(measure)


def merge_with_next(doc: dict, uid: str) -> None:
    """Join a measure with the one after it under the same heading: one row split in two."""
    measure, node = find_measure(doc, uid)
    index = node["measures"].index(measure)
    if index + 1 >= len(node["measures"]):
        raise DocumentError("the measure is the last under its heading; nothing to merge with")
    other = node["measures"].pop(index + 1)
    measure["text"] = collapse(f"{measure['text']} {other['text']}")
    for cell in CELLS:
        a, b = measure[cell]["text"], other[cell]["text"]
        if b and b != a:
            measure[cell] = {"text": collapse(f"{a} {b}")}
    measure["lines"] = sorted({*measure.get("lines", []), *other.get("lines", [])})
    measure["warnings"] = measure.get("warnings", []) + other.get("warnings", [])
    renormalize(measure, doc.get("period"))


def split_measure(doc: dict, uid: str, first_text: str, second_text: str, number: str) -> dict:
    """Split one measure into two (two rows the importer read as one); cells are copied."""
    measure, node = find_measure(doc, uid)
    first_text, second_text = collapse(first_text), collapse(second_text)
    if not first_text or not second_text:
        raise DocumentError("both parts need text")
    twin = copy.deepcopy(measure)
    twin["uid"] = f"m{doc.get('next_uid', 1000)}"
    doc["next_uid"] = doc.get("next_uid", 1000) + 1
    twin["text"], twin["number"], twin["warnings"] = second_text, collapse(number), []
    measure["text"] = first_text
    node["measures"].insert(node["measures"].index(measure) + 1, twin)
    return twin


def dismiss_warning(doc: dict, uid: str | None, index: int) -> None:
    """A person read the warning and the import is right as it is."""
    warnings = doc["warnings"] if not uid else find_measure(doc, uid)[0]["warnings"]
    if not 0 <= index < len(warnings):
        raise DocumentError("no such warning")
    warnings.pop(index)


def executor_names(doc: dict) -> list[dict]:
    """The plan's organisations as the importer listed them, or collected from the measures."""
    if doc.get("organizations"):
        return doc["organizations"]
    seen: dict[str, dict] = {}
    for measure, _node in measures_with_headings(doc):
        for org in measure["executors"].get("organizations") or []:
            entry = seen.setdefault(
                org["name"], {"id": org_key(org), "name": org["name"], "count": 0}
            )
            entry["count"] += 1
    return list(seen.values())


def org_key(org: dict) -> str:
    """How the review page and publish refer to one of the plan's organisations."""
    return str(org.get("id") or org.get("name", ""))
