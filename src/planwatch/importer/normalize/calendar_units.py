"""Calendar units in a deadline cell: years, halves, quarters, months and days.

The deadline parser reads a cell in two steps. This module does the first: it finds the
calendar units ("березень", "ІІ кв.", "2025", "10 січня", "01.07.2025") and lets a year that
closes a range or list reach back to the units before it ("березень-червень 2025 року",
"ІІ-ІІІ кв. 2019 року"). What the units mean together ("до", "починаючи з", a range) is
decided in ``deadline.py``.

Patterns are written against folded text (``text.fold``) with OCR noise already repaired:
roman numerals may mix Latin I/V/X with Cyrillic І/Х, digits may touch words ("10січня").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

# Every case form of the month names: січень/січня/січні/січнем/січню, листопад/листопада …
MONTH_FORMS = {
    1: r"січ(?:ень|ня|ні|нем|ню)",
    2: r"лют(?:ий|ого|ому|им|ім)",
    3: r"берез(?:ень|ня|ні|нем|ню)",
    4: r"квіт(?:ень|ня|ні|нем|ню)",
    5: r"трав(?:ень|ня|ні|нем|ню)",
    6: r"черв(?:ень|ня|ні|нем|ню)",
    7: r"лип(?:ень|ня|ні|нем|ню)",
    8: r"серп(?:ень|ня|ні|нем|ню)",
    9: r"верес(?:ень|ня|ні|нем|ню)",
    10: r"жовт(?:ень|ня|ні|нем|ню)",
    11: r"листопад(?:а|і|ом|у)?",
    12: r"груд(?:ень|ня|ні|нем|ню)",
}
ORDINALS = {"перш": 1, "друг": 2, "трет": 3, "четверт": 4}
ROMAN_VALUES = {"i": 1, "і": 1, "v": 5, "x": 10, "х": 10}

_L = "a-zа-яіїєґ'"  # letters, for hand-made word boundaries (\b treats digits as letters)
_MONTH = "|".join(f"(?P<m{n}>{rx})" for n, rx in MONTH_FORMS.items())
TOKEN_RE = re.compile(
    rf"(?P<date>(?<!\d)\d{{1,2}}\.\d{{1,2}}\.(?:19|20)\d{{2}}(?!\d))"
    rf"|(?P<year>(?<!\d)(?:19|20)\d{{2}}(?!\d))"
    rf"|(?P<num>(?<![\d.])\d{{1,2}}(?![\d.]))"
    rf"|(?<![{_L}])(?:{_MONTH})(?![{_L}])"
    rf"|(?P<quarter>(?<![{_L}])кв(?:артал[{_L}]*|\.|(?![{_L}])))"
    rf"|(?P<half>(?<![{_L}])(?:півріч|півро|половин)[{_L}]*)"
    rf"|(?P<roman>(?<![{_L}])[ivxіх]{{1,5}}(?![{_L}]))"
    rf"|(?P<ordinal>(?<![{_L}])(?:перш|друг|трет|четверт)[{_L}]*)"
    rf"|(?P<dash>-)"
    rf"|(?P<sep>[,;]|(?<![{_L}])(?:та|і|й|and)(?![{_L}]))"
    rf"|(?P<word>[{_L}]+)"
)


@dataclass
class Token:
    kind: str  # date, year, num, month, quarter, half, roman, ordinal, dash, sep, word
    text: str
    value: object = None


@dataclass
class Unit:
    """One calendar unit; ``year`` may be missing until a later year fills it."""

    kind: str  # "year", "half", "quarter", "month", "day"
    year: int | None
    number: int = 0  # half 1-2, quarter 1-4, month 1-12
    day: int = 0
    before: tuple[str, ...] = ()  # folded words right before the unit ("до", "кінця", "з")
    joined: str = ""  # how it is tied to the previous unit: "range", "list" or ""
    filled: bool = False  # the year was taken from a neighbouring unit

    def bounds(self, year: int) -> tuple[date, date]:
        """First and last day of the unit in ``year`` (the unit's own year wins)."""
        y = self.year or year
        if self.kind == "year":
            return date(y, 1, 1), date(y, 12, 31)
        if self.kind == "half":
            return date(y, 6 * self.number - 5, 1), _month_end(y, 6 * self.number)
        if self.kind == "quarter":
            return date(y, 3 * self.number - 2, 1), _month_end(y, 3 * self.number)
        if self.kind == "month":
            return date(y, self.number, 1), _month_end(y, self.number)
        day = min(self.day, calendar.monthrange(y, self.number)[1])
        return date(y, self.number, day), date(y, self.number, day)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def roman_value(text: str) -> int:
    """Value of a roman numeral in mixed Latin/Cyrillic letters ("ІV" → 4); 0 if malformed."""
    values = [ROMAN_VALUES.get(ch, 0) for ch in text]
    if not values or 0 in values:
        return 0
    total = 0
    for i, v in enumerate(values):
        total += -v if i + 1 < len(values) and values[i + 1] > v else v
    return total if total > 0 else 0


def repair(folded: str) -> str:
    """Undo OCR and typing noise that would hide a unit."""
    folded = _OCR_YEAR_RE.sub(_ocr_year, folded)  # "2о25" with a letter o
    folded = re.sub(r"(\d)\s*-\s*(?:й|ий|го|ого|му|ому|ім|м)(?![а-яіїєґ])", r"\1", folded)
    folded = re.sub(r"([ivxіх])\s*-\s*(?:й|ий|го|ого|му|ому|ім|м)(?![а-яіїєґ])", r"\1", folded)
    folded = re.sub(r"(?<![a-zа-яіїєґ'])([ivxіх]+)(?=кв|пів)", r"\1 ", folded)  # "IIкв."
    folded = re.sub(r"(?<![\d.])(\d{1,2}\.\d{1,2}\.)(\d{2})(?![\d.])", r"\g<1>20\2", folded)
    folded = re.sub(r"((?:19|20)\d{2})\s*/\s*(?=(?:19|20)?\d{2}(?!\d))", r"\1-", folded)
    # "2025-26 роки": a two-digit end year
    return re.sub(
        r"(?<!\d)((?:19|20)(\d{2}))\s*-\s*(\d{2})(?![\d.])",
        lambda m: f"{m.group(1)}-{m.group(1)[:2]}{m.group(3)}",
        folded,
    )


_OCR_YEAR_RE = re.compile(r"(?<![\w.])[12][0-9оo]{3}(?![\d.])")


def _ocr_year(match: re.Match) -> str:
    fixed = match.group().replace("о", "0").replace("o", "0")
    return fixed if re.fullmatch(r"(?:19|20)\d{2}", fixed) else match.group()


def tokenize(folded: str) -> list[Token]:
    tokens = []
    for m in TOKEN_RE.finditer(repair(folded)):
        kind = m.lastgroup or "word"
        if kind.startswith("m") and kind[1:].isdigit():
            tokens.append(Token("month", m.group(), int(kind[1:])))
        else:
            tokens.append(Token(kind, m.group()))
    return tokens


def _ordinal_number(token: Token) -> int:
    """Number of a quarter/half given as roman, digit or ordinal word; 0 if none."""
    if token.kind == "roman":
        return roman_value(token.text)
    if token.kind == "num":
        return int(token.text)
    if token.kind == "ordinal":
        return next((n for stem, n in ORDINALS.items() if token.text.startswith(stem)), 0)
    return 0


def _number_run(tokens: list[Token], i: int) -> tuple[list[int], int]:
    """Numbers joined by dashes/"та" from ``i`` up to a quarter or half word.

    Returns the numbers and the index of that word, or ([], i) when the run is not followed by
    one (a lone Cyrillic "і" is then the conjunction, not the numeral I).
    """
    numbers, j = [], i
    while j < len(tokens):
        n = _ordinal_number(tokens[j])
        if not n:
            break
        numbers.append(n)
        j += 1
        joined = j + 1 < len(tokens) and tokens[j].kind in ("dash", "sep")
        if joined and _ordinal_number(tokens[j + 1]):
            j += 1
            continue
        break
    if numbers and j < len(tokens) and tokens[j].kind in ("quarter", "half"):
        return numbers, j
    return [], i


def find_units(tokens: list[Token]) -> tuple[list[Unit], list[str]]:
    """Calendar units in token order, and the warnings met on the way."""
    units: list[Unit] = []
    warnings: list[str] = []
    words: list[str] = []
    link = ""
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        found, after = _unit_at(tokens, i, warnings)
        if after > i + 1 or found:
            i = after
            for k, unit in enumerate(found):
                unit.before = tuple(words)
                unit.joined = link if k == 0 else "range"
                if unit.kind == "year" and _takes_year(units, link, unit):
                    continue
                units.append(unit)
            words, link = [], ""
            continue
        if tok.kind == "dash":
            link = "range"
        elif tok.kind == "sep" or tok.text in ("і", "i"):
            link = link or "list"
        elif tok.kind == "word":
            words.append(tok.text)
            if tok.text in ("по", "до") and units and not link:
                link = "range"
        i += 1
    _fill_years(units)
    return units, warnings


def _takes_year(units: list[Unit], link: str, year_unit: Unit) -> bool:
    """A year right after a yearless unit belongs to it ("березень 2025", "ІІ кв. 2019")."""
    if units and units[-1].year is None and not link and units[-1].kind != "year":
        units[-1].year = year_unit.year
        return True
    return False


def _fill_years(units: list[Unit]) -> None:
    """A year closing a range or list also dates the units before it in that range/list
    ("березень-червень 2025 року"); a unit after a dated one shares its year
    ("2025 рік (ІІ півріччя)"). Filled years are marked, so a yearly due day stays one."""
    for k in range(len(units) - 2, -1, -1):
        nxt = units[k + 1]
        if units[k].year is None and nxt.year is not None and nxt.joined:
            units[k].year, units[k].filled = nxt.year, True
    for k in range(1, len(units)):
        if units[k].year is None and units[k - 1].year is not None:
            units[k].year, units[k].filled = units[k - 1].year, True


def _unit_at(tokens: list[Token], i: int, warnings: list[str]) -> tuple[list[Unit], int]:
    """The unit(s) starting at token ``i`` and the index after them; ([], i) if none."""
    tok = tokens[i]
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if tok.kind == "date":
        d, m, y = (int(p) for p in tok.text.split("."))
        if 1 <= m <= 12 and 1 <= d <= 31:
            return [Unit("day", y, m, d)], i + 1
        warnings.append(f"deadline: «{tok.text}» is not a valid date")
        return [], i + 1
    if tok.kind == "year":
        return [Unit("year", int(tok.text))], i + 1
    if tok.kind == "month":
        return [Unit("month", None, int(tok.value))], i + 1
    if tok.kind == "num" and nxt is not None and nxt.kind == "month":
        day = int(tok.text)
        if 1 <= day <= 31:
            return [Unit("day", None, int(nxt.value), day)], i + 2
    numbers, j = _number_run(tokens, i)
    if numbers:
        return _periods(numbers, tokens[j].kind, warnings), j + 1
    return [], i + 1


def _periods(numbers: list[int], kind: str, warnings: list[str]) -> list[Unit]:
    limit = 4 if kind == "quarter" else 2
    units = [Unit(kind, None, n) for n in numbers if 1 <= n <= limit]
    if len(units) < len(numbers):
        label = "quarter" if kind == "quarter" else "half-year"
        warnings.append(f"deadline: a {label} number outside 1-{limit} was ignored")
    return units
