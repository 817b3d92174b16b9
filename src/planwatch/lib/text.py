"""Small text helpers shared by the apps. No Django models here."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_APOSTROPHES = str.maketrans({"'": "’", "ʼ": "’", "`": "’", "‘": "’", "«": '"', "»": '"'})


def collapse(text: str | None) -> str:
    """Whitespace collapsed to single spaces, as plan-format.md stores every cell."""
    return _SPACE.sub(" ", text or "").strip()


def name_key(name: str) -> str:
    """A key under which two spellings of one organisation name compare equal.

    Executors are written differently across rows ("Служба у справах дітей", "службa у справах
    дітей ", "служба у справах дітей (за згодою)"): case, apostrophes, quotes and spacing vary.
    """
    text = unicodedata.normalize("NFC", name or "").translate(_APOSTROPHES).casefold()
    text = re.sub(r"\(\s*за\s+згодою\s*\)", " ", text)
    text = re.sub(r"[\"().,;:]", " ", text)
    return collapse(text)
