"""Nothing is dropped silently: source text that no part of the plan took goes to ``unplaced``.

A safety net after the structure step, whatever reader and segmenter ran: every non-empty
cell of the Grid (and every line before and after the table) whose words are not all found
in the plan (headings, measures, ``extra``, title and approval, column names, warnings) is
kept in the plan's top-level ``unplaced`` list with its place, and warned about. Words are
compared, not strings, because the plan joins fragments and collapses spaces.
"""

from __future__ import annotations

import re

from planwatch.importer.grid import Grid
from planwatch.importer.structure.columns import FIELD_ROLES

_WORD = re.compile(r"\w{2,}")
# Words the plan states by its shape rather than as text: heading labels (a node's ``kind``),
# the approval stamp and the words of a date the plan keeps as ISO ("20 травня 2025 року").
IMPLIED = frozenset(
    [
        "розділ",
        "стратегічна",
        "ціль",
        "операційна",
        "завдання",
        "напрям",
        "затверджено",
        "затверджений",
        "затверджена",
        "року",
        "рік",
        "рр",
        "від",
        "січня",
        "лютого",
        "березня",
        "квітня",
        "травня",
        "червня",
        "липня",
        "серпня",
        "вересня",
        "жовтня",
        "листопада",
        "грудня",
    ]
)


def words(text: str) -> set[str]:
    """The words (runs of two or more word characters) of ``text``, case-folded.

    Cut at whitespace first (no word spans it): a piece that is all letters or digits is one
    word, only the others (with punctuation) go through the pattern; equal pieces once."""
    return _words_of(set(text.casefold().split()))


def _key_words(keys: str) -> set[str]:
    """``words`` of ``_key`` texts joined by line breaks: already case-folded (folding twice
    changes nothing) with single spaces, so cut at those two characters only (faster)."""
    return _words_of(set(keys.replace("\n", " ").split(" ")))


def _words_of(pieces: set[str]) -> set[str]:
    out: set[str] = set()
    for piece in pieces:
        if piece.isalnum():
            if len(piece) > 1:
                out.add(piece)
        else:
            out.update(_WORD.findall(piece))
    return out


def plan_strings(plan: dict) -> list[str]:
    """The plan's texts: title and approval block, column names, headings, measures' cells and
    ``extra`` (headers and texts), warnings. Only these: the walk runs on every import."""
    parts: list[str] = [plan.get("title") or "", plan.get("issuer") or ""]
    parts += [v for v in (plan.get("approval") or {}).values() if isinstance(v, str)]
    parts += plan.get("columns") or []
    parts += [str(w.get("message", "")) for w in plan.get("warnings") or []]
    parts += [u["text"] for u in plan.get("unplaced") or []]
    stack = list(plan.get("nodes") or [])
    measures = list(plan.get("measures") or [])
    while stack:
        node = stack.pop()
        parts += (node["number"], node["title"], f"{node['number']} {node['title']}")
        measures += node["measures"]
        stack += node["children"]
    for m in measures:
        parts += (m["number"], m["text"])
        parts += (m[f]["text"] for f in FIELD_ROLES)
        for k, v in (m.get("extra") or {}).items():
            parts += (k, v)
        parts += money_texts(m["funding"])
    if isinstance(plan.get("totals"), dict):
        parts.append(plan["totals"].get("text") or "")
        parts += money_texts(plan["totals"].get("funding") or {})
    return parts


def money_texts(funding: dict) -> list[str]:
    """The printed amounts of a funding cell (``structure/money.py``)."""
    texts = [
        a.get("text", "")
        for a in (funding.get("amounts") or []) + (funding.get("subtotals") or [])
        if isinstance(a, dict)
    ]
    return [*texts, funding.get("total_text") or ""]


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


_NUMBER = re.compile(r"^\s*\S{1,12}\s")  # "1)", "1.1.", "I." before a measure or heading text


def place(grid: Grid, line: int | None) -> dict:
    """Where a text stood, as a person finds it: a PDF's page and row, a table's row, a line."""
    if not line:
        return {}
    if grid.source_format == "pdf":
        return {"page": line // 1000, "row": line % 1000}
    if grid.source_format == "text":
        return {"line": line}
    return {"row": line}


def source_texts(grid: Grid, skip: frozenset[int] = frozenset()):
    """(line, text) for every non-empty cell and every line around the table; ``skip``:
    columns a person said to ignore."""
    for n, text in grid.preamble:
        yield n, text, False
    for row in grid.rows:
        for cell in row.cells:
            if cell.text.strip() and not cell.merged_above and cell.col not in skip:
                line = cell.lines[0] if cell.lines else (row.lines[0] if row.lines else None)
                yield line, cell.text, True
    for n, text in grid.trailer:
        yield n, text, False


def collect(grid: Grid, plan: dict, warn, skip: frozenset[int] = frozenset()) -> list[dict]:
    """The texts of ``grid`` the plan lost, each with its place; one warning for each."""
    strings = set(plan_strings(plan))
    whole = {_key(t) for t in strings}
    joined = "\n".join(whole)
    seen: set[str] | None = None
    out: list[dict] = []
    for line, text, in_table in source_texts(grid, skip):
        if text in strings:
            continue  # in the plan as it was printed: cheaper than its key, the same answer
        key = _key(text)
        if key in whole or _NUMBER.sub("", key, count=1) in whole:
            continue  # the usual case, and a fast one: the cell is in the plan as it is
        if _stated(key, joined):
            continue  # a part of a plan text (a cell cut in two and joined): its words are
        if seen is None:
            seen = _key_words(joined) | IMPLIED
        if words(text) <= seen:
            continue
        short = " ".join(text.split())
        where = place(grid, line) if in_table else ({"line": line} if line else {})
        out.append({"text": short, **where})
        warn(line, "unplaced_text", text=short[:80])
    return out


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # what \w matches in a str pattern


def _stated(key: str, joined: str) -> bool:
    """``key`` stands in the plan's texts between word boundaries, so each of its words is a
    word of the plan: ``words(key) <= words(joined)`` without cutting the plan into words."""
    start = joined.find(key)
    while start >= 0:
        end = start + len(key)
        if (start == 0 or not _is_word_char(key[0]) or not _is_word_char(joined[start - 1])) and (
            end == len(joined) or not _is_word_char(key[-1]) or not _is_word_char(joined[end])
        ):
            return True
        start = joined.find(key, start + 1)
    return False
