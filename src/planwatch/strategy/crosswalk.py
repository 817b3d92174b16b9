"""Link a published plan to the Strategy: explicit links from printed headings, suggestions for
the rest, and the people's confirmations. `suggest_crosswalk(revision)` is the one call the
plans app (or `manage.py suggest_crosswalk`) makes after a plan is published.

Evidence the suggester uses for a measure (`strategy.evidence`, the same from any layout): its
own text and indicator, a strategic-goal prior when the plan prints only a strategic goal above
it, and the order of the measures: the plan's unanswered measures, in document order, are
decoded as one sequence (consecutive measures tend to serve one goal;
`planwatch.strategy.sequence`), so a suggestion's score is the goal's posterior probability.
A person's confirmations and rejections move on to the next revision (`carry_decisions`). Examples for each operational goal: measures of
other plans already linked to it, firmly (printed under its heading, or confirmed by a person).
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from planwatch.plans.models import Measure, Node, PlanRevision
from planwatch.strategy.evidence import (
    IndexEntry,
    PlanMeasure,
    StrategyIndex,
    read,
    suggest_rows,
)
from planwatch.strategy.matching import Suggester, Target
from planwatch.strategy.models import (
    Crosswalk,
    CrosswalkRun,
    Level,
    Source,
    StrategyDocument,
    StrategyItem,
)
from planwatch.strategy.outline import title_similarity
from planwatch.strategy.phrases import goal_phrases

KIND_LEVEL = {
    "strategic_goal": Level.STRATEGIC_GOAL,
    "operational_goal": Level.OPERATIONAL_GOAL,
    "task": Level.TASK,
    "section": Level.DIRECTION,
}
TITLE_THRESHOLD = 80
EXAMPLE_LIMIT = 5000  # the newest firm links; enough to describe every goal
SUGGESTIONS_PER_MEASURE = 3
# How a measure's best suggestion is judged (samples 000 ↔ 001, both directions, README):
# its text's own similarity to the goal below NO_FIT: no goal fits well (flags 4 of 9 wrong
# top-1s and 5 of 11 measures whose goal the reference lacks, 8 of 149 right ones);
# similarity below SURE_SIMILARITY or posterior below SURE_SCORE: shown, but for review.
NO_FIT_SIMILARITY = 0.15
SURE_SIMILARITY = 0.25
SURE_SCORE = 0.9


class Fit:
    GOOD = "good"
    REVIEW = "review"
    NONE = "none"


PRECHOSEN = (Fit.GOOD, Fit.REVIEW)  # the best suggestion is shown chosen


def fit_of(best: Crosswalk | None) -> str | None:
    """How well a measure's best suggestion fits; None when it has no suggestion.

    A link made before similarities were kept (None) is judged by its score alone."""
    if best is None:
        return None
    similarity = best.similarity
    if similarity is not None and similarity < NO_FIT_SIMILARITY:
        return Fit.NONE
    if best.score < SURE_SCORE or (similarity is not None and similarity < SURE_SIMILARITY):
        return Fit.REVIEW
    return Fit.GOOD


def suggest_crosswalk(revision: PlanRevision, similar: bool = True) -> CrosswalkRun:
    """Explicit links, suggestions and (unless a batch does it once) similar measures.

    One run at a time per revision: a batch (`load_demo`, the command) and a job worker may
    take the same revision at once, and two runs inserting the same explicit links made the
    second fail on their unique key. The revision's row is locked first, so the later run
    waits and then replaces what the first one wrote."""
    with transaction.atomic():
        list(PlanRevision.objects.select_for_update().filter(pk=revision.pk).values_list("pk"))
        explicit = link_explicit(revision)
        carry_decisions(revision)
        suggested = suggest_for_revision(revision)
        run, _ = CrosswalkRun.objects.update_or_create(
            revision=revision, defaults={"explicit": explicit, "suggested": suggested}
        )
    if similar:
        from planwatch.strategy.similar import index_revision

        index_revision(revision)
    return run


def suggest_crosswalk_batch(revisions) -> list[CrosswalkRun]:
    """Many revisions: the similar-measures index is built once for all of them."""
    from planwatch.strategy.similar import current_index, index_revision

    revisions = list(revisions)
    runs = [suggest_crosswalk(revision, similar=False) for revision in revisions]
    if revisions:
        index = current_index()
        for revision in revisions:
            index_revision(revision, index)
    return runs


def pending_revisions():
    return PlanRevision.objects.filter(is_current=True, strategy_run__isnull=True).order_by("pk")


# --- explicit links -----------------------------------------------------------------------


def link_explicit(revision: PlanRevision) -> int:
    """Headings the plan prints that are Strategy items, and the measures under them.

    A heading is matched to an item by title alone (any level): the importer may read one
    heading as a "task" in one layout and an "operational_goal" in another. The document
    the plan implements is the one whose items its headings match most.
    """
    nodes = list(Node.objects.filter(revision=revision))
    best: tuple[int, dict[int, tuple[StrategyItem, float]]] = (0, {})
    for document in StrategyDocument.objects.all():
        matches = match_nodes(nodes, list(document.items.all()))
        if len(matches) > best[0]:
            best = (len(matches), matches)
    matches = best[1]
    Crosswalk.objects.filter(node__revision=revision, source=Source.EXPLICIT).delete()
    Crosswalk.objects.filter(measure__revision=revision, source=Source.EXPLICIT).delete()
    Crosswalk.objects.bulk_create(
        Crosswalk(node_id=node_id, item=item, source=Source.EXPLICIT, score=score)
        for node_id, (item, score) in matches.items()
    )
    links = _measure_links(revision, nodes, matches)
    Crosswalk.objects.bulk_create(links, ignore_conflicts=True)
    return len(links)


def match_nodes(nodes: list[Node], items: list[StrategyItem]) -> dict:
    """node id → (item, score) for headings whose title is an item's title (any level; on a
    tie the item at the heading's own level wins)."""
    out = {}
    for node in nodes:
        if not node.title.strip():
            continue
        level = KIND_LEVEL.get(node.kind, "")
        scored = [(title_similarity(node.title, i.title), i.level == level, i) for i in items]
        score, _, item = max(scored, key=lambda t: t[:2], default=(0, False, None))
        if item is not None and score >= TITLE_THRESHOLD:
            out[node.pk] = (item, round(score / 100, 3))
    return out


def _measure_links(revision, nodes: list[Node], matches: dict) -> list[Crosswalk]:
    """Each measure links to the deepest matched heading above it."""
    parent_of = {n.pk: n.parent_id for n in nodes}
    links = []
    for measure_id, node_id in Measure.objects.filter(revision=revision).values_list(
        "pk", "node_id"
    ):
        while node_id is not None and node_id not in matches:
            node_id = parent_of.get(node_id)
        if node_id is not None:
            item = matches[node_id][0]
            links.append(
                Crosswalk(measure_id=measure_id, item=item, source=Source.EXPLICIT, score=1.0)
            )
    return links


# --- confirmations carried to the next revision -------------------------------------------

CARRY_RATIO = 80  # the same measure, reworded a little (plans.linking pairs at 80 too)


def carry_decisions(revision: PlanRevision) -> int:
    """A person's confirmations and rejections move on with the measure: each measure of the
    revision that `plans.linking` paired with one of the previous revision (`previous`) and
    whose text is still close (ratio ≥ CARRY_RATIO) gets its predecessor's decided links,
    with who decided and when. Returns how many links were carried."""
    from rapidfuzz import fuzz

    from planwatch.strategy.matching import clean

    pairs = list(
        Measure.objects.filter(revision=revision, previous__isnull=False).values_list(
            "pk", "text", "previous_id", "previous__text"
        )
    )
    same = {
        old: new
        for new, text, old, old_text in pairs
        if fuzz.ratio(clean(text), clean(old_text)) >= CARRY_RATIO
    }
    if not same:
        return 0
    decided = Crosswalk.objects.filter(
        measure_id__in=same, source__in=(Source.CONFIRMED, Source.REJECTED)
    )
    links = [
        Crosswalk(
            measure_id=same[link.measure_id],
            item_id=link.item_id,
            source=link.source,
            score=link.score,
            rank=0,
            confirmed_by_id=link.confirmed_by_id,
            confirmed_at=link.confirmed_at,
        )
        for link in decided
    ]
    Crosswalk.objects.filter(
        measure_id__in=same.values(), item_id__in={link.item_id for link in links}
    ).exclude(source__in=(Source.CONFIRMED, Source.REJECTED)).delete()
    Crosswalk.objects.bulk_create(links, ignore_conflicts=True)
    return len(links)


# --- suggestions --------------------------------------------------------------------------


def suggest_for_revision(revision: PlanRevision, document: StrategyDocument | None = None) -> int:
    """Top-3 operational goals for each measure that has no firm link to a goal (or a task)
    of the document: read the same way whatever the plan's layout (`strategy.evidence`)."""
    document = document or StrategyDocument.objects.current()
    if document is None:
        return 0
    suggester = build_suggester(document, exclude_revision=revision)
    if suggester is None:
        return 0
    index = document_index(document)
    answered = Crosswalk.objects.firm().filter(
        measure__revision=revision, item_id__in=[e.key for e in index.entries if e.goal]
    )
    measures = list(
        Measure.objects.filter(revision=revision)
        .exclude(pk__in=answered.values("measure_id"))
        .order_by("position")
    )
    Crosswalk.objects.filter(
        measure__in=measures, item__document=document, source=Source.SUGGESTED
    ).delete()
    rejected = set(
        Crosswalk.objects.filter(
            measure__in=measures, item__document=document, source=Source.REJECTED
        ).values_list("measure_id", "item_id")
    )
    k = SUGGESTIONS_PER_MEASURE + len(rejected)
    rows = plan_measures(revision, measures)
    # Measures in document order: the plan's order is evidence too (strategy/sequence.py).
    ranked_all = suggest_rows([read(row, index) for row in rows], suggester, k)
    links = []
    for m, ranked in zip(measures, ranked_all, strict=True):
        kept = [s for s in ranked if (m.pk, s.key) not in rejected][:SUGGESTIONS_PER_MEASURE]
        links += [
            Crosswalk(
                measure=m,
                item_id=s.key,
                source=Source.SUGGESTED,
                score=s.score,
                similarity=s.similarity,
                rank=rank,
            )
            for rank, s in enumerate(kept, start=1)
        ]
    Crosswalk.objects.bulk_create(links, ignore_conflicts=True)
    return len(measures)


def plan_measures(revision: PlanRevision, measures: list[Measure]) -> list[PlanMeasure]:
    """The measures as `strategy.evidence` reads them: text, indicator, headings above."""
    nodes = {n.pk: n for n in Node.objects.filter(revision=revision).only("parent", "title")}

    def headings(node_id):
        titles = []
        while node_id is not None and node_id in nodes:
            if nodes[node_id].title.strip():
                titles.append(nodes[node_id].title)
            node_id = nodes[node_id].parent_id
        return tuple(reversed(titles))

    return [PlanMeasure(m.pk, m.text, m.indicator_text, headings(m.node_id)) for m in measures]


def document_index(document: StrategyDocument) -> StrategyIndex:
    """The document's items for `evidence.read`: goal = the matrix row an item counts in
    (None above the rows), group = its top-level item."""
    items = {i.pk: i for i in StrategyItem.objects.of(document)}
    rows = set(StrategyItem.objects.of(document).matrix_rows().values_list("pk", flat=True))
    entries = []
    for item in items.values():
        top, goal, node = item, None, item
        while node is not None:
            if node.pk in rows:
                goal = node.pk
            top = node
            node = items.get(node.parent_id)
        entries.append(IndexEntry(item.pk, item.title, goal, top.pk))
    return StrategyIndex(entries)


def build_suggester(document: StrategyDocument, exclude_revision=None) -> Suggester | None:
    goals = list(StrategyItem.objects.of(document).matrix_rows().prefetch_related("children"))
    if not goals:
        return None
    row_of = {g.pk: g.pk for g in goals}
    for goal in goals:
        for child in goal.children.all():
            row_of[child.pk] = goal.pk
    examples: dict[int, list[str]] = defaultdict(list)
    firm = (
        Crosswalk.objects.firm()
        .for_measures()
        .filter(item__document=document, measure__revision__is_current=True)
    )
    if exclude_revision is not None:
        firm = firm.exclude(measure__revision=exclude_revision)
    for item_id, text in firm.order_by("-pk").values_list("item_id", "measure__text")[
        :EXAMPLE_LIMIT
    ]:
        if item_id in row_of:
            examples[row_of[item_id]].append(text)
    phrases = goal_phrases(document.code)
    targets = [
        Target(
            key=g.pk,
            headings=[g.title]
            + [c.title for c in g.children.all()]
            + list(phrases.get(g.number, ())),
            examples=examples[g.pk],
            group=_top(g),
        )
        for g in goals
    ]
    return Suggester(targets)


def _top(item: StrategyItem):
    """The matrix row's top-level item id (its strategic goal or direction)."""
    return item.parent_id if item.parent_id is not None else item.pk


# --- people's decisions -------------------------------------------------------------------


def reject_suggestions(measure: Measure, document: StrategyDocument, user) -> int:
    """A person says none of the suggested items fits; reruns will not offer them again."""
    return Crosswalk.objects.filter(
        measure=measure, item__document=document, source=Source.SUGGESTED
    ).update(source=Source.REJECTED, rank=0, confirmed_by=user, confirmed_at=timezone.now())


def confirm(measure: Measure, item: StrategyItem, user) -> Crosswalk:
    """A person says the measure serves `item`: suggestions into that document give way."""
    with transaction.atomic():
        Crosswalk.objects.filter(
            measure=measure, item__document_id=item.document_id, source=Source.SUGGESTED
        ).exclude(item=item).delete()
        link, _ = Crosswalk.objects.update_or_create(
            measure=measure,
            item=item,
            defaults={
                "source": Source.CONFIRMED,
                "rank": 0,
                "confirmed_by": user,
                "confirmed_at": timezone.now(),
            },
        )
    return link
