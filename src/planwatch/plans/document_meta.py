"""The plan's own details in a draft (title, period, approval), as a person corrects them."""

from __future__ import annotations

import datetime as dt

from planwatch.importer.structure.text import collapse

FIELDS = (
    "title",
    "issuer",
    "approval_text",
    "approval_date",
    "approval_number",
    "period_start",
    "period_end",
)


def meta_values(doc: dict) -> dict:
    """The details as form values (the importer's shape flattened)."""
    approval = doc.get("approval") or {}
    period = doc.get("period") or {}
    return {
        "title": collapse(doc.get("title")),
        "issuer": collapse(doc.get("issuer")),
        "approval_text": collapse(approval.get("text")),
        "approval_date": _date(approval.get("date")),
        "approval_number": collapse(str(approval.get("number") or "")),
        "period_start": period.get("start") if isinstance(period.get("start"), int) else None,
        "period_end": period.get("end") if isinstance(period.get("end"), int) else None,
    }


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def set_meta(doc: dict, values: dict) -> list[str]:
    """Write the corrected details back in the planwatch-plan/1 shape; returns changed names."""
    before = meta_values(doc)
    changed = [f for f in FIELDS if f in values and values[f] != before[f]]
    if not changed:
        return []
    merged = {**before, **{f: values[f] for f in FIELDS if f in values}}
    doc["title"] = collapse(merged["title"])
    doc["issuer"] = collapse(merged["issuer"])
    approval = dict(doc.get("approval") or {})
    approval["text"] = collapse(merged["approval_text"])
    date = merged["approval_date"]
    approval["date"] = date.isoformat() if date else None
    approval["number"] = collapse(merged["approval_number"]) or None
    doc["approval"] = approval
    doc["period"] = {"start": merged["period_start"], "end": merged["period_end"]}
    return changed
