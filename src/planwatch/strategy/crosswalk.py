"""Link a published plan to the Strategy: explicit links from printed headings, suggestions for
the rest, and the people's confirmations. `suggest_crosswalk(revision)` is the one call the
plans app (or `manage.py suggest_crosswalk`) makes after a plan is published.

Evidence the suggester uses for a measure: its own text, plus the title of the task it sits
under when the plan prints its own tasks (headings that are not the Strategy's), and its
siblings: measures under one heading of the plan are nudged towards one goal; and the order of
the measures: the plan's unlinked measures, in document order, are decoded as one sequence
(consecutive measures tend to serve one goal; `planwatch.strategy.sequence`), so a suggestion's
score is the goal's posterior probability. Examples for each operational goal: measures of
other plans already linked to it, firmly (printed under its heading, or confirmed by a person).
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from planwatch.plans.models import Measure, Node, PlanRevision
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
    """Explicit links, suggestions and (unless a batch does it once) similar measures."""
    with transaction.atomic():
        explicit = link_explicit(revision)
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

    The document the plan implements is the one whose items its headings match most.
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
    """node id → (item, score) for headings whose title is an item's title at the same level."""
    by_level: dict[str, list[StrategyItem]] = defaultdict(list)
    for item in items:
        by_level[item.level].append(item)
    out = {}
    for node in nodes:
        candidates = by_level.get(KIND_LEVEL.get(node.kind, ""), [])
        scored = [(title_similarity(node.title, i.title), i) for i in candidates]
        score, item = max(scored, key=lambda t: t[0], default=(0, None))
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


# --- suggestions --------------------------------------------------------------------------


def suggest_for_revision(revision: PlanRevision, document: StrategyDocument | None = None) -> int:
    """Top-3 operational goals for each measure that has no firm link into the document."""
    document = document or StrategyDocument.objects.current()
    if document is None:
        return 0
    suggester = build_suggester(document, exclude_revision=revision)
    if suggester is None:
        return 0
    firm = Crosswalk.objects.firm().filter(item__document=document, measure__revision=revision)
    measures = list(
        Measure.objects.filter(revision=revision)
        .exclude(pk__in=firm.values("measure_id"))
        .select_related("node")
        .order_by("position")
    )
    # Headings that are items of this document are not the plan's own wording.
    explicit_nodes = set(
        Crosswalk.objects.filter(node__revision=revision, item__document=document).values_list(
            "node_id", flat=True
        )
    )
    texts = [evidence(m, explicit_nodes) for m in measures]
    groups = [m.node_id for m in measures]
    Crosswalk.objects.filter(
        measure__in=measures, item__document=document, source=Source.SUGGESTED
    ).delete()
    rejected = set(
        Crosswalk.objects.filter(
            measure__in=measures, item__document=document, source=Source.REJECTED
        ).values_list("measure_id", "item_id")
    )
    k = SUGGESTIONS_PER_MEASURE + len(rejected)
    links = []
    # Measures in document order: the plan's order is evidence too (strategy/sequence.py).
    ranked_all = suggester.suggest_many(texts, k, groups, sequence=True)
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


def evidence(measure: Measure, explicit_nodes: set[int]) -> str:
    """The measure's text, and its task's title when that task is the plan's own wording."""
    node = measure.node
    if node is not None and node.kind == "task" and node.pk not in explicit_nodes:
        return f"{measure.text} {node.title}"
    return measure.text


def build_suggester(document: StrategyDocument, exclude_revision=None) -> Suggester | None:
    goals = list(StrategyItem.objects.of(document).matrix_rows().prefetch_related("children"))
    if not goals:
        return None
    row_of = {g.pk: g.pk for g in goals}
    for goal in goals:
        for child in goal.children.all():
            row_of[child.pk] = goal.pk
    examples: dict[int, list[str]] = defaultdict(list)
    firm = Crosswalk.objects.firm().for_measures().filter(item__document=document)
    if exclude_revision is not None:
        firm = firm.exclude(measure__revision=exclude_revision)
    for item_id, text in firm.order_by("-pk").values_list("item_id", "measure__text")[
        :EXAMPLE_LIMIT
    ]:
        if item_id in row_of:
            examples[row_of[item_id]].append(text)
    targets = [
        Target(
            key=g.pk,
            headings=[g.title] + [c.title for c in g.children.all()],
            examples=examples[g.pk],
            group=g.parent_id,
        )
        for g in goals
    ]
    return Suggester(targets)


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


# --- the plan page's summary --------------------------------------------------------------


def job_state(revision: PlanRevision) -> tuple[str | None, object]:
    """("queued" | "failed" | "ready" | None, the latest job): suggestions being prepared,
    failed, made (a run newer than the latest job), or never asked for."""
    from planwatch.strategy.jobs import latest_job
    from planwatch.strategy.models import JobStatus

    job = latest_job(revision)
    run = CrosswalkRun.objects.filter(revision=revision).first()
    if run is not None and (job is None or run.finished_at >= job.created_at):
        return "ready", job
    if job is not None and job.status in (JobStatus.QUEUED, JobStatus.RUNNING):
        return "queued", job
    if job is not None and job.status == JobStatus.FAILED:
        return "failed", job
    return ("ready" if run is not None else None), job


def plan_summary(revision: PlanRevision, document: StrategyDocument) -> dict:
    """The state (`job_state`) and, when ready, how many measures are linked, and how their
    best suggestions fit (well / to check / no goal fits well)."""
    state, job = job_state(revision)
    if state != "ready":
        return {"state": state, "job": job}
    links = Crosswalk.objects.filter(measure__revision=revision, item__document=document)
    firm = set(links.firm().values_list("measure_id", flat=True))
    fits = [fit_of(best) for best in links.suggested().filter(rank=1).exclude(measure_id__in=firm)]
    return {
        "state": state,
        "measures": revision.measures.count(),
        "firm": len(firm),
        "good": fits.count(Fit.GOOD),
        "review": fits.count(Fit.REVIEW),
        "none": fits.count(Fit.NONE),
    }
