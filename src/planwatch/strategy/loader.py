"""Seed the Strategy reference from the headings sample plans print (`manage.py load_strategy`).

Loading twice changes nothing; an item an admin renamed keeps the admin's title, and items an
admin added stay. The 2024–2028 Strategy comes from plans 000 and 001 (000 first: it keeps
the Strategy's own numbers), the 2017 National strategy from what the oblast plan 002 prints
(its sections and tasks — the regional plan's structure, the closest the samples come).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from planwatch.importer import parse_file
from planwatch.strategy.models import CrosswalkRun, Level, StrategyDocument, StrategyItem
from planwatch.strategy.outline import LEVELS, SECTION_LEVELS, outline
from planwatch.strategy.reference import RefItem, build_reference

# The importer's node kinds → the reference's levels.
KIND_LEVEL = {
    "strategic_goal": Level.STRATEGIC_GOAL,
    "operational_goal": Level.OPERATIONAL_GOAL,
    "task": Level.TASK,
    "section": Level.DIRECTION,
}


@dataclass(frozen=True)
class DocumentSpec:
    code: str
    title: str
    short_title: str
    approved_by: str
    period: tuple[int, int]
    is_current: bool
    samples: tuple[str, ...]  # file name prefixes under the samples' text/ folder
    levels: tuple[str, ...]


STRATEGY_2024 = DocumentSpec(
    code="strategy-2024-2028",
    title=(
        "Стратегія забезпечення права кожної дитини в Україні на зростання в сімейному "
        "оточенні на 2024–2028 роки"
    ),
    short_title="Стратегія 2024–2028",
    approved_by="розпорядження Кабінету Міністрів України від 26.11.2024 № 1201-р",
    period=(2024, 2028),
    is_current=True,
    samples=("000", "001"),
    levels=LEVELS,
)
STRATEGY_2017 = DocumentSpec(
    code="national-strategy-2017-2026",
    title=(
        "Національна стратегія реформування системи інституційного догляду та виховання "
        "дітей на 2017–2026 роки"
    ),
    short_title="Національна стратегія 2017–2026",
    approved_by="розпорядження Кабінету Міністрів України від 09.08.2017 № 526-р",
    period=(2017, 2026),
    is_current=False,
    samples=("002",),
    levels=SECTION_LEVELS,
)
DOCUMENTS = (STRATEGY_2024, STRATEGY_2017)


def sample_files(samples_dir: Path, spec: DocumentSpec) -> list[Path]:
    """The text renderings of the spec's sample plans, in the spec's order."""
    files = []
    for prefix in spec.samples:
        files += sorted((samples_dir / "text").glob(f"{prefix}-*.txt"))[:1]
    return files


def load_document(spec: DocumentSpec, files: list[Path]) -> StrategyDocument:
    outlines = [outline(parse_file(path, normalize=False), spec.levels) for path in files]
    tree = build_reference(outlines, [path.name for path in files])
    with transaction.atomic():
        document, _ = StrategyDocument.objects.update_or_create(
            code=spec.code,
            defaults={
                "title": spec.title,
                "short_title": spec.short_title,
                "approved_by": spec.approved_by,
                "period_start": spec.period[0],
                "period_end": spec.period[1],
                "is_current": spec.is_current,
            },
        )
        if save_tree(document, tree):
            # The reference grew: every plan goes back on the crosswalk queue.
            from planwatch.strategy.jobs import enqueue_current

            CrosswalkRun.objects.all().delete()
            enqueue_current()
    return document


def save_tree(document: StrategyDocument, tree: list[RefItem]) -> int:
    """Create the items the document lacks; returns how many were created."""
    existing = {i.number: i for i in StrategyItem.objects.filter(document=document)}
    created = 0
    position = 0

    def walk(items: list[RefItem], parent: StrategyItem | None) -> None:
        nonlocal created, position
        for ref in items:
            position += 1
            item = existing.get(ref.number)
            if item is None:
                item = StrategyItem.objects.create(
                    document=document,
                    parent=parent,
                    level=KIND_LEVEL[ref.level],
                    number=ref.number,
                    title=ref.title,
                    position=position * 10,
                    added_from=ref.added_from[:200],
                )
                created += 1
            walk(ref.children, item)

    walk(tree, None)
    return created


def load_demo_strategy(stdout=None) -> None:
    """For `load_demo`: both reference documents, then links for every published plan."""
    from planwatch.strategy.crosswalk import pending_revisions, suggest_crosswalk_batch

    samples = Path(getattr(settings, "PLANWATCH_SAMPLES_DIR", ""))
    for spec in DOCUMENTS:
        files = sample_files(samples, spec)
        if files:
            load_document(spec, files)
    revisions = list(pending_revisions())
    for revision, run in zip(revisions, suggest_crosswalk_batch(revisions), strict=True):
        if stdout is not None:
            stdout.write(
                f"Strategy links for plan {revision.plan_id}: {run.explicit} printed, "
                f"{run.suggested} suggested"
            )
