"""The plan's title, approving act, approval date and number, period and issuer.

Read from the lines above the table. A plan with no line naming it has no title (None), never
its file name; a plan that states no period takes the span of its deadlines. The approval stamp ('ЗАТВЕРДЖЕНО') is followed by the act
('рішенням … ради', 'розпорядження голови …') and a line with the date and '№'. The title is
the block that names the plan ('План заходів …').
"""

from __future__ import annotations

import re

from planwatch.importer.structure.text import collapse

MONTHS = {
    "січня": 1,
    "лютого": 2,
    "березня": 3,
    "квітня": 4,
    "травня": 5,
    "червня": 6,
    "липня": 7,
    "серпня": 8,
    "вересня": 9,
    "жовтня": 10,
    "листопада": 11,
    "грудня": 12,
}
_STAMP = re.compile(r"^\s*(затверджено|затверджений|затверджена|схвалено)\b", re.I)
_DATE_WORDS = re.compile(r"(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})", re.I)
_DATE_DOTS = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
_NUMBER = re.compile(r"№\s*([\w/\-–.]*\w)?")
_YEARS = re.compile(
    r"\bна\s+((?:19|20)\d{2})\s*(?:[-–—˗]\s*((?:19|20)\d{2}))?\s*(?:рок|рік|р\.)", re.I
)


def read_meta(lines: list[tuple[int, str]]) -> dict:
    """Title (None when no line names the plan: never a file name or a stray line), approval,
    period with where it was read ("title", "approval", "preamble"), issuer."""
    lines = [(n, collapse(t)) for n, t in lines if collapse(t)]
    stamp = next((i for i, (_, t) in enumerate(lines) if _STAMP.match(t)), None)
    approval, after = _approval(lines, stamp)
    title_lines = _title_lines(lines[after:] if stamp is not None else lines)
    title = collapse(" ".join(title_lines)) or None
    sources = (
        ("title", title or ""),
        ("approval", approval.get("text", "")),
        ("preamble", " ".join(t for _, t in lines)),
    )
    source, period = next(((s, p) for s, t in sources if (p := _period(t))), (None, None))
    return {
        "title": title,
        "approval": approval,
        "period": period,
        "period_source": source,
        "issuer": _issuer(title or "", approval.get("text", ""), lines),
    }


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def period_from_deadlines(texts: list[str]) -> dict | None:
    """The span of the years the measures' deadlines name: a plan that states no period."""
    years = [int(y) for t in texts for y in _YEAR.findall(t or "")]
    return {"start": min(years), "end": max(years)} if years else None


def _approval(lines: list[tuple[int, str]], stamp: int | None) -> tuple[dict, int]:
    empty = {"text": "", "date": None, "number": None}
    if stamp is None:
        return empty, 0
    parts: list[str] = []
    for i in range(stamp, min(stamp + 8, len(lines))):
        text = lines[i][1]
        if i == stamp:
            text = _STAMP.sub("", text).strip(" :")
        date, rest = _find_date(text)
        if date or "№" in text:
            parts.append(rest)
            number = _NUMBER.search(text)
            approved_by = collapse(" ".join(parts))
            return {
                "text": approved_by,
                "date": date,
                "number": number.group(1) if number and number.group(1) else None,
            }, i + 1
        parts.append(text)
    return {**empty, "text": collapse(" ".join(parts))}, stamp + 1


def _find_date(text: str) -> tuple[str | None, str]:
    """ISO date of the first date in the text, and the text before it."""
    m = _DATE_WORDS.search(text)
    if m:
        iso = f"{int(m.group(3)):04d}-{MONTHS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}"
        return iso, text[: m.start()].strip()
    m = _DATE_DOTS.search(text)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}", text[
            : m.start()
        ].strip()
    if "№" in text:
        return None, text[: text.index("№")].strip()
    return None, text


def _title_lines(lines: list[tuple[int, str]]) -> list[str]:
    """From the first line that names a plan to the end of the preamble."""
    start = next((i for i, (_, t) in enumerate(lines) if re.search(r"\bплан\b", t, re.I)), None)
    if start is None:
        return []  # no title paragraph: the plan gets none (a person enters it on review)
    return [t for _, t in lines[start:]]


def _period(text: str) -> dict | None:
    m = _YEARS.search(text)
    if not m:
        return None
    start = int(m.group(1))
    return {"start": start, "end": int(m.group(2) or start)}


_OWNER = re.compile(
    r"([А-ЯІЇЄҐ][а-яіїєґʼ’'-]+)(?:ої|ій)\s+(сільськ|селищн|міськ)(?:ої|ій)\s+"
    r"(?:територіальн(?:ої|ій)\s+громад[иі]|рад[иі])"
)
_BODY = re.compile(r"(адміністрація|рада)\s*$", re.I)


def _issuer(title: str, approval: str, lines: list[tuple[int, str]]) -> str:
    """The body that owns the plan, in the nominative, as far as the text allows.

    'Піщанської сільської ради' / 'в Калуській міській територіальній громаді' → 'Піщанська
    сільська рада' / 'Калуська міська рада'; an upper-case letterhead line ('ЛУГАНСЬКА
    ОБЛАСНА ДЕРЖАВНА АДМІНІСТРАЦІЯ') is taken as it is, in sentence case.
    """
    for text in (approval, title):
        m = _OWNER.search(text)
        if m:
            return f"{m.group(1)}а {m.group(2).lower()}а рада"
    for _, text in lines[:6]:
        if text.isupper() and _BODY.search(text):
            return text.capitalize()
    return ""
