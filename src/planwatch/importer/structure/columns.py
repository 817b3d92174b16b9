"""Column roles and the header row: columns are found by meaning, never by position alone."""

from __future__ import annotations

import re

ROLES = ("number", "task", "measure", "deadline", "funding", "executors", "indicator")
FIELD_ROLES = ("deadline", "funding", "executors", "indicator")
HEADING = "heading"  # a column of headings of one level (operational goals typed beside measures)
EXTRA = "extra"  # a column the plan has no field for: kept on each measure as ``extra``
IGNORE = "ignore"  # only in an override: a column a person said to leave out
AMOUNT = "amount"  # money of one year or the total (``money.py``); several columns may have it
OVERRIDE_ROLES = (*ROLES, HEADING, AMOUNT, EXTRA, IGNORE)

# Checked in this order: "Індикатори (показники) виконання завдань" names the indicator, not
# the task, and "Відповідальні за виконання" names executors, not the deadline.
_ROLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("indicator", re.compile(r"індикатор|показник|очікуван|результат|критері")),
    ("funding", re.compile(r"джерел|фінансуванн|фінансування|кошт|бюджет")),
    ("executors", re.compile(r"виконавц|відповідальн|виконавець|учасник|розпорядник")),
    ("deadline", re.compile(r"строк|термін|дата\s+викон|період\s+викон")),
    ("measure", re.compile(r"захід|заход|зміст\s+заход|найменування\s+заход")),
    ("task", re.compile(r"завдан|напрям|ціль|проблем")),
    ("number", re.compile(r"^№|з/п|п/п|^номер|^\s*n\s*$")),
)


_HYPHEN_BREAK_RE = re.compile(r"(\w)- (\w)")


def header_key(text: str) -> str:
    """Lower-case, undo hyphenated line breaks ('фінансуван- ня'), collapse spaces."""
    t = " ".join(text.replace("\u00a0", " ").casefold().split())
    return _HYPHEN_BREAK_RE.sub(r"\1\2", t) if "- " in t else t


# A column header naming a heading level ("Операційна ціль", "Напрям", "Ціль", "Розділ"): short,
# no number, no other words but an optional "Найменування"/"Назва".
_LEVEL_HEADER = re.compile(
    r"^(?:(?:найменування|назва)\s+)?(?P<w>розділ\w*|напрям\w*|(?:стратегічн|операційн)\w*\s+ціл\w*"
    r"|ціл[ьі])\s*[.:]?$"
)
_LEVEL_KIND = (("розділ", "section"), ("стратег", "strategic_goal"), ("операц", "operational_goal"))


def level_kind(text: str) -> str | None:
    """The heading kind a level column names, or None for a generic one ("Напрям", "Ціль")."""
    m = _LEVEL_HEADER.match(header_key(text))
    if not m:
        return None
    return next((kind for stem, kind in _LEVEL_KIND if m.group("w").startswith(stem)), None)


def is_level_header(text: str) -> bool:
    return bool(_LEVEL_HEADER.match(header_key(text)))


def role_of_header(text: str) -> str | None:
    key = header_key(text)
    # is_level_header(key); a key is its own key unless it still holds "- "
    if _LEVEL_HEADER.match(header_key(key) if "- " in key else key):
        return HEADING
    if (
        not key
        or len(key) > 90
        or key[0].isdigit()
        or key.startswith(("стратегічна", "операційна"))
    ):
        return None  # a numbered or labelled heading, not a column name
    for role, pattern in _ROLE_PATTERNS:
        if pattern.search(key):
            return role
    return None


def roles_for_header(cells: list[str]) -> list[str | None] | None:
    """Roles for a candidate header row, or None when it does not look like a plan header.

    A plan header names at least three distinct roles, one of them the measure or the task,
    and at least one of deadline or executors.
    """
    if sum(1 for c in cells if c.strip() and len(c) < 200) < 3:
        return None  # fewer than three short cells: a body row, not a header
    roles: list[str | None] = []
    distinct: set[str] = set()
    for i, c in enumerate(cells):
        role = role_of_header(c) if c.strip() else None
        roles.append(role)
        if role:
            distinct.add(role)
        if len(distinct) + len(cells) - i - 1 < 3:
            return None  # too few cells left to name three roles: a body row (most rows)
    named = [r for r in roles if r]
    if len(set(named)) < 3 + (HEADING in named) or not _repeats_are_secondary(cells, roles):
        return None
    if not {"measure", "task"} & set(named) or not {"deadline", "executors"} & set(named):
        return None
    return _keep_primary(cells, roles)


# A second column of a role that is not that role's own column: "Обсяг фінансування, тис. грн"
# beside "Джерела фінансування", "Співвиконавці" beside "Виконавці", "Очікуваний результат"
# beside "Індикатор виконання". The primary column gives the field; the other is left out.
_SECONDARY = re.compile(r"обсяг|сума|тис\.|вартіст|співвиконав|очікуван|результат|примітк")


def is_secondary_header(text: str) -> bool:
    return bool(_SECONDARY.search(header_key(text)))


def _repeats_are_secondary(cells: list[str], roles: list[str | None]) -> bool:
    """A role named twice is a header only when all but one of its columns are secondary."""
    for role in {r for r in roles if r and r != HEADING}:
        cols = [i for i, r in enumerate(roles) if r == role]
        if len(cols) > 1 and sum(not is_secondary_header(cells[i]) for i in cols) > 1:
            return False
    return True


def _keep_primary(cells: list[str], roles: list[str | None]) -> list[str | None]:
    out = list(roles)
    for role in {r for r in roles if r and r != HEADING}:
        cols = [i for i, r in enumerate(roles) if r == role]
        if len(cols) > 1:
            keep = next((i for i in cols if not is_secondary_header(cells[i])), cols[0])
            for i in cols:
                if i != keep:
                    out[i] = EXTRA
    return [r or EXTRA if cells[i].strip() else r for i, r in enumerate(out)]


def apply_overrides(
    header: list[str], roles: list[str | None], overrides: dict[int, str] | None
) -> list[str | None]:
    """A person's say on what a column holds replaces the header's guess for that column.

    ``overrides`` maps 0-based source columns to one of ``OVERRIDE_ROLES``; "ignore" leaves
    the column out (None). A role given to a new column is taken from any other column that
    had it by guess, so each field keeps one column.
    """
    out = list(roles) + [None] * (max(overrides or {0: ""}, default=0) + 1 - len(roles))
    for col, role in (overrides or {}).items():
        if role not in OVERRIDE_ROLES or not isinstance(col, int) or col < 0:
            raise ValueError(f"column {col!r}: unknown role {role!r}")
        if role not in (HEADING, AMOUNT, EXTRA, IGNORE):
            for i, r in enumerate(out):
                if r == role and i not in overrides:
                    out[i] = EXTRA if i < len(header) and header[i].strip() else None
        out[col] = None if role == IGNORE else role
    return out


_COLUMN_NUMBER = re.compile(r"^\s*(\d{1,2}|-{2,}|—+)\s*$")


def is_column_number_row(texts: list[str]) -> bool:
    """'1 2 3 4 5 6' under the header (repeated on each page) or '--- --- ---' artefacts."""
    cells = [t for t in texts if t.strip()]
    return len(cells) >= 2 and all(_COLUMN_NUMBER.match(t) for t in cells)
