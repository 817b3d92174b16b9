"""Walking a planwatch-plan/1 document: its headings and measures in document order.

One order for the importer, `planwatch show` and the web app (review, publish): measures
outside any heading first — the importer only leaves them there when they stand before the
first heading, and the web app's `prepare` puts them under a first heading of their own —,
then the heading tree depth-first, a heading's own measures before its sub-headings'.

Lists are read as the walk reaches them, so an edit made to a heading already visited is
seen, as with a recursive walk; the walk itself keeps a stack, so a hostile depth cannot
exhaust Python's. Anything that is not a dict where a heading or measure belongs, and any
``children`` / ``measures`` that is not a list, is skipped (a hand-written JSON may have them).
"""

from __future__ import annotations

from collections.abc import Iterator

_END = object()


def iter_nodes(
    nodes: object, depth: int = 0, parent: dict | None = None
) -> Iterator[tuple[dict, int, dict | None]]:
    """(heading, depth, parent heading) of `nodes` and everything below, in document order."""
    stack = [(iter(_list(nodes)), depth, parent)]
    while stack:
        siblings, level, above = stack[-1]
        node = next(siblings, _END)
        if node is _END:
            stack.pop()
            continue
        if not isinstance(node, dict):
            continue
        yield node, level, above
        stack.append((iter(_list(node.get("children"))), level + 1, node))


def measures_with_headings(plan: dict) -> Iterator[tuple[dict, dict | None]]:
    """(measure, its heading — None outside any heading) of the whole document."""
    for measure in _dicts(plan.get("measures")):
        yield measure, None
    for node, _depth, _parent in iter_nodes(plan.get("nodes")):
        for measure in _dicts(node.get("measures")):
            yield measure, node


def iter_measures(plan: dict) -> Iterator[dict]:
    """Every measure of the document, in document order."""
    for measure, _heading in measures_with_headings(plan):
        yield measure


def count_warnings(plan: dict) -> int:
    """The plan's own warnings and every measure's."""
    warnings = _list(plan.get("warnings"))
    return len(warnings) + sum(len(_list(m.get("warnings"))) for m in iter_measures(plan))


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def _dicts(value: object) -> Iterator[dict]:
    for item in _list(value):
        if isinstance(item, dict):
            yield item
