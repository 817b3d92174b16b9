"""Strategy suggestions are made by a job worker; the database is the queue.

Publishing a plan (or a new revision) queues a `CrosswalkJob` for the revision, in the
publish's own transaction (a signal on the plan's audit entry, `strategy.signals`). A worker
claims it through `planwatch.lib.dbqueue` and runs `crosswalk.suggest_crosswalk`: explicit
links, top-3 suggestions for every other measure, similar measures — and encodes the
revision's measure texts for plan-to-plan links (`strategy.embeddings`: seconds per plan, paid
here so a links page reads them from the cache). `run_report_jobs` runs
this queue after its own, so `make run` needs no third process.
"""

from __future__ import annotations

import logging
import time

from django.utils import timezone
from django.utils.translation import ngettext_lazy

from planwatch.lib.dbqueue import DbQueue
from planwatch.plans.models import Measure, PlanRevision
from planwatch.strategy import embeddings
from planwatch.strategy.crosswalk import Fit, fit_of, suggest_crosswalk
from planwatch.strategy.models import (
    Crosswalk,
    CrosswalkJob,
    CrosswalkRun,
    JobStatus,
    StrategyDocument,
)

log = logging.getLogger(__name__)

QUEUE = DbQueue(
    CrosswalkJob,
    status="status",
    queued=JobStatus.QUEUED,
    running=JobStatus.RUNNING,
    failed=JobStatus.FAILED,
    started_at="started_at",
    progress="progress",
    step="step",
    error="error",
    gave_up=ngettext_lazy(
        "The Strategy suggestions could not be made after %(attempts)s attempt; "
        "contact the administrator.",
        "The Strategy suggestions could not be made after %(attempts)s attempts; "
        "contact the administrator.",
        "attempts",
    ),
    related=("revision",),
    failed_fields={"finished_at": timezone.now},
)


def enqueue(revision: PlanRevision) -> CrosswalkJob:
    """Queue the revision once: a job already waiting for it is reused."""
    waiting = CrosswalkJob.objects.filter(
        revision=revision, status__in=(JobStatus.QUEUED, JobStatus.RUNNING)
    ).first()
    return waiting or CrosswalkJob.objects.create(revision=revision)


def run_job(job: CrosswalkJob) -> bool:
    """Suggestions for one claimed job's revision. True when done."""
    started = time.perf_counter()
    try:
        if _wanted(job):
            QUEUE.report(job.pk, 10, "suggest")
            suggest_crosswalk(job.revision)
        if job.revision.is_current:  # also when a batch made the suggestions meanwhile
            QUEUE.report(job.pk, 80, "embed")
            embed_revision(job.revision)
    except Exception as exc:  # noqa: BLE001 — one bad plan fails its job, not the worker
        log.exception("strategy job %s failed", job.pk)
        _finish(job, JobStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000])
        return False
    _finish(job, JobStatus.DONE, progress=100, seconds=round(time.perf_counter() - started, 3))
    return True


def embed_revision(revision: PlanRevision) -> int:
    """The revision's measure texts into the embeddings cache; returns how many were new."""
    return embeddings.index(
        Measure.objects.filter(revision=revision).values_list("text", flat=True)
    )


def _wanted(job: CrosswalkJob) -> bool:
    """Not for an older revision (never shown), nor one a batch (`load_demo`, the command)
    has processed since the job was queued."""
    if not job.revision.is_current:
        return False
    return not CrosswalkRun.objects.filter(
        revision=job.revision, finished_at__gte=job.created_at
    ).exists()


def enqueue_current() -> int:
    """Every current revision back on the queue (the reference grew)."""
    waiting = CrosswalkJob.objects.filter(status=JobStatus.QUEUED).values("revision_id")
    revisions = PlanRevision.objects.filter(is_current=True).exclude(pk__in=waiting)
    jobs = CrosswalkJob.objects.bulk_create(CrosswalkJob(revision=r) for r in revisions)
    return len(jobs)


def _finish(job: CrosswalkJob, status: str, **fields) -> None:
    CrosswalkJob.objects.filter(pk=job.pk).update(
        status=status, step="", finished_at=timezone.now(), **fields
    )


def run_pending(limit: int | None = None) -> int:
    """Work through the queue; returns how many jobs ran."""
    return QUEUE.run_pending(run_job, limit)


def latest_job(revision: PlanRevision) -> CrosswalkJob | None:
    return CrosswalkJob.objects.filter(revision=revision).order_by("-created_at", "-pk").first()


# --- the plan page's summary --------------------------------------------------------------


def job_state(revision: PlanRevision) -> tuple[str | None, object]:
    """("queued" | "failed" | "ready" | None, the latest job): suggestions being prepared,
    failed, made (a run newer than the latest job), or never asked for."""
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
