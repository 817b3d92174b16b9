"""Money columns: "Орієнтовні обсяги фінансування, тис. грн" over a column per year and "Усього".

Municipal programmes print the money of each measure per year, usually as a two-row header
whose group cell spans a sub-column per year ("2025", "2025 рік", "2026 р.") and a total
("Усього"/"Всього"). Each such column gets the role ``amount``; what it holds (year, total,
unit) is read from its header text, which for a two-row header is "<group> / <sub-column>".
A closing row "Усього за програмою" / "Разом" / "Всього" holds the plan's totals, not a
measure. Here cells stay text; ``normalize/amounts.py`` reads the numbers.
"""

from __future__ import annotations

import re
from typing import Any

from planwatch.importer.structure.columns import AMOUNT, EXTRA, header_key

__all__ = ["AMOUNT", "assign", "column_spec", "stacked_texts", "stream_amounts"]
SEPARATOR = " / "  # between a group header and its sub-column in a two-row header's text

_AMOUNT_HEADER = re.compile(r"обсяг|сума|вартіст|тис\.?\s*грн|млн\.?\s*грн|\bгрн\b")
_SOURCE_HEADER = re.compile(r"джерел")
_YEAR = re.compile(r"^(?:[ув]\s+)?(20\d\d)\s*(?:р\.?|рік|році|роки|року|рр\.?)?\s*[.,:]?$")
_TOTAL = re.compile(r"^(?:у|в)?сього|^разом")
_UNITS = (
    (re.compile(r"тис\.?\s*(?:грн|гривень)|тисяч\w*\s+(?:грн|гривень)"), "тис. грн"),
    (re.compile(r"млн\.?\s*(?:грн|гривень)|мільйон\w*\s+(?:грн|гривень)"), "млн грн"),
    (re.compile(r"\bгрн\b|гривень"), "грн"),
)


def is_amount_header(text: str) -> bool:
    """ "Обсяг фінансування, тис. грн", "Орієнтовні обсяги фінансування (вартість)" — not
    "Джерела фінансування" (the source column)."""
    key = header_key(text)
    return bool(_AMOUNT_HEADER.search(key)) and not _SOURCE_HEADER.search(key)


def unit_of(text: str) -> str | None:
    key = header_key(text)
    return next((unit for rx, unit in _UNITS if rx.search(key)), None)


def year_of(text: str) -> int | None:
    m = _YEAR.match(header_key(text))
    return int(m.group(1)) if m else None


def is_total_label(text: str) -> bool:
    return bool(_TOTAL.match(header_key(text)))


def is_sub_column(text: str) -> bool:
    """A sub-column of a money group: a year or the total."""
    return year_of(text) is not None or is_total_label(text)


def column_spec(header: str, given: bool = False) -> dict | None:
    """What an amount column holds: ``{"year", "total", "unit"}``, or None for other columns.
    ``given``: a person said the column is an amount, whatever its header says."""
    group, _, sub = header.rpartition(SEPARATOR)
    if not group:
        group, sub = header, ""
    if given and not is_amount_header(group):
        sub = sub or group
    elif not is_amount_header(group):
        return None
    return {
        "year": year_of(sub) if sub else None,
        "total": is_total_label(sub),
        "unit": unit_of(group),
    }


def stacked_texts(upper: list[str], lower: list[str]) -> list[str] | None:
    """Column texts of a money group over its sub-columns, or None when ``lower`` is no such row.

    Every non-empty lower cell must be a year or a total under an amount header; an upper
    cell left empty (a source without spans, TSV) belongs to the group on its left.
    """
    texts, group, found = [], "", False
    for up, lo in zip(upper, lower, strict=True):
        if up.strip():
            group = up
        if lo.strip():
            if not (is_sub_column(lo) and is_amount_header(group)):
                return None
            texts.append(f"{' '.join(group.split())}{SEPARATOR}{' '.join(lo.split())}")
            found = True
        else:
            texts.append(up)
    return texts if found else None


def assign(header: list[str], roles: list[str | None]) -> list[str | None]:
    """Amount columns (extra by guess: a secondary funding column) get the role ``amount``."""
    return [
        AMOUNT
        if r in ("extra", None, "funding") and i < len(header) and _amount(header, i, roles)
        else r
        for i, r in enumerate(roles)
    ]


def _amount(header: list[str], i: int, roles: list[str | None]) -> bool:
    spec = column_spec(header[i])
    if spec is None:
        return False
    # a lone "Обсяг фінансування" column that is the plan's funding column stays funding;
    # a year or total sub-column is always an amount
    return roles[i] != "funding" or spec["year"] is not None or spec["total"]


_TOTALS_ROW = re.compile(r"^(?:у|в)?сього|^разом|^загальн\w* (?:обсяг|сума)")


def is_totals_label(text: str) -> bool:
    """ "Усього за програмою", "Разом", "Всього": the closing row of the money table."""
    return bool(_TOTALS_ROW.match(header_key(text)))


def amount_cells(amounts: list[tuple[dict, Any]], funding_text: str = "") -> dict:
    """``{"text", "amounts": [{"year", "unit", "text"}], "total_text"}`` of a row's amounts
    (the numbers are read in ``normalize/amounts.py``)."""
    out: dict = {"text": " ".join(funding_text.split()), "amounts": []}
    for spec, cell in amounts:
        text = " ".join(cell.text.split())
        if spec["total"]:
            out["total_text"] = text
            out["total_unit"] = spec["unit"]
        else:
            out["amounts"].append({"year": spec["year"], "unit": spec["unit"], "text": text})
    return out


def money_of_rows(rows: list[tuple[str, list]]) -> dict:
    """A measure's money from its rows: one row gives ``amounts`` and ``total_text``; several
    (one per funding source) give every row's amounts with ``row`` and ``source_text`` (that
    row's source cell) and the rows' totals as ``subtotals``."""
    if len(rows) == 1:
        out = amount_cells(rows[0][1])
        out.pop("text")
        return out
    amounts, subtotals = [], []
    for k, (source_text, cells) in enumerate(rows):
        one = amount_cells(cells, source_text)
        amounts += [{**a, "row": k, "source_text": one["text"]} for a in one["amounts"]]
        if "total_text" in one:
            subtotals.append(
                {
                    "row": k,
                    "source_text": one["text"],
                    "text": one["total_text"],
                    "unit": one["total_unit"],
                }
            )
    return {"amounts": amounts, "subtotals": subtotals}


def stream_amounts(trs: list, header: list[str], roles: list[str]) -> None:
    """A text rendering (a stream of cells) keeps one unnamed column apart as ``extra``; when
    that column is the money column ("Обсяг фінансування, тис. грн"), its cells are amounts."""
    cols = [i for i, r in enumerate(roles) if r == EXTRA]
    if len(cols) != 1 or cols[0] >= len(header):
        return
    spec = column_spec(header[cols[0]])
    if spec is None:
        return
    for tr in trs:
        cell = tr.cells.pop(EXTRA, None)
        if cell is not None and cell.text.strip():
            tr.amounts.append((spec, cell))


def is_repeated_subheader(texts_by_col: dict[int, str], specs: dict[int, dict | None]) -> bool:
    """The row of years repeated under the header on a new page ("2025 | 2026 | Усього"):
    every filled cell is a money column's own label."""
    if len(texts_by_col) < 2:
        return False
    for col, text in texts_by_col.items():
        spec = specs.get(col)
        if spec is None:
            return False
        if not (spec["total"] and is_total_label(text)) and (
            spec["year"] is None or year_of(text) != spec["year"]
        ):
            return False
    return True
