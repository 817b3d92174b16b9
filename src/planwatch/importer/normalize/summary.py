"""Short human-readable lines for a normalised measure (``planwatch show``, review pages).

строк: 2025-01-01 … 2026-12-31, щокварталу; звітні періоди 2025-Q1…2026-Q4 (8)
фінансування: local_budget, extra_budgetary
виконавці: [1] відділ освіти (department); [2] ГО «…» (partner, за згодою)
показники: 100 %; 332 посад
"""

from __future__ import annotations

RECURRENCE_UK = {
    "monthly": "щомісяця",
    "quarterly": "щокварталу",
    "half_yearly": "щопівроку",
    "annually": "щороку",
    "continuous": "постійно",
    "as_needed": "у разі потреби",
}


def format_normalized(measure: dict) -> list[str]:
    """One line per normalised cell that has something to say."""
    lines = [
        _deadline_line(_value(measure, "deadline")),
        _funding_line(_value(measure, "funding")),
        _executors_line(_value(measure, "executors")),
        _indicator_line(_value(measure, "indicator")),
    ]
    return [line for line in lines if line]


def _value(measure: dict, name: str) -> dict:
    cell = measure.get(name) if isinstance(measure, dict) else None
    return cell if isinstance(cell, dict) else {}


def _deadline_line(value: dict) -> str:
    parts = []
    if value.get("start") or value.get("end"):
        parts.append(f"{value.get('start') or '?'} … {value.get('end') or '?'}")
    if value.get("recurrence"):
        due = value.get("due")
        recurrence = RECURRENCE_UK.get(value["recurrence"], value["recurrence"])
        parts.append(f"{recurrence} (до {_due_uk(due)})" if due else recurrence)
    if value.get("condition"):
        parts.append(f"умова: {value['condition']}")
    if not parts:
        return ""
    periods = value.get("reporting_periods") or []
    tail = ""
    if periods:
        span = periods[0] if len(periods) == 1 else f"{periods[0]}…{periods[-1]}"
        tail = f"; звітні періоди {span} ({len(periods)})"
    else:
        tail = "; звітних періодів немає"
    return "строк: " + ", ".join(parts) + tail


def _due_uk(due: str) -> str:
    month, _, day = str(due).partition("-")
    return f"{day}.{month}" if day else str(due)


def _funding_line(value: dict) -> str:
    sources = value.get("sources") or []
    line = f"фінансування: {', '.join(sources)}" if sources else ""
    money = [
        f"{a.get('year') or '—'}: {a.get('amount') or '—'}"
        for a in value.get("amounts") or []
        if isinstance(a, dict)
    ]
    if value.get("total_text") or value.get("subtotals"):
        money.append(f"усього: {value.get('total') or value.get('total_text') or '—'}")
    if money:
        unit = next((a.get("unit") for a in value.get("amounts") or [] if a.get("unit")), None)
        tail = f"кошти{f' ({unit})' if unit else ''}: {'; '.join(money)}"
        line = f"{line}; {tail}" if line else tail
    return line


def _executors_line(value: dict) -> str:
    entries = value.get("organizations") or []
    if not entries:
        return ""
    return "виконавці: " + "; ".join(_executor(e) for e in entries)


def _executor(entry: dict) -> str:
    org_id = str(entry.get("id") or "")
    label = f"[{org_id.removeprefix('org-')}] " if org_id else ""
    notes = [entry.get("kind") or "other"]
    if entry.get("by_consent"):
        notes.append("за згодою")
    person = f" ({entry['person']})" if entry.get("person") else ""
    return f"{label}{entry.get('name', '')}{person} ({', '.join(notes)})"


def _indicator_line(value: dict) -> str:
    targets = value.get("targets") or []
    if not targets:
        return ""
    shown = [f"{t.get('value')} {t.get('unit') or ''}".strip() for t in targets]
    return "показники: " + "; ".join(shown)
