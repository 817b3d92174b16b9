"""Small text helpers shared by the apps. No Django models here.

`collapse` (whitespace) has its home in the importer (`importer.structure.text`): the plan
format's rule, which the importer must hold without Django."""

from __future__ import annotations

import re
import unicodedata

from planwatch.importer.structure.text import collapse

_APOSTROPHES = str.maketrans({"'": "’", "ʼ": "’", "`": "’", "‘": "’", "«": '"', "»": '"'})


def name_key(name: str) -> str:
    """A key under which two spellings of one organisation name compare equal.

    Executors are written differently across rows ("Служба у справах дітей", "службa у справах
    дітей ", "служба у справах дітей (за згодою)"): case, apostrophes, quotes and spacing vary.
    """
    text = unicodedata.normalize("NFC", name or "").translate(_APOSTROPHES).casefold()
    text = re.sub(r"\(\s*за\s+згодою\s*\)", " ", text)
    text = re.sub(r"[\"().,;:]", " ", text)
    return collapse(text)
