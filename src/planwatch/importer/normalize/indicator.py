"""Indicator cells ("Індикатор виконання") → numeric targets.

``{"targets": [{"value": 100, "unit": "%", "text": "забезпечення 100 % дітей …"}]}``: each
number the indicator sets, with what it counts (the words after it: "332 посад" → "посад",
"115 прийомних сімей" → "прийомних сімей") and the clause it stands in. Years ("до 2026
року"), numbering ("1)", "2.3."), dates, "№ 5" and article references are not targets;
narrative indicators have none. A range ("80-90 %") counts once, by its upper bound.
"""

from __future__ import annotations

import re

from planwatch.importer.normalize.text import clean
from planwatch.importer.normalize.vocabulary import ADJECTIVE_END_RE

NUMBER_RE = re.compile(
    r"(?<![\w.,/№])(?<![^\d\s]-)(\d{1,3}(?:[ \u00a0]\d{3})+(?!\d)|\d+(?:[.,]\d+)?)(?![\w.]*\d)"
    r"(?:\s*(%|відсот[а-яіїєґ]*|процент[а-яіїєґ]*))?"
)
YEAR_WORD_RE = re.compile(r"\s*(?:р\.|рр\.|р(?![а-яіїєґ])|рік|року|роки|років|році)", re.I)
NOT_A_COUNT_RE = re.compile(r"(?:№|ст\.|статт[а-яіїєґ]*|пункт[а-яіїєґ]*|п\.|пп\.)\s*$", re.I)
CLAUSE_RE = re.compile(r"[;,](?=\s)|\.(?=\s+[А-ЯІЇЄҐA-Z])")
WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")


def parse_indicator(text: str) -> dict:
    """``{"targets": [...]}`` for an indicator cell; never raises."""
    cell = clean(text)
    targets = []
    for clause in CLAUSE_RE.split(cell):
        targets.extend(_targets_in(clause.strip()))
    return {"targets": targets}


def _targets_in(clause: str) -> list[dict]:
    out = []
    for match in NUMBER_RE.finditer(clause):
        if _is_not_a_target(clause, match):
            continue
        number, percent = match.group(1), match.group(2)
        unit = "%" if percent else _unit_after(clause[match.end() :])
        out.append({"value": _value(number), "unit": unit, "text": clause})
    return out


def _is_not_a_target(clause: str, match: re.Match) -> bool:
    number, after, before = match.group(1), clause[match.end() :], clause[: match.start()]
    if match.group(2):
        return False
    if re.fullmatch(r"(?:19|20)\d{2}", number) and (YEAR_WORD_RE.match(after) or not after.strip()):
        return True
    if re.match(r"\s*[).]", after) and not before.strip():
        return True  # "1) …", "2. …": numbering
    if re.match(r"\)", after) or re.match(r"-[^\W\d_]", after):
        return True  # "б)", "24-годинний"
    if re.match(r"\s*-\s*\d", after):
        return True  # "80-90 %" counts once, by its upper bound; "2025-2026" is no target
    return bool(NOT_A_COUNT_RE.search(before))


def _unit_after(rest: str) -> str:
    """The counted noun with its adjectives: "прийомних сімей", "посад", "ІРЦ"."""
    words = WORD_RE.findall(re.sub(r"\([^)]*\)", " ", rest))[:4]  # "5 (п'ять) заходів"
    unit: list[str] = []
    for word in words:
        unit.append(word)
        if len(word) < 4 or not ADJECTIVE_END_RE.search(word.casefold()):
            break
    return " ".join(unit)


def _value(number: str) -> int | float:
    number = number.replace(" ", "").replace("\u00a0", "").replace(",", ".")
    value = float(number)
    return int(value) if value.is_integer() else value
