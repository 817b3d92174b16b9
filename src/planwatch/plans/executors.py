"""A published measure after a person edited its cells: fresh normalised values and
executor links, the same way an import would have produced them."""

from __future__ import annotations

from planwatch.importer.normalize.amounts import money_cells
from planwatch.plans import document as docs
from planwatch.plans.models import Measure, MeasureExecutor
from planwatch.plans.publish import parse_date
from planwatch.plans.resolve import Resolver


def renormalize_measure(measure: Measure, changed: set[str], period: dict | None) -> dict:
    """Recompute the normalised values of the changed cells; returns the measure as a dict."""
    cells = {
        "number": measure.number,
        "text": measure.text,
        "deadline": {"text": measure.deadline_text},
        "funding": {"text": measure.funding_text, **money_cells(measure.funding)},
        "executors": {"text": measure.executors_text},
        "indicator": {"text": measure.indicator_text},
        "warnings": [],
    }
    docs.renormalize(cells, period)
    if "deadline_text" in changed:
        deadline = {k: v for k, v in cells["deadline"].items() if k != "text"}
        measure.deadline = deadline
        measure.deadline_start = parse_date(deadline.get("start"))
        measure.deadline_end = parse_date(deadline.get("end"), end=True)
    if "funding_text" in changed:
        measure.funding = {k: v for k, v in cells["funding"].items() if k != "text"}
    if "indicator_text" in changed:
        measure.indicator = {k: v for k, v in cells["indicator"].items() if k != "text"}
    return cells


def relink_executors(measure: Measure, owner, organizations: list[dict]) -> None:
    resolver = Resolver(owner)
    measure.executor_links.all().delete()
    links, seen = [], set()
    for index, org in enumerate(organizations):
        target = resolver.resolve(docs.org_key(org), org)
        if target.pk not in seen:
            seen.add(target.pk)
            links.append(
                MeasureExecutor(
                    measure=measure,
                    organization=target,
                    name=org.get("name", "")[:300],
                    by_consent=bool(org.get("by_consent")),
                    position=index,
                )
            )
    MeasureExecutor.objects.bulk_create(links)
