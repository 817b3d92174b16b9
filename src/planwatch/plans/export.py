"""A revision back out as planwatch-plan/1 (JSON), and through the importer's template as
.xlsx / .csv so an exported plan re-imports losslessly.
"""

from __future__ import annotations

import json
import re

from django.http import Http404, HttpResponse

from planwatch.plans.models import Measure, PlanRevision
from planwatch.plans.tree import load_tree


def revision_to_dict(revision: PlanRevision) -> dict:
    """The database rows (with every edit) as the interchange document."""
    return {
        "format": "planwatch-plan/1",
        "title": revision.title,
        "issuer": revision.issuer,
        "approval": {
            "text": revision.approval_text,
            "date": revision.approval_date.isoformat() if revision.approval_date else None,
            "number": revision.approval_number or None,
        },
        "period": {"start": revision.period_start, "end": revision.period_end},
        "columns": revision.columns,
        "source": {
            "name": revision.source_name,
            "format": revision.source_format,
            "sha256": revision.source_sha256,
        },
        "nodes": [_node(n) for n in load_tree(revision)],
        "warnings": revision.warnings,
    }


def _node(node) -> dict:
    return {
        "kind": node.kind,
        "number": node.number,
        "title": node.title,
        "children": [_node(k) for k in node.kids],
        "measures": [measure_to_dict(m) for m in node.items],
    }


def measure_to_dict(m: Measure) -> dict:
    organizations = [
        {
            "name": link.name or link.organization.name,
            "by_consent": link.by_consent,
            "id": link.organization_id,
        }
        for link in m.executor_links.all()
    ]
    return {
        "number": m.number,
        "text": m.text,
        "deadline": {"text": m.deadline_text, **m.deadline},
        "funding": {"text": m.funding_text, **m.funding},
        "executors": {"text": m.executors_text, "organizations": organizations},
        "indicator": {"text": m.indicator_text, **m.indicator},
        "lines": m.lines,
        "warnings": m.warnings,
    }


def to_json(revision: PlanRevision) -> str:
    return json.dumps(revision_to_dict(revision), ensure_ascii=False, indent=1)


def template_writers():
    """The importer's template writers, or None while that module is not there yet."""
    try:
        from planwatch.importer.template import write_csv, write_xlsx
    except ImportError:
        return None
    return write_xlsx, write_csv


CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_response(plan, fmt: str, revision: PlanRevision | None = None) -> HttpResponse:
    """The export body for any of the three formats (shared with the public pages)."""
    revision = revision or plan.current_revision
    if fmt not in CONTENT_TYPES or revision is None:
        raise Http404("unknown export format")
    if fmt == "json":
        body: bytes | str = to_json(revision)
    else:
        writers = template_writers()
        if writers is None:
            raise Http404("the .xlsx/.csv template writer is not installed")
        write_xlsx, write_csv = writers
        # the CSV writer starts with the BOM Excel needs (adding one here made two)
        body = (write_xlsx if fmt == "xlsx" else write_csv)(revision_to_dict(revision))
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    filename = f"plan-{plan.pk}-r{revision.number}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{_safe(filename)}"'
    return response


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)
