"""Read a draft's stored file again with the column roles a person chose (the importer misread
a column). The plan's details the person may have corrected are kept."""

from __future__ import annotations

import inspect

from django.utils.translation import gettext as _

from planwatch.importer import PlanImportError, parse_document
from planwatch.plans import document as docs
from planwatch.plans import uploads
from planwatch.plans.imports import check_size, is_slow_upload, source_rows
from planwatch.plans.models import ImportDraft

KEPT = ("title", "issuer", "approval", "period")


class RereadError(ValueError):
    """The stored file cannot be read again here (the message is for the person)."""


def supports_column_roles() -> bool:
    """The importer takes ``column_roles`` (added with `source_columns`); older ones do not."""
    return "column_roles" in inspect.signature(parse_document).parameters


def source_columns(doc: dict) -> list[dict]:
    """The source table's columns as the importer read them: index, header, role."""
    out = []
    for column in doc.get("source_columns") or []:
        if isinstance(column, dict) and isinstance(column.get("index"), int):
            out.append(column)
    return out


def reread(draft: ImportDraft, roles: dict[int, str]) -> tuple[dict, dict]:
    """(prepared document, source rows) from the stored file read with ``roles``.

    Raises RereadError (or the importer's PlanImportError) when the file cannot be read so: a
    scanned PDF is read by the job worker only, tens of seconds are too long for a request."""
    try:
        data, name = uploads.read(draft), draft.file_name
    except uploads.StoredFileError as exc:
        raise RereadError(str(exc)) from None
    if is_slow_upload(data, name):
        raise RereadError(_("A scanned file cannot be read again here: upload it again."))
    check_size(data, name)
    doc, grid = parse_document(data, name, column_roles=roles)
    if not isinstance(doc, dict) or not isinstance(doc.get("nodes"), list):
        raise PlanImportError("the importer returned no plan", source=name)
    for key in KEPT:
        if key in draft.document:
            doc[key] = draft.document[key]
    return docs.prepare(doc), source_rows(grid, data, doc)
