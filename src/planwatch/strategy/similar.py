"""Similar measures in other plans, computed ahead of time into `SimilarMeasure` rows.

Why precomputed: the measure page must cost the same at 300 measures and at 150,000 — it
reads its k rows in one indexed query. The work happens off the request:
- `index_revision(revision)` after a plan is published: the new measures' neighbours among
  all current measures, and the new measures offered to the neighbours they are near;
- `refresh_all()` (`manage.py refresh_similar`) rebuilds everything, e.g. nightly or after a
  bulk load. `bench/bench_strategy.py` measures both at national scale.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.db import transaction

from planwatch.plans.models import Measure, PlanRevision
from planwatch.strategy.matching import SimilarityIndex, analyse
from planwatch.strategy.models import MeasureTerms, SimilarMeasure

K = 5
MIN_SCORE = 0.2


def current_index() -> SimilarityIndex:
    """All current measures, from cached lemmas; measures new or edited since are analysed."""
    rows = list(
        Measure.objects.current()
        .order_by("pk")
        .values_list(
            "pk", "revision__plan_id", "text", "strategy_terms__terms", "strategy_terms__text_hash"
        )
    )
    terms, fresh = [], []
    for pk, _plan, text, cached, cached_hash in rows:
        digest = text_hash(text)
        if cached is None or cached_hash != digest:
            cached = analyse(text)
            fresh.append(MeasureTerms(measure_id=pk, terms=cached, text_hash=digest))
        terms.append(cached)
    MeasureTerms.objects.bulk_create(
        fresh,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["measure"],
        update_fields=["terms", "text_hash"],
    )
    return SimilarityIndex([r[0] for r in rows], [r[1] for r in rows], terms, analysed=True)


def text_hash(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def index_revision(revision: PlanRevision, index: SimilarityIndex | None = None) -> int:
    """Neighbours for the revision's measures, and a fresh look for the measures they touch."""
    index = index or current_index()
    new_ids = list(revision.measures.values_list("pk", flat=True))
    found = index.nearest(new_ids, k=K, min_score=MIN_SCORE)
    touched = {n.key for neighbours in found.values() for n in neighbours}
    # Measures whose lists point at the plan's earlier revisions: those lists went stale.
    touched |= set(
        SimilarMeasure.objects.filter(other__revision__plan_id=revision.plan_id)
        .exclude(other__revision=revision)
        .values_list("measure_id", flat=True)
    )
    found.update(index.nearest(touched, k=K, min_score=MIN_SCORE))
    store(found)
    return len(found)


def refresh_all(index: SimilarityIndex | None = None) -> int:
    index = index or current_index()
    found = index.nearest(index.keys, k=K, min_score=MIN_SCORE)
    with transaction.atomic():
        SimilarMeasure.objects.exclude(measure_id__in=found.keys()).delete()
        store(found)
    return len(found)


def store(found: dict) -> None:
    """Replace the rows of every measure in `found`, in bulk."""
    with transaction.atomic():
        for chunk in _chunks(list(found), 900):
            SimilarMeasure.objects.filter(measure_id__in=chunk).delete()
        SimilarMeasure.objects.bulk_create(
            (
                SimilarMeasure(measure_id=key, other_id=n.key, score=n.score, rank=rank)
                for key, neighbours in found.items()
                for rank, n in enumerate(neighbours, start=1)
            ),
            batch_size=2000,
        )


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
