"""Joining the fragments of a cell the way a person reading the printed table would."""

from __future__ import annotations

import re


def collapse(text: str | None) -> str:
    """Whitespace (incl. line breaks and NBSP) collapsed to single spaces, ends stripped: how
    plan-format.md stores every cell, and how the web app compares what people type."""
    return " ".join((text or "").split())


_WORD_HYPHEN_END = re.compile(r"\w-$")


def join_fragments(fragments: list[str]) -> str:
    """Fragments of one cell split by a page break: one space between, none after a hyphen.

    'березень-' + 'червень 2025 року' → 'березень-червень 2025 року'; a hyphen that ends a
    fragment is a word cut by the page break. Hyphens followed by a space *inside* a fragment
    ('соціально- психологічної') are kept as printed.
    """
    if len(fragments) == 1:
        return collapse(fragments[0])
    out = ""
    for fragment in fragments:
        part = collapse(fragment)
        if not part:
            continue
        if not out:
            out = part
        elif _WORD_HYPHEN_END.search(out):
            out += part
        else:
            out += " " + part
    return out
