"""The plan's monitoring reports for citizens: the same documents the administration sends,
made from accepted reports only, with personal data taken out of what executors wrote."""

from __future__ import annotations

import dataclasses
import datetime as dt
from contextlib import ExitStack

from django.core.cache import cache

from planwatch.lib import slots
from planwatch.monitoring.periods import ReportPeriod, years_so_far
from planwatch.plan_reports.dataset import MeasureRow, ReportDataset, build_dataset
from planwatch.plan_reports.render import FORMATS, render
from planwatch.plans.models import Plan
from planwatch.public.redact import redact

CACHE_SECONDS = 60 * 60  # repeated downloads of an unchanged report cost one query
# A document is built inside the request (a PDF ~10 s); anonymous visitors must not be able
# to hold every server thread with it. So each document is built by one request at a time,
# one address builds at most CLIENT_BUILDS at once and the whole site SITE_BUILDS; any other
# request is told the document is being prepared (`Preparing`) and to come back.
CLIENT_BUILDS = 2
SITE_BUILDS = 2
BUILD_SECONDS = 300  # a slot held longer than this lost its request (worker killed)


class Preparing(Exception):
    """The document is being built by another request, or too many are being built now."""


def report_periods(plan: Plan, today: dt.date) -> list[tuple[str, str]]:
    """(label, title) of what the public page offers (`periods.years_so_far`)."""
    revision = plan.current_revision
    return years_so_far(revision.period_start, revision.period_end, today)


def public_report(
    plan: Plan, label: str, fmt: str, today: dt.date, client: str = ""
) -> bytes | None:
    """The document bytes, or None for a period or format that is not offered; raises
    `Preparing` when it is not cached and may not be built by this request now."""
    if fmt not in FORMATS or label not in dict(report_periods(plan, today)):
        return None
    key = f"public-report:{plan.pk}:{plan.current_revision_id}:{label}:{fmt}:{today}:{_stamp(plan)}"
    data = cache.get(key)
    if data is not None:
        return data
    with ExitStack() as held:
        for name, capacity in (
            (f"doc:{key}", 1),
            (f"client:{client}", CLIENT_BUILDS),
            ("public-builds", SITE_BUILDS),
        ):
            if not held.enter_context(slots.claim(name, capacity, BUILD_SECONDS)):
                raise Preparing(name)
        data = cache.get(key)  # the slot's previous holder may have built it
        if data is None:
            period = ReportPeriod.parse(label, today, plan.current_revision.period_start)
            data = render(without_personal_data(build_dataset(plan, period, today)), fmt)
            cache.set(key, data, CACHE_SECONDS)
    return data


def without_personal_data(dataset: ReportDataset) -> ReportDataset:
    """Executors' texts may name people or give phone numbers: the public copy drops them."""
    rows = [_redacted(r) if isinstance(r, MeasureRow) else r for r in dataset.rows]
    return dataclasses.replace(dataset, rows=rows)


def _redacted(row: MeasureRow) -> MeasureRow:
    notes = [dataclasses.replace(n, narrative=redact(n.narrative)) for n in row.notes]
    return dataclasses.replace(row, notes=notes)


def _stamp(plan: Plan) -> str:
    """Changes whenever a report of the plan changes, so a cached document is never stale."""
    from django.db.models import Count, Max

    from planwatch.monitoring.models import ExecutionReport

    agg = ExecutionReport.objects.filter(expected__plan=plan).aggregate(
        n=Count("pk"), last=Max("updated_at")
    )
    return f"{agg['n']}-{agg['last'].timestamp() if agg['last'] else 0}"
