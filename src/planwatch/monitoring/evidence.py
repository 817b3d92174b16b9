"""Evidence files: PDF, images and .docx, size-capped and recognised by their bytes.

The name a browser sends is not trusted: the first bytes decide the type, and the extension
must agree with them (a renamed .exe is refused, and so is a .pdf that is really a zip).
Files live in the "evidence" storage (a folder outside static/media, `PLANWATCH_EVIDENCE_ROOT`,
or the S3 bucket's evidence/ prefix) and are served only through a view that checks who is
asking, streamed from the storage.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from planwatch.lib.storage import named

MAX_FILES_PER_REPORT = 10
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
EXTENSIONS = {"pdf": {".pdf"}, "png": {".png"}, "jpg": {".jpg", ".jpeg"}, "docx": {".docx"}}


def max_bytes() -> int:
    return int(getattr(settings, "PLANWATCH_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))


def evidence_storage() -> Storage:
    """The "evidence" storage of STORAGES (a folder, or a prefix of the S3 bucket)."""
    return named("evidence")


def evidence_upload_to(instance, filename: str) -> str:
    """A random name: the original one is kept in the row, never used as a path."""
    return f"{instance.report_id}/{uuid.uuid4().hex}.{instance.kind}"


def sniff(head: bytes, data_for_zip) -> str | None:
    """The evidence kind the bytes are, or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"PK\x03\x04") and _is_docx(data_for_zip):
        return "docx"
    return None


def _is_docx(fileobj) -> bool:
    """A zip holding word/document.xml, and not a zip bomb (by the importer's limits on
    members, inflated size and compression ratio: whoever opens it later is safe too)."""
    from planwatch.importer import PlanImportError
    from planwatch.importer.safety import check_zip

    try:
        with zipfile.ZipFile(fileobj) as archive:
            check_zip(archive, "evidence")
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, PlanImportError):
        return False


def check_size(upload, limit: int) -> None:
    """ValidationError naming the file, its size and the limit when it is over `limit` bytes."""
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; the limit is %(limit)s.")
            % {
                "name": upload.name or "",
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            }
        )


def check_upload(upload) -> str:
    """The kind of an uploaded file, or ValidationError with a message a person can act on."""
    name = upload.name or ""
    check_size(upload, max_bytes())
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    kind = sniff(head, io.BytesIO(upload.read()) if head.startswith(b"PK") else None)
    upload.seek(0)
    if kind is None or Path(name).suffix.lower() not in EXTENSIONS[kind]:
        raise ValidationError(
            _("“%(name)s” is not a PDF, PNG, JPEG or .docx file.") % {"name": name}
        )
    return kind
