"""Every change of a draft under review is kept, so the person can undo it (the last one first,
as many times as they like). The one writer of `ImportDraft.document` after upload."""

from __future__ import annotations

import copy
from collections.abc import Callable

from django.db import transaction

from planwatch.plans.models import DraftChange, ImportDraft

KEEP = 50  # changes kept per draft; older ones cannot be undone any more


def apply_change(draft: ImportDraft, user, action: str, label: str, edit: Callable[[dict], object]):
    """Run ``edit(document)`` on a copy; save it with the old document in the history.

    The draft row is locked and read afresh first: two tabs editing at once apply one after
    the other instead of the later save losing the earlier edit. An edit that raises (a
    DocumentError, say) leaves the draft and its history as they were.
    """
    with transaction.atomic():
        _lock(draft)
        before = draft.document
        after = copy.deepcopy(before)
        result = edit(after)
        if after == before:
            return result  # nothing changed: nothing to undo
        _record(draft, user, action, label, before)
        draft.document = after
        draft.save(update_fields=["document"])
    return result


def _lock(draft: ImportDraft) -> None:
    fresh = (
        ImportDraft.objects.select_for_update()
        .only("document", "executor_map", "source_rows")
        .get(pk=draft.pk)
    )
    draft.document, draft.executor_map = fresh.document, fresh.executor_map
    draft.source_rows = fresh.source_rows


def record_mapping(draft: ImportDraft, user, label: str, mapping: dict) -> None:
    """The executor mapping is part of what publish uses: its changes are undoable too."""
    with transaction.atomic():
        _lock(draft)
        if mapping == draft.executor_map:
            return
        _record(draft, user, "executors", label, draft.document)
        draft.executor_map = mapping
        draft.save(update_fields=["executor_map"])


def replace_document(draft: ImportDraft, user, label: str, document: dict, rows: dict) -> None:
    """A re-read of the file replaces the document and its source rows; undo brings both back."""
    with transaction.atomic():
        _lock(draft)
        _record(draft, user, "reread", label, draft.document, rows=draft.source_rows)
        draft.document, draft.source_rows = document, rows
        draft.save(update_fields=["document", "source_rows"])


def _record(draft, user, action, label, document, rows=None) -> None:
    DraftChange.objects.create(
        draft=draft,
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        label=str(label)[:300],
        document=document,
        executor_map=draft.executor_map,
        source_rows=rows,
    )
    old = draft.changes.order_by("-pk").values_list("pk", flat=True)[KEEP:]
    DraftChange.objects.filter(pk__in=list(old)).delete()


def undo(draft: ImportDraft) -> DraftChange | None:
    """Put back the draft as it was before its newest change; None when there is none."""
    with transaction.atomic():
        _lock(draft)
        change = draft.changes.order_by("-pk").first()
        if change is None:
            return None
        draft.document, draft.executor_map = change.document, change.executor_map
        fields = ["document", "executor_map"]
        if change.source_rows is not None:
            draft.source_rows = change.source_rows
            fields.append("source_rows")
        draft.save(update_fields=fields)
        change.delete()
    return change


def recent(draft: ImportDraft, limit: int = 10) -> list[DraftChange]:
    return list(draft.changes.select_related("user").order_by("-pk")[:limit])
