"""Upload → draft: the one code path behind the upload form and `manage.py import_plan`."""

from __future__ import annotations

import re

from django.conf import settings

from planwatch.importer import PlanImportError, parse_bytes
from planwatch.lib.text import name_key
from planwatch.orgs.models import Organization, OrgKind
from planwatch.plans import document as docs
from planwatch.plans.models import ImportDraft, Plan
from planwatch.plans.resolve import Resolver

TERRITORIAL_KINDS = (OrgKind.OBLAST, OrgKind.DISTRICT, OrgKind.COMMUNITY)


def parse_upload(data: bytes, name: str) -> dict:
    """Parse and prepare a document; raises PlanImportError with a readable message."""
    limit = settings.PLANWATCH_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise PlanImportError(f"file is larger than {limit // (1024 * 1024)} MB", source=name)
    doc = parse_bytes(data, name)
    if not isinstance(doc, dict) or not isinstance(doc.get("nodes"), list):
        raise PlanImportError("the importer returned no plan", source=name)
    return docs.prepare(doc)


def create_draft(
    data: bytes,
    name: str,
    owner: Organization,
    user=None,
    plan: Plan | None = None,
    doc: dict | None = None,
) -> ImportDraft:
    """Parse the upload (unless the form did already) and keep it for review until publish."""
    doc = doc if doc is not None else parse_upload(data, name)
    if plan is None:
        plan = find_amended_plan(owner, doc)
    draft = ImportDraft(
        owner=owner,
        plan=plan,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        file_name=name[:255],
        file_data=data,
        document=doc,
    )
    draft.executor_map = suggested_mapping(draft)
    draft.save()
    return draft


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


def _stems(text: str) -> list[str]:
    """Crude Ukrainian stems: inflection changes the last letters ("сільська" / "сільській")."""
    words = re.findall(r"[^\W\d_]{4,}", name_key(text))
    return [w[: max(4, len(w) - 3)] for w in words]


def guess_owner(doc: dict) -> Organization | None:
    """The council or administration a plan belongs to, from its issuer and title.

    The first word of an organisation's name is the distinctive one ("Піщанська", "Калуська"),
    so it must match; then the share of matching words decides, deeper organisations winning
    ties (a community over the oblast that shares its name).
    """
    text = " ".join(str(doc.get(k) or "") for k in ("issuer", "title"))
    text += " " + str((doc.get("approval") or {}).get("text") or "")
    found_stems = _stems(text)
    best, best_score = None, 0.0
    for org in Organization.objects.filter(kind__in=TERRITORIAL_KINDS):
        stems = _stems(org.name)
        if not stems or not any(s.startswith(stems[0]) for s in found_stems):
            continue
        score = sum(any(s.startswith(st) for s in found_stems) for st in stems) / len(stems)
        score += org.depth / 100
        if score > best_score:
            best, best_score = org, score
    return best if best_score >= 0.5 else None


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


__all__ = ["PlanImportError", "create_draft", "find_org", "guess_owner", "parse_upload"]
