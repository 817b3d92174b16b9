"""Repairs for what Tesseract's Ukrainian model cannot write at all.

The ``ukr`` LSTM model's alphabet (its lstm-unicharset) has Cyrillic letters, digits and
basic punctuation only: no Latin letters, no "%", no "№". So it must misread Roman numerals
("IV квартал" → "ІУ квартал", "II" → "П"), "100 %" → "100 96", "№ 1003" → "Ме 1003". These
substitutions are systematic; each fix below is limited to the context where the original
character is the only sensible reading. Other misreadings are left alone (and low confidence
cells are flagged for a person instead).
"""

from __future__ import annotations

import re

_ROMAN = re.compile(r"X{0,3}(IX|IV|V?I{0,3})")
_ROMAN_MAP = {
    "І": "I", "I": "I", "1": "I", "П": "II", "Ш": "III", "У": "V", "V": "V", "Х": "X", "X": "X",
    "Т": "I", "М": "",  # "ІМ": IV badly read; only the re-read can say
}  # fmt: skip
_ROMAN_NEXT = re.compile(r"(квартал|півріч|етап|рівн|ступен|сесі|скликан|категор)", re.I)
_ROMAN_PREV = re.compile(r"(розділ|етап|частин)", re.I)  # "Розділ І", "етап ІІ"
_CANDIDATE = re.compile(r"[ІIПШУVХXТМ1]{1,5}")
_PERCENT = re.compile(r"(?<![\d.,])(\d{1,3})( ?)96\b(?!\s*р)")
_NUMBER_SIGN = re.compile(r"\bМ[оеe]?\.?(?=\s*\d)|\bМо(?=\s+з/п)")


def _looks_roman(pieces: list[str]) -> bool:
    """Every piece is made of letters a numeral can be misread as, and not just digits."""
    if not all(_CANDIDATE.fullmatch(p) for p in pieces):
        return False
    joined = "".join(pieces)
    return not joined.isdigit() and not (joined.startswith("Т") and "У" not in joined)


def _roman(token: str) -> str | None:
    """The Roman numeral a Cyrillic look-alike token stands for, if it maps to a valid one."""
    if not _CANDIDATE.fullmatch(token) or "М" in token:
        return None
    latin = "".join(_ROMAN_MAP[ch] for ch in token)
    return latin if latin and _ROMAN.fullmatch(latin) else None


def roman_positions(words: list[str]) -> list[int]:
    """Indexes of the words of one OCR line that are Roman numerals read as Cyrillic.

    A multi-letter look-alike ("ІІ", "ІУ", "ТУ") is one by itself; a single "І" or "У" (also
    Ukrainian words) only beside a word that takes a numeral (квартал, етап, рівнів …), in a
    list of such numerals, or as the number of a heading ("І. Координація").
    """
    found = []
    for i, word in enumerate(words):
        core = word.rstrip(".,;:)")
        pieces = core.split("-")  # ranges: "І-ІП ступенів"
        if not core or not _looks_roman(pieces):
            continue
        nxt = words[i + 1] if i + 1 < len(words) else ""
        prev = words[i - 1] if i > 0 else ""
        third = words[i + 3] if i + 3 < len(words) else ""
        sure = len(core) > 1 and not core[0].isdigit()
        heading = i == 0 and word.endswith(".")
        context = _ROMAN_NEXT.match(nxt) or _ROMAN_PREV.match(prev)
        listed = nxt in ("і", "та", "й", "-", ",") and _ROMAN_NEXT.match(third)
        if sure or heading or context or listed:
            found.append(i)
    return found


def ambiguous(word: str) -> bool:
    """ "П" is II or the end of III, "М" is anything: only another reading can tell."""
    return "П" in word or "М" in word


def to_roman(word: str, reread: str | None = None) -> str:
    """``word`` with its numeral in Latin letters: the re-read one if valid, else mapped."""
    core = word.rstrip(".,;:)")
    tail = word[len(core) :]
    if reread:
        latin = reread.strip().rstrip(".,;:)").replace("l", "I").replace("1", "I").upper()
        valid = all(_ROMAN.fullmatch(p) and p for p in latin.split("-"))
        if valid and latin.count("-") == core.count("-"):
            return latin + tail
    mapped = [_roman(p) for p in core.split("-")]
    if all(mapped):
        return "-".join(mapped) + tail
    return word


def repair(text: str) -> str:
    """Undo the model's forced substitutions for "%" and "№" (numerals: ``to_roman``)."""
    if not text:
        return text
    text = _PERCENT.sub(lambda m: f"{m.group(1)}{m.group(2)}%", text)
    return _NUMBER_SIGN.sub("№", text)
