"""Reports are made by a job worker (`manage.py run_report_jobs`); the database is the queue.

A worker claims the oldest queued `ReportFile` (`planwatch.lib.dbqueue`: a conditional
UPDATE, only one worker wins), writes progress on the row as it goes, and leaves the row
``done`` with its file or ``failed`` with the reason. No broker. A job whose worker died
(running for longer than 15 minutes) is queued again, at most three times in all.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from planwatch.lib.dbqueue import DbQueue
from planwatch.monitoring.periods import ReportPeriod
from planwatch.plan_reports.dataset import build_dataset
from planwatch.plan_reports.models import JobStatus, ReportFile
from planwatch.plan_reports.render import DOCUMENT_LANGUAGE, render
from planwatch.plans.models import Plan

log = logging.getLogger(__name__)

QUEUE = DbQueue(
    ReportFile,
    status="status",
    queued=JobStatus.QUEUED,
    running=JobStatus.RUNNING,
    failed=JobStatus.FAILED,
    started_at="started_at",
    progress="progress",
    step="step",
    error="error",
    gave_up=ngettext_lazy(
        "The report could not be made after %(attempts)s attempt: the work kept stopping "
        "(probably out of memory or time). Try a shorter period or contact the administrator.",
        "The report could not be made after %(attempts)s attempts: the work kept stopping "
        "(probably out of memory or time). Try a shorter period or contact the administrator.",
        "attempts",
    ),
    related=("plan__owner", "plan__current_revision"),
    failed_fields={"finished_at": timezone.now},
)
OUT_OF_MEMORY = _(
    "The report needed more memory than the server allows for one job. "
    "Try a shorter period or contact the administrator."
)


def enqueue(plan: Plan, period: str, fmt: str, user, today: dt.date) -> ReportFile:
    return ReportFile.objects.create(
        plan=plan, period=period, format=fmt, made_by=user, made_on=today
    )


def claim(pk: int) -> ReportFile | None:
    """This job, now ``running`` and ours; None when another worker has it already."""
    return QUEUE.claim(pk)


def claim_next() -> ReportFile | None:
    """The oldest queued job, claimed; None when the queue is empty."""
    return QUEUE.claim_next()


def requeue_stale() -> int:
    return QUEUE.requeue_stale()


def _progress(job: ReportFile, percent: int, step: str) -> None:
    QUEUE.report(job.pk, percent, step)


def run_job(job: ReportFile) -> bool:
    """Make one claimed job's document. True when it is done."""
    today = job.made_on or timezone.localdate()
    plan = job.plan
    try:
        with translation.override(DOCUMENT_LANGUAGE):
            first_year = plan.current_revision.period_start if plan.current_revision else None
            period = ReportPeriod.parse(job.period, today, first_year)
            if period is None:
                raise ValueError(f"bad period {job.period!r}")
            _progress(job, 10, "dataset")
            dataset = build_dataset(plan, period, today, linked=True)
            _progress(job, 40, job.format)
            data = render(dataset, job.format)
    except MemoryError:
        log.warning("report job %s: out of memory", job.pk)
        _finish(job, JobStatus.FAILED, error=_in_site_language(OUT_OF_MEMORY))
        return False
    except Exception as exc:  # noqa: BLE001 — a renderer bug fails the job, not the worker
        log.exception("report job %s failed", job.pk)
        _finish(job, JobStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000])
        return False
    _progress(job, 95, "saving")
    job.file.save(job.download_name, ContentFile(data), save=False)
    _finish(job, JobStatus.DONE, file=job.file.name, size=len(data), progress=100)
    return True


def _in_site_language(text) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


def _finish(job: ReportFile, status: str, **fields) -> None:
    ReportFile.objects.filter(pk=job.pk).update(
        status=status, step="", finished_at=timezone.now(), **fields
    )


def run_pending(limit: int | None = None) -> int:
    """Work through the queue; returns how many jobs ran."""
    return QUEUE.run_pending(run_job, limit)
