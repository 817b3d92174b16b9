"""Publish a reviewed import: the one place where Plan, PlanRevision, Node, Measure and
MeasureExecutor rows are created, all in one transaction (a failure leaves nothing behind).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from planwatch.importer.structure.text import collapse
from planwatch.importer.walk import iter_nodes, measures_with_headings
from planwatch.plans import document as docs
from planwatch.plans.linking import link_previous
from planwatch.plans.models import (
    AuditAction,
    AuditEntry,
    DraftStatus,
    ImportDraft,
    Measure,
    MeasureExecutor,
    Node,
    Plan,
    PlanRevision,
)
from planwatch.plans.models.plan import UNTITLED_PLAN
from planwatch.plans.resolve import Resolver
from planwatch.plans.upper_links import carry as carry_upper_links


class PublishError(ValueError):
    pass


def publish_draft(draft: ImportDraft, user, *, public: bool | None = None) -> PlanRevision:
    """Turn the draft into a plan (or the next revision of the plan it amends).

    `public`: whether the plan shows on the public pages. None keeps an amended plan's
    choice and gives a new plan its owner's default (`plans_public_by_default`, off)."""
    if not draft.is_pending:
        raise PublishError("this import was already published or discarded")
    doc = draft.document
    if not any(True for _ in measures_with_headings(doc)):
        raise PublishError("the document has no measures to publish")
    with transaction.atomic():
        plan, previous = _plan_for(draft, doc)
        was_public = plan.is_public if previous else None
        if public is None:
            public = was_public if previous else default_public(plan.owner)
        plan.is_public = public
        revision = _create_revision(plan, previous, doc, user)
        _create_tree(revision, doc, Resolver(plan.owner, draft.executor_map))
        if previous is not None:
            link_previous(previous, revision)
            carry_upper_links(previous, revision)
            PlanRevision.objects.filter(pk=previous.pk).update(is_current=False)
        plan.current_revision = revision
        plan.title = revision.title
        plan.save(update_fields=["current_revision", "title", "is_public", "updated_at"])
        draft.status = DraftStatus.PUBLISHED
        draft.published_revision = revision
        draft.plan = plan
        draft.save(update_fields=["status", "published_revision", "plan"])
        # Last: listeners (monitoring's duties, strategy's suggestions) read the published draft.
        action = AuditAction.REVISED if previous else AuditAction.PUBLISHED
        # the decision is in the audit trail: always for a new plan, on change for a revision
        changes = {"is_public": [was_public, public]} if public != was_public else {}
        AuditEntry.record(
            plan, user, action, changes=changes, note=f"{draft.file_name} → r{revision.number}"
        )
    return revision


def default_public(owner) -> bool:
    """The answer offered to "public?": the owner's setting (off unless its coordinators
    turned it on), so nothing reaches the public pages by accident."""
    return owner.plans_public_by_default


def _plan_for(draft: ImportDraft, doc: dict) -> tuple[Plan, PlanRevision | None]:
    if draft.plan_id:
        plan = Plan.objects.select_for_update().get(pk=draft.plan_id)
        return plan, plan.revisions.order_by("-number").first()
    title = collapse(doc.get("title")) or UNTITLED_PLAN  # never the file name
    return Plan.objects.create(owner=draft.owner, title=title), None


def _create_revision(plan: Plan, previous, doc: dict, user) -> PlanRevision:
    approval = doc.get("approval") or {}
    period = doc.get("period") or {}
    source = doc.get("source") or {}
    return PlanRevision.objects.create(
        plan=plan,
        number=(previous.number + 1) if previous else 1,
        title=collapse(doc.get("title")) or plan.title,
        issuer=collapse(doc.get("issuer"))[:300],
        approval_text=collapse(approval.get("text")),
        approval_date=parse_date(approval.get("date")),
        approval_number=collapse(str(approval.get("number") or ""))[:50],
        period_start=_year(period.get("start")),
        period_end=_year(period.get("end")),
        columns=doc.get("columns") or [],
        totals=doc.get("totals") or {},
        warnings=doc.get("warnings") or [],
        source_name=str(source.get("name") or "")[:255],
        source_format=str(source.get("format") or "")[:20],
        source_sha256=str(source.get("sha256") or "")[:64],
        is_current=True,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )


def _create_tree(revision: PlanRevision, doc: dict, resolver: Resolver) -> None:
    """Nodes level by level (parents need ids first), then measures and executors in bulk."""
    node_rows: dict[str, Node] = {}
    for position, (node, depth, parent) in enumerate(iter_nodes(doc["nodes"]), start=1):
        node_rows[node["uid"]] = Node(
            revision=revision,
            kind=str(node.get("kind") or "")[:40],
            number=collapse(node.get("number"))[:40],
            title=collapse(node.get("title")),
            position=position,
            depth=depth,
        )
        node_rows[node["uid"]]._parent_uid = parent["uid"] if parent else None
    for depth in sorted({n.depth for n in node_rows.values()}):
        level = [n for n in node_rows.values() if n.depth == depth]
        for n in level:
            n.parent = node_rows[n._parent_uid] if n._parent_uid else None
        Node.objects.bulk_create(level)
    _create_measures(revision, doc, node_rows, resolver)


def _create_measures(revision, doc, node_rows: dict, resolver: Resolver) -> None:
    org_keys = {docs.org_key(o): o for o in docs.executor_names(doc)}
    measures, executor_lists = [], []
    for position, (m, node) in enumerate(measures_with_headings(doc), start=1):
        measure = measure_from_dict(m)
        measure.revision, measure.node, measure.position = (
            revision,
            node_rows[node["uid"]],
            position,
        )
        measure.refresh_search_text()
        measures.append(measure)
        executor_lists.append(m["executors"].get("organizations") or [])
    Measure.objects.bulk_create(measures)
    links = []
    for measure, orgs in zip(measures, executor_lists, strict=True):
        seen = set()
        for index, org in enumerate(orgs):
            key = docs.org_key(org)
            target = resolver.resolve(key, {**org_keys.get(key, {}), **org})
            if target.pk in seen:
                continue
            seen.add(target.pk)
            links.append(
                MeasureExecutor(
                    measure=measure,
                    organization=target,
                    name=collapse(org.get("name"))[:300],
                    by_consent=bool(org.get("by_consent")),
                    position=index,
                )
            )
    MeasureExecutor.objects.bulk_create(links)


def measure_from_dict(m: dict) -> Measure:
    deadline = m.get("deadline") or {}
    return Measure(
        number=collapse(m.get("number"))[:40],
        text=collapse(m.get("text")),
        deadline_text=deadline.get("text", ""),
        deadline={k: v for k, v in deadline.items() if k != "text"},
        deadline_start=parse_date(deadline.get("start"), end=False),
        deadline_end=parse_date(deadline.get("end"), end=True),
        funding_text=(m.get("funding") or {}).get("text", ""),
        funding={k: v for k, v in (m.get("funding") or {}).items() if k != "text"},
        executors_text=(m.get("executors") or {}).get("text", ""),
        indicator_text=(m.get("indicator") or {}).get("text", ""),
        indicator={k: v for k, v in (m.get("indicator") or {}).items() if k != "text"},
        lines=m.get("lines") or [],
        warnings=m.get("warnings") or [],
    )


def parse_date(value, *, end: bool = False) -> dt.date | None:
    """ISO dates, "YYYY-MM" or bare years, as normalisers write them; anything else is None."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    try:
        if len(text) == 4 and text.isdigit():
            return dt.date(int(text), 12 if end else 1, 31 if end else 1)
        if len(text) == 7:
            year, month = int(text[:4]), int(text[5:7])
            if end:
                nxt = dt.date(year + month // 12, month % 12 + 1, 1)
                return nxt - dt.timedelta(days=1)
            return dt.date(year, month, 1)
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _year(value) -> int | None:
    try:
        year = int(str(value)[:4])
    except (TypeError, ValueError):
        return None
    return year if 1900 < year < 2200 else None
