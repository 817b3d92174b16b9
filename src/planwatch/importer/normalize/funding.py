"""Funding cells ("Джерела фінансування") → source categories.

``{"sources": ["state_budget", "local_budget", "extra_budgetary"]}``: every category the cell
names, in the order the cell names them, once each. Budgets are recognised by the adjectives
in front of "бюджет" so that a shared noun counts for each of them ("державний та місцеві
бюджети" → state_budget, local_budget), and by the owner after it ("бюджет громади").
A cell that names nothing known keeps ``sources`` empty and warns.
"""

from __future__ import annotations

import re

from planwatch.importer.normalize.text import clean, fold

SOURCES = (
    "state_budget",
    "oblast_budget",
    "district_budget",
    "local_budget",
    "extra_budgetary",
    "international",
    "ngo",
    "not_required",
    "within_estimates",
    "other",
)
_W = r"[а-яіїєґ']*"
_NB = r"(?<![а-яіїєґ'])"  # no letter before: a word start
# Adjectives that may stand before "бюджет" (alone or in a list sharing the noun).
BUDGET_ADJECTIVES = (
    ("state_budget", rf"державн{_W}"),
    ("oblast_budget", rf"обласн{_W}"),
    ("district_budget", rf"районн{_W}"),
    ("local_budget", rf"(?:місцев|сільськ|міськ|селищн|комунальн){_W}"),
)
_ADJ = "|".join(rx for _, rx in BUDGET_ADJECTIVES)
_ADJ_LIST_RE = re.compile(rf"{_NB}((?:{_ADJ})(?:\s*(?:,|та|і|й|або|/)\s*(?:{_ADJ}))*)\s+бюджет")
# "бюджет громади", "кошти Піщанської сільської ради", "бюджет обласної ради": the owner decides.
_OWNER_RE = re.compile(
    rf"{_NB}(?:бюджет|кошт){_W}\s+((?:[а-яіїєґ'-]+\s+){{0,3}}?)"
    rf"(?:громад(?!ськ){_W}|тг|отг|рад[иі])(?![а-яіїєґ])"
)
# Other sources: category, pattern. Abbreviations are matched on the folded text.
SOURCE_PATTERNS = (
    ("state_budget", rf"{_NB}(?:дб|субвенці{_W} з державного)(?![а-яіїєґ])"),
    ("oblast_budget", rf"{_NB}об(?![а-яіїєґ])"),
    ("district_budget", rf"{_NB}рб(?![а-яіїєґ])"),
    ("local_budget", rf"{_NB}(?:мб)(?![а-яіїєґ])"),
    ("extra_budgetary", rf"{_NB}(?:позабюджетн{_W}|поза\s*бюджет{_W})"),
    ("international", rf"{_NB}(?:міжнародн{_W}|донор{_W}|грант{_W}|юнісеф|unicef|єс|usaid)"),
    (
        "ngo",
        rf"{_NB}(?:неурядов{_W}|громадськ{_W} (?:організац|об.єднан){_W}|благодійн{_W}"
        rf"|го(?![а-яіїєґ]))",
    ),
    (
        "not_required",
        rf"{_NB}(?:не потребу{_W}|без (?:фінансуван|залученн|додатков){_W}"
        rf"|не передбача{_W}|фінансування не потреб{_W}|не потрібн{_W})",
    ),
    (
        "within_estimates",
        rf"{_NB}(?:в|у) межах (?:кошторис{_W}|бюджетн{_W}|асигнуван{_W}|видатк{_W}"
        rf"|фінансуван{_W}|коштів|призначен{_W}|поточн{_W})|кошторисн{_W} призначен{_W}",
    ),
    (
        "other",
        rf"{_NB}(?:інш{_W} джерел{_W}|ін\.\s*джерел{_W}|не заборонен{_W}|спонсор{_W}"
        rf"|власн{_W} кошт{_W}"
        rf"|кошт{_W} (?:підприємств|роботодавц|батьків|інвестор){_W})",
    ),
)


def parse_funding(text: str) -> dict:
    """``{"sources": [...], "warnings": [...]}``; never raises."""
    folded = fold(text)
    found = _budget_adjectives(folded) + _budget_owners(folded)
    for name, pattern in SOURCE_PATTERNS:
        found.extend((m.start(), name) for m in re.finditer(pattern, folded))
    sources: list[str] = []
    for _, name in sorted(found):
        if name not in sources:
            sources.append(name)
    warnings = []
    if folded and not sources:
        warnings.append(f"funding: no known source in «{clean(text)}»; categorise it by hand")
    return {"sources": sources, "warnings": warnings}


def _budget_adjectives(folded: str) -> list[tuple[int, str]]:
    """ "державний та місцеві бюджети": every adjective sharing the noun is a source."""
    found = []
    for match in _ADJ_LIST_RE.finditer(folded):
        for name, rx in BUDGET_ADJECTIVES:
            found.extend(
                (match.start(1) + adj.start(), name) for adj in re.finditer(rx, match.group(1))
            )
    return found


def _budget_owners(folded: str) -> list[tuple[int, str]]:
    """ "бюджет громади" is local, "бюджет обласної ради" the oblast's."""
    found = []
    for match in _OWNER_RE.finditer(folded):
        words = match.group(1)
        name = "local_budget"
        if re.search(r"обласн", words):
            name = "oblast_budget"
        elif re.search(r"районн", words):
            name = "district_budget"
        found.append((match.start(), name))
    return found
