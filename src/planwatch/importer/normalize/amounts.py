"""Money typed the Ukrainian way ("1 250,5", "1250,50", "–") → decimal strings, never floats.

A programme's money columns (``structure/money.py``) leave each measure's ``funding`` with
``amounts: [{"year", "unit", "text"}]`` and the printed ``total_text``. Here every amount gets
``amount`` (a decimal string as typed, the comma made a dot: "1 250,50" → "1250.50"; a dash
→ ``null``) and ``source`` (the row's one funding category, or ``null`` when the source cell
names none or several), and the funding ``total`` beside its text. A total that is not the
sum of its years is a warning; so is a cell that is no number.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from planwatch.importer.normalize.funding import parse_funding
from planwatch.importer.normalize.periods import period_years
from planwatch.importer.normalize.text import clean

# thousands grouped by spaces (NBSP and thin spaces are spaces after ``clean``) or apostrophes
_NUMBER = re.compile(r"^(?P<int>\d{1,3}(?:[ '’]\d{3})+|\d+)(?:[.,](?P<frac>\d+))?$")
_UNIT_TAIL = re.compile(r"\s*(?:тис\.?|млн\.?)?\s*(?:грн\.?|гривень)\s*$", re.I)
_DASH = re.compile(r"^[-x×/]+$|^(?:немає|не передбачено)$", re.I)


MONEY_KEYS = ("amounts", "total_text", "total_unit")  # what the table's money columns gave


def money_cells(funding: object) -> dict:
    """The money a funding cell holds as the table printed it (without the values read from
    it): what a person's edit of the source text keeps, since it came from other columns."""
    if not isinstance(funding, dict):
        return {}
    out = {k: funding[k] for k in MONEY_KEYS[1:] if k in funding}
    if isinstance(funding.get("amounts"), list):
        out["amounts"] = [
            {k: a.get(k) for k in ("year", "unit", "text")}
            for a in funding["amounts"]
            if isinstance(a, dict)
        ]
    return out


def parse_amount(text: object) -> tuple[str | None, bool]:
    """``(decimal string or None, understood)``: "1 250,5" → ("1250.5", True), "–" →
    (None, True), "за потребою" → (None, False). Never raises."""
    t = _UNIT_TAIL.sub("", clean(text)).strip()
    if not t or _DASH.match(t):
        return None, True
    m = _NUMBER.match(t)
    if not m:
        return None, False
    whole = re.sub(r"[ '’]", "", m.group("int"))
    value = whole + (f".{m.group('frac')}" if m.group("frac") is not None else "")
    try:
        Decimal(value)
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return None, False
    return value, True


def normalize_amounts(funding: dict, period: object = None) -> list[str]:
    """Add ``amount``/``source`` to each of ``funding["amounts"]`` and ``total`` beside
    ``total_text``; the warnings (English, each with a template in ``messages``) are returned.
    A measure printed over several rows, one per source, has ``subtotals`` (one a row) and
    entries with ``row``/``source_text``: each row is checked on its own, and ``total`` is
    the sum of the subtotals. Safe to run twice: everything is read again from the texts."""
    if not isinstance(funding.get("amounts"), list) and "total_text" not in funding:
        return []
    warnings: list[str] = []
    first, last = period_years(period)
    single_year = first if first is not None and first == last else None
    sums: dict[int, Decimal | None] = {}  # row → sum of its years (None: a year unread)
    for entry in funding.get("amounts") or []:
        if not isinstance(entry, dict):
            continue
        amount, ok = _read(entry.get("text", ""), warnings)
        if entry.get("year") is None and single_year is not None:
            entry["year"] = single_year
        entry["amount"] = amount
        entry["source"] = _source(entry.get("source_text", funding))
        row = entry.get("row", 0)
        sums.setdefault(row, Decimal(0))
        if not ok:
            sums[row] = None
        elif amount is not None and sums[row] is not None:
            sums[row] += Decimal(amount)
    if "total_text" in funding:
        funding["total"] = _checked(funding["total_text"], sums.get(0), warnings)
    if isinstance(funding.get("subtotals"), list):
        parts = [s for s in funding["subtotals"] if isinstance(s, dict)]
        for part in parts:
            part["total"] = _checked(part.get("text", ""), sums.get(part.get("row", 0)), warnings)
            part["source"] = _source(part.get("source_text", ""))
        totals = [p["total"] for p in parts]
        funding["total"] = (
            str(sum(Decimal(t) for t in totals)) if totals and None not in totals else None
        )
    return warnings


def _read(text: object, warnings: list[str]) -> tuple[str | None, bool]:
    """An amount; words a money column often holds instead ("в межах кошторису", "не
    потребує фінансування") are no amount and no doubt either."""
    amount, ok = parse_amount(text)
    if not ok and parse_funding(str(text))["sources"]:
        return None, True
    if not ok:
        warnings.append(f"funding: «{clean(text)}» is not an amount; enter it by hand")
    return amount, ok


def _checked(text: object, years: Decimal | None, warnings: list[str]) -> str | None:
    """A printed total as a decimal string; a warning when the row's years add up otherwise
    (``years`` None: some year was no number, nothing to compare)."""
    total, ok = _read(text, warnings)
    if ok and total is not None and years is not None and Decimal(total) != years:
        warnings.append(f"funding: the total {total} is not the sum of the years {years}")
    return total


def _source(cell: object) -> str | None:
    """The one funding category a source cell names (a funding dict or a row's text)."""
    if isinstance(cell, dict):
        sources = cell.get("sources") or []
    else:
        sources = parse_funding(str(cell or ""))["sources"]
    return sources[0] if len(sources) == 1 else None
