"""Uploads that take long to read (scanned PDFs: OCR) are parsed by a job worker.

The database is the queue (`planwatch.lib.dbqueue`): a draft in ``queued`` state is a job.
A worker claims one, reports progress on the row as it goes, and leaves the draft ``ready``
for review or ``failed`` with the reason. No broker. A file that kills its worker (or runs it
out of memory under `planwatch.lib.memcap`) fails after three attempts, with a message saying so.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from planwatch.importer import PlanImportError
from planwatch.lib.dbqueue import DbQueue
from planwatch.plans import uploads
from planwatch.plans.imports import fill_draft, parse_upload_with_rows
from planwatch.plans.models import DraftStatus, ImportDraft, ParseStatus

log = logging.getLogger(__name__)

QUEUE = DbQueue(
    ImportDraft,
    status="parse_status",
    queued=ParseStatus.QUEUED,
    running=ParseStatus.RUNNING,
    failed=ParseStatus.FAILED,
    started_at="parse_started_at",
    progress="parse_progress",
    step="parse_step",
    error="parse_error",
    gave_up=ngettext_lazy(
        "The file could not be processed after %(attempts)s attempt: the processing kept "
        "stopping (probably out of memory or time). Check the file or contact the administrator.",
        "The file could not be processed after %(attempts)s attempts: the processing kept "
        "stopping (probably out of memory or time). Check the file or contact the administrator.",
        "attempts",
    ),
    waiting={"status": DraftStatus.PENDING},  # a discarded draft is not read
    related=("owner", "plan"),
)
OUT_OF_MEMORY = _(
    "The file needs more memory to read than the server allows for one job. "
    "Check the file or contact the administrator."
)


def claim_next() -> ImportDraft | None:
    """The oldest queued draft, now ``running`` and ours; None when the queue is empty."""
    return QUEUE.claim_next()


def requeue_stale() -> int:
    return QUEUE.requeue_stale()


def run_job(draft: ImportDraft) -> bool:
    """Parse one claimed draft. True when it is ready for review."""

    def progress(done: int, total: int, what: str) -> None:
        QUEUE.report(draft.pk, min(99, int(done * 100 / max(total, 1))), what)

    try:
        with translation.override(settings.LANGUAGE_CODE):  # its message is kept for later
            data = uploads.read(draft)
        doc, rows = parse_upload_with_rows(data, draft.file_name, progress)
    except uploads.StoredFileError as exc:
        _fail(draft, str(exc))
        return False
    except PlanImportError as exc:
        _fail(draft, str(exc))
        return False
    except MemoryError:
        log.warning("import job %s: out of memory", draft.pk)
        with translation.override(settings.LANGUAGE_CODE):
            _fail(draft, str(OUT_OF_MEMORY))
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
    return QUEUE.run_pending(run_job, limit)
