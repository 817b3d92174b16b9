"""Uploads that take long to read (scanned PDFs: OCR) are parsed by a job worker.

The database is the queue: a draft in ``queued`` state is a job. A worker claims one with a
conditional UPDATE (only one worker wins it), reports progress on the row as it goes, and
leaves the draft ``ready`` for review or ``failed`` with the reason. No broker.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from planwatch.importer import PlanImportError
from planwatch.plans.imports import fill_draft, parse_upload_with_rows
from planwatch.plans.models import DraftStatus, ImportDraft, ParseStatus

log = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=15)  # a worker killed mid-job: its draft is taken up again


def claim_next() -> ImportDraft | None:
    """The oldest queued draft, now ``running`` and ours; None when the queue is empty."""
    requeue_stale()
    candidates = ImportDraft.objects.filter(
        parse_status=ParseStatus.QUEUED, status=DraftStatus.PENDING
    ).order_by("created_at", "pk")
    for pk in candidates.values_list("pk", flat=True)[:5]:
        won = ImportDraft.objects.filter(pk=pk, parse_status=ParseStatus.QUEUED).update(
            parse_status=ParseStatus.RUNNING, parse_started_at=timezone.now(), parse_progress=0
        )
        if won:
            return ImportDraft.objects.select_related("owner", "plan").get(pk=pk)
    return None


def requeue_stale() -> int:
    cutoff = timezone.now() - STALE_AFTER
    return ImportDraft.objects.filter(
        parse_status=ParseStatus.RUNNING, parse_started_at__lt=cutoff
    ).update(parse_status=ParseStatus.QUEUED, parse_step="")


def run_job(draft: ImportDraft) -> bool:
    """Parse one claimed draft. True when it is ready for review."""

    def progress(done: int, total: int, what: str) -> None:
        percent = min(99, int(done * 100 / max(total, 1)))
        ImportDraft.objects.filter(pk=draft.pk).update(parse_progress=percent, parse_step=what)

    try:
        doc, rows = parse_upload_with_rows(bytes(draft.file_data), draft.file_name, progress)
    except PlanImportError as exc:
        _fail(draft, str(exc))
        return False
    except Exception as exc:  # noqa: BLE001 — an importer bug fails the job, not the worker
        log.exception("import job %s failed", draft.pk)
        _fail(draft, f"the file could not be read ({type(exc).__name__})")
        return False
    with transaction.atomic():
        current = ImportDraft.objects.select_for_update().filter(pk=draft.pk).first()
        if current is None or not current.is_pending:
            return False  # discarded while it was being read
        fill_draft(draft, doc, rows)
        draft.parse_step = ""
        draft.save(update_fields=READY_FIELDS)
    return True


READY_FIELDS = [
    "document",
    "source_rows",
    "plan",
    "executor_map",
    "parse_status",
    "parse_progress",
    "parse_step",
]


def _fail(draft: ImportDraft, message: str) -> None:
    ImportDraft.objects.filter(pk=draft.pk).update(
        parse_status=ParseStatus.FAILED, parse_error=message[:2000], parse_step=""
    )


def run_pending(limit: int | None = None) -> int:
    """Work through the queue; returns how many jobs ran."""
    done = 0
    while limit is None or done < limit:
        draft = claim_next()
        if draft is None:
            break
        run_job(draft)
        done += 1
    return done
