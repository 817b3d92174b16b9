"""Text clean-up shared by the cell parsers.

Cells come from Word, PDF text and OCR: dashes of every width, non-breaking spaces, line breaks
inside a cell and three apostrophes all mean the same thing to a reader. The parsers match on a
cleaned copy; the cell's own ``text`` is never changed.
"""

from __future__ import annotations

import re
import unicodedata

# hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus, U+02D7 "˗"
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u02d7\u2043\ufe63\uff0d"
APOSTROPHES = "\u2019\u02bc\u05f3\u2018\u0060\u00b4\u02b9"
_DASH_RE = re.compile(f"[{DASHES}]")
_APOS_RE = re.compile(f"[{APOSTROPHES}]")
_SPACE_RE = re.compile(r"\s+")
_ROMAN_CHARS_RE = re.compile("[\u2160-\u217f]")  # "Ⅱ" → "II"


def clean(text: object) -> str:
    """NFC, one kind of dash/apostrophe/space, no line breaks; case is kept."""
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFC", text)
    text = _ROMAN_CHARS_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = _DASH_RE.sub("-", text)
    text = _APOS_RE.sub("'", text)
    return _SPACE_RE.sub(" ", text).strip()


def fold(text: object) -> str:
    """``clean`` plus case folding: the form the pattern tables are written against."""
    return clean(text).casefold()
