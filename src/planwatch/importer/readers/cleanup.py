"""Conversion artefacts that are never part of a plan's text."""

from __future__ import annotations

import re

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_MARKUP = re.compile(r"</?(?:b|i|u|strong|em|br\s*/?)>|\*\*", re.IGNORECASE)


def clean_line(line: str) -> str:
    """Drop '[bookmark: _GoBack]', '<b>' tags and '**' bold markers; keep everything else."""
    if "[" in line:
        line = _BOOKMARK.sub("", line)
    if "<" in line or "*" in line:
        line = _MARKUP.sub("", line)
    return line
