"""Hand-over of a summary: prepared → signed → sent/registered, per plan, summary duty and period.

What the head of the administration asks about is not "is the summary written" but "was it
signed and sent, under which outgoing number". A coordinator of the plan's own body records
each step (`planwatch.access.acts_for_plan`):

1. **prepared** — the summary exists (optionally the generated document it is, a
   `reports.ReportFile` of the plan);
2. **signed** — the signed file is uploaded: a PDF, or a container made with a КЕП (.p7s
   CAdES/CMS, .asice ASiC-E). It is checked by its bytes and extension, then stored **untouched**
   through Django's default storage, with its sha256 and size, beside the generated document;
3. **sent / registered** — outgoing number, date and addressee.

Each step writes a `HandoverEvent` (who, when). A summary duty's period that has ended and is
not yet sent is "not yet handed over"; past its due date it is overdue (`rows`), shown on the
dashboard and the duties page. Steps go forward only; each one checks the version the person
read (`seen`), so two coordinators do not overwrite each other.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from planwatch.lib.versioning import parse_version
from planwatch.monitoring.approvals import parse_period
from planwatch.monitoring.evidence import check_size
from planwatch.monitoring.models import Duty, Handover, HandoverEvent, HandoverState
from planwatch.monitoring.models.duties import SUMMARY_KINDS
from planwatch.monitoring.periods import Period, periods_in_year
from planwatch.plans.models import Plan

SIGNED_KIND_CHOICES = [("pdf", "PDF"), ("p7s", "CMS (.p7s)"), ("asice", "ASiC-E (.asice)")]
SIGNED_EXTENSIONS = {"pdf": {".pdf"}, "p7s": {".p7s", ".p7m"}, "asice": {".asice", ".sce"}}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "p7s": "application/pkcs7-signature",
    "asice": "application/vnd.etsi.asic-e+zip",
}
# DER of the OID 1.2.840.113549.1.7.2 (CMS signedData): the first thing inside a .p7s.
CMS_SIGNED_DATA = bytes.fromhex("06092a864886f70d010702")
ASICE_MIMETYPE = b"application/vnd.etsi.asic-e+zip"


class HandoverError(ValueError):
    """A step the hand-over's state does not allow; the message is for people."""


# ---- the signed file -----------------------------------------------------------------------


def max_bytes() -> int:
    return int(getattr(settings, "PLANWATCH_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))


def sniff_signed(head: bytes, whole) -> str | None:
    """The kind of signed file the bytes are ("pdf", "p7s", "asice"), or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head[:1] == b"\x30" and CMS_SIGNED_DATA in head[:64]:
        return "p7s"
    if head.startswith((b"-----BEGIN PKCS7-----", b"-----BEGIN CMS-----")):
        return "p7s"
    if head.startswith(b"PK\x03\x04") and whole is not None and _is_asice(whole):
        return "asice"
    return None


def _is_asice(fileobj) -> bool:
    """An ASiC-E container: a zip whose `mimetype` says so and that holds a signature under
    META-INF/ (XAdES .xml or CAdES .p7s); within the importer's zip-bomb limits."""
    from planwatch.importer import PlanImportError
    from planwatch.importer.safety import check_zip

    try:
        with zipfile.ZipFile(fileobj) as archive:
            check_zip(archive, "signed")
            names = archive.namelist()
            if "mimetype" not in names or archive.getinfo("mimetype").file_size > 100:
                return False
            kind = archive.read("mimetype").strip()
            signed = any(n.startswith("META-INF/") and "signature" in n.lower() for n in names)
            return kind == ASICE_MIMETYPE and signed
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, PlanImportError):
        return False


def check_signed(upload) -> str:
    """The kind of an uploaded signed file, or ValidationError in words a clerk can act on."""
    name = upload.name or ""
    check_size(upload, max_bytes())
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    whole = io.BytesIO(upload.read()) if head.startswith(b"PK") else None
    upload.seek(0)
    kind = sniff_signed(head, whole)
    if kind is None or Path(name).suffix.lower() not in SIGNED_EXTENSIONS[kind]:
        raise ValidationError(
            _(
                "“%(name)s” is not a signed document: upload the signed PDF or the container "
                "made with a qualified electronic signature (.p7s, .asice), as the signing "
                "program saved it."
            )
            % {"name": name}
        )
    return kind


def sha256_of(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


# ---- what is owed --------------------------------------------------------------------------


@dataclass
class Row:
    """A summary duty's period: its due date and the hand-over recorded for it (or None)."""

    duty: Duty
    period: Period
    due: dt.date
    handover: Handover | None
    today: dt.date

    @property
    def state(self) -> str | None:
        return self.handover.state if self.handover else None

    @property
    def is_sent(self) -> bool:
        return self.state == HandoverState.SENT

    @property
    def is_overdue(self) -> bool:
        return not self.is_sent and self.due < self.today


def summary_duties(duties: list[Duty]) -> list[Duty]:
    return [d for d in duties if d.kind in SUMMARY_KINDS]


def rows(plan: Plan, duties: list[Duty], today: dt.date) -> list[Row]:
    """Every period of last year and this year of the plan's summary duties that has ended,
    with its hand-over (one query), ordered by due date."""
    owed = [
        (d, p)
        for d in summary_duties(duties)
        for year in (today.year - 1, today.year)
        for p in periods_in_year(year, d.frequency)
        if p.end < today
    ]
    found = by_key(plan, [p.label for _d, p in owed]) if owed else {}
    out = [Row(d, p, d.due_date(p), found.get((d.pk, p.label)), today) for d, p in owed]
    return sorted(out, key=lambda r: (r.due, r.period.label, r.duty.pk))


def by_key(plan: Plan, labels) -> dict[tuple[int, str], Handover]:
    """{(duty id, period label): hand-over} for the plan (one query)."""
    found = Handover.objects.filter(plan=plan, period__in=sorted(set(labels)))
    return {(h.duty_id, h.period): h for h in found if h.duty_id}


def duty_period(duty: Duty, label: str) -> Period | None:
    """The duty's period with this label ("2025-Q3" of a quarterly duty), else None."""
    period = parse_period(label)
    if period is None or period.label not in {
        p.label for p in periods_in_year(period.start.year, duty.frequency)
    }:
        return None
    return period


# ---- the steps ----------------------------------------------------------------------------


def prepare(plan: Plan, duty: Duty, period: Period, user, today: dt.date, **fields) -> Handover:
    """Record that the summary is prepared (`document`: the generated file, optional)."""
    if duty.plan_id != plan.pk or duty.kind not in SUMMARY_KINDS:
        raise HandoverError(_("Only a summary duty of this plan is handed over."))
    if period.end >= today:
        raise HandoverError(_("The period has not ended yet; its summary cannot be prepared."))
    handover = Handover(
        plan=plan,
        duty=duty,
        kind=duty.kind,
        period=period.label,
        due_date=duty.due_date(period),
        state=HandoverState.PREPARED,
        prepared_by=user,
        version=1,
        document=fields.get("document"),
        note=fields.get("note") or "",
    )
    try:
        with transaction.atomic():
            handover.save()
            _event(handover, HandoverState.PREPARED, user, handover.note)
    except IntegrityError as exc:
        raise HandoverError(_("This summary is already recorded; open it.")) from exc
    return handover


def sign(handover: Handover, upload, kind: str, user, seen=None) -> Handover:
    """Keep the signed file byte for byte (default storage), with its sha256 and size."""
    with transaction.atomic():
        fresh = _hold(handover, HandoverState.PREPARED, seen)
        fresh.signed_kind = kind
        fresh.signed_name = (upload.name or "signed")[-200:]
        fresh.signed_sha256 = sha256_of(upload)
        fresh.signed_size = upload.size
        fresh.signed_file.save(fresh.signed_name, upload, save=False)
        try:
            fresh.signed_at, fresh.signed_by = timezone.now(), user
            _advance(fresh, HandoverState.SIGNED, user, fresh.signed_name)
        except Exception:
            fresh.signed_file.storage.delete(fresh.signed_file.name)
            raise
    return fresh


def register(handover: Handover, user, seen=None, **fields) -> Handover:
    """Sent: outgoing number, date and addressee (all three required by the form)."""
    with transaction.atomic():
        fresh = _hold(handover, HandoverState.SIGNED, seen)
        fresh.outgoing_number = fields["outgoing_number"]
        fresh.outgoing_date = fields["outgoing_date"]
        fresh.addressee = fields["addressee"]
        fresh.sent_at, fresh.sent_by = timezone.now(), user
        note = f"№ {fresh.outgoing_number} {fresh.outgoing_date:%d.%m.%Y} → {fresh.addressee}"
        _advance(fresh, HandoverState.SENT, user, note)
    return fresh


def replace_signed(handover: Handover, upload, kind: str, user, reason: str, seen=None) -> Handover:
    """A wrong signed file is replaced, with a reason. The old file stays in storage (it may
    be what was sent) and the event names it with its sha256."""
    with transaction.atomic():
        fresh = _hold(handover, (HandoverState.SIGNED, HandoverState.SENT), seen)
        digest = sha256_of(upload)
        if digest == fresh.signed_sha256:
            raise HandoverError(_("This is the file already kept; nothing was replaced."))
        old_name, old_sha, kept = fresh.signed_name, fresh.signed_sha256, fresh.signed_file.name
        fresh.signed_kind = kind
        fresh.signed_name = (upload.name or "signed")[-200:]
        fresh.signed_sha256, fresh.signed_size = digest, upload.size
        fresh.signed_file.save(fresh.signed_name, upload, save=False)
        try:
            fresh.version += 1
            fresh.save()
            note = (
                f"{old_name} (sha256 {old_sha[:16]}…) → {fresh.signed_name} (sha256 {digest[:16]}…)"
            )
            _event(fresh, HandoverEvent.Action.FILE_REPLACED, user, note, reason, kept)
        except Exception:
            fresh.signed_file.storage.delete(fresh.signed_file.name)
            raise
    return fresh


CORRECTABLE = ("outgoing_number", "outgoing_date", "addressee")


def correct_registration(handover: Handover, user, reason: str, seen=None, **fields) -> Handover:
    """A wrong outgoing number, date or addressee of a sent summary, corrected with a reason;
    the event keeps the old and new values."""
    with transaction.atomic():
        fresh = _hold(handover, HandoverState.SENT, seen)
        changes = []
        for name in CORRECTABLE:
            old, new = getattr(fresh, name), fields[name]
            if old != new:
                shown = [
                    v.strftime("%d.%m.%Y") if isinstance(v, dt.date) else v for v in (old, new)
                ]
                label = capfirst(Handover._meta.get_field(name).verbose_name)
                changes.append(f"{label}: {shown[0]} → {shown[1]}")
                setattr(fresh, name, new)
        if not changes:
            raise HandoverError(_("Nothing differs from what is recorded; nothing was corrected."))
        fresh.version += 1
        fresh.save()
        _event(fresh, HandoverEvent.Action.CORRECTED, user, "; ".join(changes), reason)
    return fresh


def _hold(handover: Handover, needed, seen) -> Handover:
    """The row, locked until the transaction ends, if it is in `needed` and at `seen`."""
    fresh = Handover.objects.select_for_update().get(pk=handover.pk)
    if seen not in (None, "") and parse_version(seen) != fresh.version:
        raise HandoverError(
            _("Someone else recorded a step of this hand-over after you read it; nothing was done.")
        )
    if fresh.state not in ((needed,) if isinstance(needed, str) else needed):
        raise HandoverError(_("The hand-over is not at the step this action needs."))
    return fresh


def _advance(handover: Handover, state: str, user, note: str) -> None:
    handover.state = state
    handover.version += 1
    handover.save()
    _event(handover, state, user, note)


def _event(handover: Handover, action: str, user, note: str, reason="", kept="") -> None:
    HandoverEvent.objects.create(
        handover=handover, action=action, user=user, note=note, reason=reason, kept_file=kept
    )
