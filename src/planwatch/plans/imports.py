"""Upload → draft: the one code path behind the upload form and `manage.py import_plan`."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from planwatch.importer import PlanImportError, needs_background, parse_document
from planwatch.lib.text import name_key
from planwatch.orgs.models import Organization
from planwatch.plans import document as docs
from planwatch.plans import uploads
from planwatch.plans.models import ImportDraft, ParseStatus, Plan
from planwatch.plans.resolve import Resolver


def parse_upload(data: bytes, name: str) -> dict:
    """Parse and prepare a document; raises PlanImportError with a readable message."""
    return parse_upload_with_rows(data, name)[0]


def parse_upload_with_rows(data: bytes, name: str, progress=None) -> tuple[dict, dict]:
    """(prepared document, source rows for the review page) from one read of the file."""
    check_size(data, name)
    doc, grid = parse_document(data, name, progress=progress)
    if not isinstance(doc, dict) or not isinstance(doc.get("nodes"), list):
        raise PlanImportError("the importer returned no plan", source=name)
    return docs.prepare(doc), source_rows(grid, data, doc)


@dataclass
class Upload:
    """One read of an uploaded file: the prepared document and its source rows, or — for a
    scan (`deferred`) — nothing yet: the job worker reads it."""

    data: bytes
    document: dict | None
    rows: dict
    deferred: bool


class UnreadableUpload(Exception):
    """The file could not be read; the message says so in the user's language."""


def read_upload(data: bytes, name: str) -> Upload:
    """The upload form's read of the file (in the request, outside any transaction)."""
    if is_slow_upload(data, name):
        return Upload(data, None, {}, deferred=True)
    try:
        document, rows = parse_upload_with_rows(data, name)
    except PlanImportError as exc:
        raise UnreadableUpload(
            _("The file could not be read: %(error)s") % {"error": exc}
        ) from None
    except Exception:  # noqa: BLE001 — an importer bug must read as a form error, not a 500
        raise UnreadableUpload(
            _("The file could not be read. Check that it is a plan table and try again.")
        ) from None
    return Upload(data, document, rows, deferred=False)


def check_size(data: bytes, name: str) -> None:
    limit = settings.PLANWATCH_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise PlanImportError(f"file is larger than {limit // (1024 * 1024)} MB", source=name)


def is_slow_upload(data: bytes, name: str) -> bool:
    """A scanned PDF: OCR takes tens of seconds, so the job worker reads it, not the request."""
    try:
        return needs_background(data, name)
    except PlanImportError:
        return False  # the normal parse gives the error message


TEXT_FORMATS = {"text", "tsv", "markdown", "csv"}


def source_rows(grid, data: bytes, doc: dict) -> dict[str, str]:
    """Line (text sources) or table row (others) → its text, as JSON keys."""
    fmt = str((doc.get("source") or {}).get("format") or "")
    if fmt in TEXT_FORMATS:
        try:
            from planwatch.importer.readers import decode_text

            text = decode_text(data, "")
        except PlanImportError:
            text = data.decode("utf-8", errors="replace")
        return {str(i): line for i, line in enumerate(text.splitlines(), start=1)}
    if grid is None:
        return {}
    out: dict[str, str] = {}
    for row in grid.rows:
        text = " | ".join(c.text.replace("\n", " ") for c in row.cells if c.text.strip())
        for line in row.lines[:1]:
            out.setdefault(str(line), text)
    return out


def create_draft(
    data: bytes,
    name: str,
    owner: Organization,
    user=None,
    plan: Plan | None = None,
    doc: dict | None = None,
    rows: dict | None = None,
    deferred: bool = False,
) -> ImportDraft:
    """Parse the upload (unless the form did already) and keep it for review until publish.

    ``deferred``: keep the file only; the job worker (`run_import_jobs`) parses it later.
    """
    draft = ImportDraft(
        owner=owner,
        plan=plan,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        file_name=name[:255],
        document={},
    )
    if deferred:
        draft.parse_status = ParseStatus.QUEUED
    else:
        if doc is None:
            doc, rows = parse_upload_with_rows(data, name)
        fill_draft(draft, doc, rows or {})
    uploads.save_with(draft, data)
    return draft


def fill_draft(draft: ImportDraft, doc: dict, rows: dict) -> None:
    """Put a parsed document into a draft: the amended plan, rows and executor suggestions."""
    draft.document = doc
    draft.source_rows = rows
    if draft.plan_id is None:
        draft.plan = find_amended_plan(draft.owner, doc)
    draft.executor_map = suggested_mapping(draft)
    draft.parse_status = ParseStatus.READY
    draft.parse_progress = 100


def find_amended_plan(owner: Organization, doc: dict) -> Plan | None:
    """A plan of the same owner with the same title: the upload is its amended text."""
    key = name_key(doc.get("title") or "")
    if not key:
        return None
    for plan in Plan.objects.filter(owner=owner).only("pk", "title"):
        if name_key(plan.title) == key:
            return plan
    return None


def suggested_mapping(draft: ImportDraft) -> dict:
    """Importer organisation → an existing organisation it already matches, by name or alias."""
    resolver = Resolver(draft.owner)
    mapping = {}
    for org in docs.executor_names(draft.document):
        found = resolver.suggest(org)
        mapping[docs.org_key(org)] = str(found.pk) if found else "new"
    return mapping


def find_org(name_or_code: str) -> Organization | None:
    """`--org` accepts a КАТОТТГ code, a primary key or a name (any spelling we know)."""
    value = name_or_code.strip()
    if value.upper().startswith("UA"):
        return Organization.objects.filter(katottg=value.upper()).first()
    if value.isdigit():
        return Organization.objects.filter(pk=int(value)).first()
    key = name_key(value)
    for org in Organization.objects.all():
        if name_key(org.name) == key:
            return org
    return Organization.objects.filter(aliases__key=key).first()


__all__ = [
    "PlanImportError",
    "create_draft",
    "find_org",
    "is_slow_upload",
    "parse_upload",
    "parse_upload_with_rows",
]
