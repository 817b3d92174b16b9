"""What a single cell looks like: a measure number, a heading, or a deadline/funding/executors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# "1)", "12 )", OCR "б)" for "6)"; "1.1.1." dotted items are measures only in the measure column.
_MEASURE_NUMBER = re.compile(r"^\s*(\d{1,3}|[бb])\s?\)\s*", re.IGNORECASE)
_DOTTED_NUMBER = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,3}){2,})\.?\s+")
# Roman numerals as typed: Latin, the Cyrillic look-alikes typists and OCR use (І for I,
# Х for X, У for V), and the Unicode numerals (Ⅳ). Read by ``roman_value``.
_ROMAN = r"[IVXLІХУⅠ-Ⅻ]{1,6}"

_LABELLED = (
    ("section", re.compile(rf"^\s*розділ\s+({_ROMAN}|\d{{1,2}})\s*[.:]?\s*", re.I)),
    ("strategic_goal", re.compile(r"^\s*стратегічна\s+ціль\s*(\d{1,2})?\s*[.:]?\s*", re.I)),
    ("strategic_goal", re.compile(r"^\s*(\d{1,2})\s*\.?\s*стратегічна\s+ціль\s*[.:]?\s*", re.I)),
    (
        "operational_goal",
        re.compile(r"^\s*операційна\s+ціль\s*(\d{1,2}(?:\.\d{1,2})?)?\s*[.:]?\s*", re.I),
    ),
    (
        "operational_goal",
        re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})?)\s*\.?\s*операційна\s+ціль\s*[.:]?\s*", re.I),
    ),
    ("task", re.compile(r"^\s*завдання\s+(\d{1,2}(?:\.\d{1,2})*)\s*[.:]?\s*", re.I)),
    ("section", re.compile(rf"^\s*({_ROMAN})\s*\.\s*(?=\S)")),
    # a generic label: "Напрям 2. …", "Ціль 1: …", "Пріоритет 3 …" — numbered, level by context
    (None, re.compile(r"^\s*(?:напрям|ціль|пріоритет)\s+(\d{1,2}(?:\.\d{1,2})*)\s*[.:]?\s*", re.I)),
)
# What every pattern above and _NUMBERED begins with (a label word, a digit or ".", a Roman
# numeral): one match that turns away the usual cell, a measure's sentence, before the eight.
_MAY_BE_HEADING = re.compile(
    rf"^\s*(?:розділ|стратегічна|операційна|завдання|напрям|ціль|пріоритет|[\d.]|{_ROMAN})",
    re.I,
)
_NUMBERED = re.compile(r"^\s*(\.?\d{1,2}(?:\.\d{1,2}){0,3})(?:\.(?!\d)|(?=\s))\s*(?=\S)")
_NUMBER_ONLY = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){0,3})\s*\.?\s*$")


KINDS = ("section", "strategic_goal", "operational_goal", "task")  # heading kinds, outermost first
RANK = {k: i for i, k in enumerate(KINDS)}


@dataclass(frozen=True)  # shared: ``heading`` answers a repeated text from its cache
class Heading:
    kind: str | None  # section / strategic_goal / operational_goal / task, or None: by context
    number: str
    title: str


def measure_number(text: str) -> tuple[str, str] | None:
    """('1)', rest) for a measure start; the OCR slip 'б)' is returned as printed."""
    m = _MEASURE_NUMBER.match(text)
    if not m:
        return None
    return f"{m.group(1)})", text[m.end() :]


def dotted_measure_number(text: str) -> tuple[str, str] | None:
    m = _DOTTED_NUMBER.match(text)
    return (m.group(1), text[m.end() :]) if m else None


# "1. Провести", "2.Забезпечити", "1.2. «Назва»", "1.2 Створити", "1.2) навчити": a short
# number before a word. Only for a cell already known to be a measure (a heading looks the
# same). Not "2025 року", "1.5 тис.", "1. 5 семінарів": no dot before a lower-case word, no
# digit after the number.
_SHORT_NUMBER = re.compile(
    r"^\s*(?:(\d{1,2}(?:\.\d{1,3})?)\.\s*(?=[^\W\d_]|[«\"“„])"
    r"|(\d{1,2}\.\d{1,3})\s+(?=[A-ZА-ЯҐЄІЇ«\"“„])"
    r"|(\d{1,2}\.\d{1,3})\s?\)\s*(?=[^\W\d_]|[«\"“„]))"
)


def short_measure_number(text: str) -> tuple[str, str] | None:
    """('1.2', rest) for a measure cell that starts with its number typed '1.', '1.2.' or
    '1.2)'."""
    m = _SHORT_NUMBER.match(text)
    if not m:
        return None
    return (m.group(1) or m.group(2) or f"{m.group(3)})", text[m.end() :])


# A plan's cells are looked at again and again (a text rendering's row is rebuilt, re-scored
# and re-aligned); these answers are kept for the texts of the import under way and forgotten
# when it starts and ends (``forget``, from ``api.parse_document``): each import is timed and
# sized on its own, and no cell's reading outlives its import.
_KEPT = 4096


@lru_cache(maxsize=_KEPT)
def heading(text: str) -> Heading | None:
    """A heading's kind (when its label says it), number and title, or None if not a heading."""
    t = text.strip()
    if not _MAY_BE_HEADING.match(t):
        return None
    for kind, pattern in _LABELLED:
        m = pattern.match(t)
        if m and kind == "section" and not _valid_roman(m.group(1)):
            continue
        if m:
            return Heading(kind, (m.group(1) or "").strip(), t[m.end() :].strip(" .:"))
    m = _NUMBERED.match(t)
    if m and not _MEASURE_NUMBER.match(t):
        return Heading(None, m.group(1), t[m.end() :].strip())
    return None


_LOOK_ALIKES = str.maketrans("ІХУⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ", "IXV" + "\x00" * 12)
_ROMAN_VALID = re.compile(r"^(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")


def _valid_roman(token: str) -> bool:
    """'IV', 'ІУ' (Cyrillic look-alikes), 'Ⅳ' read as numerals; 'VV', 'IIII' are not; digits are."""
    if token.isdigit() or any("\u2160" <= ch <= "\u216b" for ch in token):
        return True
    return bool(_ROMAN_VALID.match(token.translate(_LOOK_ALIKES)))


def number_only(text: str) -> str | None:
    """'1.' / '2.1' alone in a '№ з/п' cell."""
    m = _NUMBER_ONLY.match(text)
    return m.group(1) if m else None


# ---- field likeness: used to put cells into columns when the source does not say --------
_YEAR = re.compile(r"\b(19|20)\d{2}\b|\b20\d{2}-")


class _Caseless:
    """A re.I pattern that matches a text of plain characters (ASCII, the Cyrillic block,
    uncased punctuation) lower-cased, case-sensitively: re.I scans such a pattern position
    by position, the lower-case copy skips ahead by its first letters, several times faster
    on a long cell. For these characters lower-casing is exactly what re.I compares (its
    other equivalences, ſ, K, ᲀ…, are outside them); any other text takes the re.I pattern."""

    def __init__(self, pattern: str, flags: int) -> None:
        assert flags == re.I and not re.search(r"\\[A-Z]", pattern)  # no \S, \W, \D, \B
        self.caseless = re.compile(pattern, re.I)
        self.lower = re.compile(pattern.lower())

    def _pick(self, text: str) -> tuple[re.Pattern, str]:
        return (self.lower, text.lower()) if _PLAIN.fullmatch(text) else (self.caseless, text)

    def search(self, text: str) -> re.Match | None:
        pattern, t = self._pick(text)
        return pattern.search(t)

    def findall(self, text: str) -> list:
        pattern, t = self._pick(text)
        return pattern.findall(t)


# ASCII, the Cyrillic block, Latin-1 punctuation (NBSP, «, », °, not µ), ʼ, general punctuation
# (’ – — …), №, ₴: characters whose lower case is one character of the same kind and that re.I
# equates with nothing else
_PLAIN = re.compile(
    r"[\x00-\x7f\u0400-\u04ff\u00a0-\u00b4\u00b6-\u00bf\u02bc\u2000-\u206f\u2116\u20b4]*"
)
_DEADLINE_WORDS = _Caseless(
    r"\bрок[иуіа]?\b|\bр\.|квартал|\bкв\.|півріч|постійно|щороку|щомісяц|щокварт|щопівроку|"
    r"протягом|впродовж|починаючи|до кінця|потреб|січ|лют|берез|квіт|трав|черв|лип|серп|"
    r"верес|жовт|листоп|груд|щотижн|після|термін",
    re.I,
)
_FUNDING_WORDS = _Caseless(
    r"бюджет|кошт|фінансуванн|кошторис|позабюджет|спонсор|донор|не потребує|грант", re.I
)
_EXECUTOR_WORDS = _Caseless(
    r"відділ|служб|управлін|центр|\bКП\b|\bКНП\b|\bКЗ\b|\bКУ\b|рада|ради|департамент|"
    r"адміністрац|згодою|організац|заклад|комітет|громад|\bГО\b|\bЦНСП\b|\bССД\b|поліці|"
    r"\bГУНП\b|\bРВП\b|амбулатор|лікар|суд|прокурат|навчальн|школ|виконком|голова|заступник|"
    r"сектор|фонд|ЮНІСЕФ|UNICEF|міністерств|інспектор|спеціаліст|фахівц",
    re.I,
)


@lru_cache(maxsize=_KEPT)
def deadline_score(text: str) -> float:
    t = text.strip()
    if not t:
        return 0.0
    score = 0.0
    if _YEAR.search(t):
        score += 0.6
    if _DEADLINE_WORDS.search(t):
        score += 0.7 if len(t) <= 40 else 0.5
    if len(t) > 120:
        score -= 0.6
    if _FUNDING_WORDS.search(t) or _EXECUTOR_WORDS.search(t):
        score -= 0.4
    return score


@lru_cache(maxsize=_KEPT)
def funding_score(text: str) -> float:
    t = text.strip()
    if not t:
        return 0.0
    return (0.9 if _FUNDING_WORDS.search(t) else 0.0) - (0.4 if len(t) > 200 else 0.0)


@lru_cache(maxsize=_KEPT)
def executors_score(text: str) -> float:
    t = text.strip()
    if not t:
        return 0.0
    hits = len(_EXECUTOR_WORDS.findall(t))
    score = min(1.0, 0.45 * hits)
    if _FUNDING_WORDS.search(t) and hits < 2:
        score -= 0.3
    return score


def forget() -> None:
    """Drop the kept answers (before and after each import)."""
    for fn in (heading, deadline_score, funding_score, executors_score):
        fn.cache_clear()
