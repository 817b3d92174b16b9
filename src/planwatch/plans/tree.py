"""A revision's heading tree with its measures, built in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Prefetch

from planwatch.plans.models import Measure, MeasureExecutor, Node, PlanRevision

# What a page that lists the tree leaves in the database: the cells' parsed forms (JSON
# decoded for every measure), the search text and the organisation's bookkeeping. The plan
# page shows the cells' text and the executors' names (`load_tree(..., page=True)`).
PAGE_DEFERRED = ("deadline", "funding", "indicator", "lines", "warnings", "search_text")
PAGE_ORGANIZATION = ("id", "name", "path", "kind")


def measures_with_executors(revision: PlanRevision, page: bool = False):
    """Measures in position order with their executors. Explicit orderings on purpose: the
    models' default ones cascade (executor → measure → revision → plan) into joins of four
    tables on every plan page; at national scale that was half of the page's SQL time."""
    links = MeasureExecutor.objects.select_related("organization").order_by(
        "measure_id", "position"
    )
    measures = revision.measures.order_by("position")
    if page:
        links = links.only(
            "measure_id",
            "name",
            "by_consent",
            "position",
            *(f"organization__{f}" for f in PAGE_ORGANIZATION),
        )
        measures = measures.defer(*PAGE_DEFERRED)
    return measures.prefetch_related(Prefetch("executor_links", queryset=links))


def tree_rows(revision: PlanRevision) -> tuple[list[Node], list[Measure]]:
    """The revision's nodes and measures in position order (two queries), for a page that
    builds the tree and something else from the same rows (the cells' text: `PAGE_DEFERRED`
    stays in the database)."""
    nodes = list(Node.objects.filter(revision=revision).order_by("position"))
    return nodes, list(revision.measures.order_by("position").defer(*PAGE_DEFERRED))


def load_tree(
    revision: PlanRevision, executors: bool = True, rows=None, page: bool = False
) -> list[Node]:
    """Root nodes; each node has `.kids` and `.items` lists. Three queries whatever the size
    (two with `executors=False`, for pages that name executors from elsewhere; none given
    the `tree_rows` already read). `page`: only what a page listing the tree shows is read
    (`PAGE_DEFERRED`)."""
    if rows is not None:
        nodes, measures = rows
    else:
        nodes = list(Node.objects.filter(revision=revision).order_by("position"))
        measures = (
            measures_with_executors(revision, page=page)
            if executors
            else revision.measures.order_by("position")
        )
    by_pk = {n.pk: n for n in nodes}
    for n in nodes:
        n.kids, n.items = [], []
    roots = []
    for n in nodes:
        (by_pk[n.parent_id].kids if n.parent_id in by_pk else roots).append(n)
    orphans = []
    for m in measures:
        (by_pk[m.node_id].items if m.node_id in by_pk else orphans).append(m)
    if orphans:
        loose = Node(kind="", number="", title="", depth=0)
        loose.kids, loose.items = [], orphans
        roots.insert(0, loose)
    return roots


def flatten(roots: list[Node]) -> list[Node]:
    """Document order, for templates that render the tree as one flat list with indents."""
    out: list[Node] = []

    def walk(nodes: list[Node]) -> None:
        for n in nodes:
            out.append(n)
            walk(n.kids)

    walk(roots)
    return out


def headings_of(measure: Measure) -> list[Node]:
    """The measure's headings from the top down, in one query."""
    nodes = {n.pk: n for n in Node.objects.filter(revision_id=measure.revision_id)}
    chain, node = [], nodes.get(measure.node_id)
    while node is not None:
        chain.append(node)
        node = nodes.get(node.parent_id)
    return list(reversed(chain))
