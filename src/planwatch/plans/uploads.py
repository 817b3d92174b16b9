"""Uploaded plan documents: kept in the "uploads" storage (a folder, or the S3 bucket's
uploads/ prefix), never in the database and never on one server's disk only.

A draft keeps the file's storage name (`ImportDraft.file`) and its sha256 (`file_sha256`),
written once at upload. Every read (the job worker's OCR, a re-read with other column roles, a
scanned cell's picture) goes through `read`, which checks the bytes against that checksum: a
file that vanished from the storage, or whose bytes changed there, gives a clear message, never
a plan read from the wrong bytes. The file goes when the draft is discarded or deleted; a
published draft keeps it (the plan's source document, as before).

Its own storage rather than "default": uploads are private, sized and kept differently from
anything else (an operator can give the prefix its own lifecycle rules), and a backup lists
them under their own field.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.utils.translation import gettext as _

from planwatch.lib.storage import named

log = logging.getLogger(__name__)


class StoredFileError(Exception):
    """The draft's file cannot be read as it was uploaded (the message is for the person)."""


def upload_storage() -> Storage:
    """The "uploads" storage of STORAGES (a folder, or a prefix of the S3 bucket)."""
    return named("uploads")


def upload_to(instance, filename: str) -> str:
    """A random name: the original one stays in `file_name`, never used as a path."""
    suffix = PurePath(filename).suffix.lower()
    if not suffix[1:].isalnum() or len(suffix) > 10:
        suffix = ""
    return f"drafts/{uuid.uuid4().hex}{suffix}"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store(draft, data: bytes) -> None:
    """Put the upload into the storage and its checksum on the (unsaved) draft."""
    draft.file_sha256 = sha256(data)
    draft.file.save(draft.file_name or "upload", ContentFile(data), save=False)


def save_with(draft, data: bytes) -> None:
    """Store the file, then save the draft; a failed save takes the file back out."""
    store(draft, data)
    try:
        draft.save()
    except BaseException:
        upload_storage().delete(draft.file.name)
        raise


def read(draft) -> bytes:
    """The uploaded bytes, checked against the draft's sha256; StoredFileError if not there."""
    name = draft.file.name if draft.file else ""
    if not name:
        raise StoredFileError(_("The uploaded file is no longer stored."))
    storage = upload_storage()
    try:
        with storage.open(name, "rb") as fh:
            data = fh.read()
    except Exception as exc:  # noqa: BLE001 — disk and S3 say "not there" differently
        if _exists(storage, name):
            raise  # there but unreadable (a network error): not the person's problem
        log.warning("draft %s: %s is missing from the uploads storage (%s)", draft.pk, name, exc)
        raise StoredFileError(
            _(
                "The uploaded file “%(name)s” is missing from the file storage. "
                "Upload the plan again."
            )
            % {"name": draft.file_name}
        ) from None
    if sha256(data) != draft.file_sha256:
        log.warning("draft %s: %s does not match its sha256", draft.pk, name)
        raise StoredFileError(
            _(
                "The uploaded file “%(name)s” has changed in the file storage since it was "
                "uploaded (its checksum differs). Upload the plan again."
            )
            % {"name": draft.file_name}
        )
    return data


def _exists(storage: Storage, name: str) -> bool:
    try:
        return storage.exists(name)
    except Exception:  # noqa: BLE001 — cannot tell: treat as an error, not as missing
        return True


def forget(draft) -> None:
    """Drop the draft's file (after the transaction commits); the caller saves the draft."""
    name = draft.file.name if draft.file else ""
    draft.file = ""
    draft.file_sha256 = ""
    if name:
        delete_later(name)


def delete_later(name: str) -> None:
    """Delete a stored upload once the deletion of its row is committed (a rollback keeps it)."""

    def delete() -> None:
        try:
            upload_storage().delete(name)
        except Exception:  # noqa: BLE001 — a leftover object is harmless; say so in the log
            log.warning("could not delete the upload %s from the storage", name, exc_info=True)

    transaction.on_commit(delete)
