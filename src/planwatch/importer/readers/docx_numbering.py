"""Word automatic numbering: the "1)" that numbering.xml produces and the document never types.

Plans authored with Word's list feature store no digits; a measure "1) створення ..." is a
paragraph with <w:numPr> pointing into numbering.xml. To see what a reader of the document
sees, counters are replayed in document order, as Word does:

- counters belong to the abstract numbering definition, so two w:num instances of one
  abstractNum continue each other, unless the instance has a w:startOverride for the level,
  which restarts that level the first time the instance is used;
- incrementing a level resets the deeper levels; lvlText "%1.%2)" prints the current counters;
- w:suff says what separates the label from the text (tab by default, space, or nothing);
- numbering can come from the paragraph style (pStyle → style pPr/numPr, through basedOn).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from xml.etree.ElementTree import Element

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VAL = W + "val"
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc")]
_ROMAN += [(50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
_CYRILLIC = "абвгдежзиклмнопрстуфхцчшщэюя"  # Word's russianLower sequence
_BULLET = "•"


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    suff: str = "tab"


def _val(el: Element | None, tag: str, default: str | None = None) -> str | None:
    child = el.find(W + tag) if el is not None else None
    if child is None:
        return default
    return child.get(_VAL, default)


def _int(text: str | None, default: int = 0) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _letters(n: int, alphabet: str) -> str:
    """Word repeats the letter: a, b, …, z, aa, bb, …"""
    if n < 1:
        return ""
    return alphabet[(n - 1) % len(alphabet)] * ((n - 1) // len(alphabet) + 1)


def _roman(n: int) -> str:
    out = []
    for value, digits in _ROMAN:
        while n >= value:
            out.append(digits)
            n -= value
    return "".join(out)


def format_number(n: int, fmt: str) -> str:
    """Render counter ``n`` in the numFmt ``fmt``; unknown formats fall back to decimal."""
    latin = "abcdefghijklmnopqrstuvwxyz"
    renders = {
        "lowerLetter": lambda: _letters(n, latin),
        "upperLetter": lambda: _letters(n, latin).upper(),
        "lowerRoman": lambda: _roman(n),
        "upperRoman": lambda: _roman(n).upper(),
        "russianLower": lambda: _letters(n, _CYRILLIC),
        "russianUpper": lambda: _letters(n, _CYRILLIC).upper(),
        "decimalZero": lambda: f"{n:02d}",
        "none": lambda: "",
        "bullet": lambda: _BULLET,
    }
    render = renders.get(fmt)
    return render() if render else str(n)


def _bullet(text: str) -> str:
    """Symbol-font bullets live in the private use area; show them as the bullet they draw."""
    if not text or any("\ue000" <= ch <= "\uf8ff" for ch in text) or text.isalnum():
        return _BULLET
    return text


def _read_levels(parent: Element) -> dict[int, Level]:
    levels = {}
    for lvl in parent.iter(W + "lvl"):
        levels[_int(lvl.get(W + "ilvl"))] = Level(
            start=_int(_val(lvl, "start"), 1),
            fmt=_val(lvl, "numFmt", "decimal") or "decimal",
            text=_val(lvl, "lvlText", "") or "",
            suff=_val(lvl, "suff", "tab") or "tab",
        )
    return levels


class Numbering:
    """Replays list counters; ``label(pPr)`` gives the paragraph's printed number ("" if none)."""

    def __init__(self, numbering: Element | None, styles: Element | Callable | None):
        """``styles``: the styles part, or a function that gives it (or ``style_numbers`` of
        it) when first needed: a styles part is often twice the size of the document and
        most plans never ask."""
        self.abstract: dict[str, dict[int, Level]] = {}
        self.links: dict[str, str] = {}  # abstractNum id → numStyleLink style id
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, Level]]] = {}
        self._style_num: dict[str, tuple[str | None, int | None]] | None = None
        self._styles = styles
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[tuple[str, int]] = set()
        if numbering is not None:
            self._read_numbering(numbering)

    @property
    def style_num(self) -> dict[str, tuple[str | None, int | None]]:
        """Paragraph style id → (numId, ilvl) it gives, following ``basedOn``."""
        if self._style_num is None:
            styles = self._styles() if callable(self._styles) else self._styles
            if isinstance(styles, dict):  # already read (``docx_parts`` keeps them by content)
                self._style_num = styles
            else:
                self._style_num = style_numbers(styles) if styles is not None else {}
        return self._style_num

    def _read_numbering(self, root: Element) -> None:
        for ab in root.iter(W + "abstractNum"):
            aid = ab.get(W + "abstractNumId", "")
            self.abstract[aid] = _read_levels(ab)
            link = _val(ab, "numStyleLink")
            if link:
                self.links[aid] = link
        for num in root.iter(W + "num"):
            starts, levels = {}, {}
            for ov in num.iter(W + "lvlOverride"):
                ilvl = _int(ov.get(W + "ilvl"))
                if (start := _val(ov, "startOverride")) is not None:
                    starts[ilvl] = _int(start, 1)
                levels.update(_read_levels(ov))
            self.nums[num.get(W + "numId", "")] = (_val(num, "abstractNumId", ""), starts, levels)

    def _abstract_id(self, aid: str) -> str:
        """Follow numStyleLink: the abstractNum defers to the num named in a numbering style."""
        link = self.links.get(aid)
        if link and link in self.style_num:
            num_id, _ = self.style_num[link]
            target = self.nums.get(num_id or "")
            if target and target[0] != aid and target[0] in self.abstract:
                return target[0]
        return aid

    def label(self, p_pr: Element | None) -> str:
        """The number Word prints before this paragraph, with its separator; "" for none."""
        num_id, ilvl = self._num_pr(p_pr)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        aid, starts, overrides = self.nums[num_id]
        aid = self._abstract_id(aid)
        levels = {**self.abstract.get(aid, {}), **overrides}
        level = levels.get(ilvl)
        if level is None:
            return ""
        counts = self._advance(aid, num_id, ilvl, levels, starts)
        return self._render(level, levels, counts, ilvl)

    def _num_pr(self, p_pr: Element | None) -> tuple[str | None, int]:
        num_id, ilvl = None, None
        num_pr = p_pr.find(W + "numPr") if p_pr is not None else None
        if num_pr is not None:
            num_id, ilvl = _val(num_pr, "numId"), _val(num_pr, "ilvl")
        style = _val(p_pr, "pStyle")
        # no pStyle: the styles part is not read for it (a style without a styleId is no
        # paragraph's style)
        style_num, style_ilvl = self.style_num.get(style, (None, None)) if style else (None, None)
        if num_id is None:
            num_id = style_num
        level = _int(ilvl) if ilvl is not None else (style_ilvl or 0)
        return num_id, level

    def _advance(self, aid, num_id, ilvl, levels, starts) -> dict[int, int]:
        counts = self.counters.setdefault(aid, {})
        if ilvl in starts and (num_id, ilvl) not in self.started:
            self.started.add((num_id, ilvl))
            counts[ilvl] = starts[ilvl]
        elif ilvl in counts:
            counts[ilvl] += 1
        else:
            counts[ilvl] = levels[ilvl].start
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        return counts

    @staticmethod
    def _render(level: Level, levels: dict[int, Level], counts: dict[int, int], ilvl: int) -> str:
        if level.fmt == "bullet":
            return _bullet(level.text) + " "
        text = level.text
        for k in range(ilvl + 1):
            lv = levels.get(k, Level())
            value = counts.get(k, lv.start)
            rendered = format_number(value, level.fmt if k == ilvl else lv.fmt)
            text = text.replace(f"%{k + 1}", rendered)
        if not text:
            return ""
        # a tab after a list number is layout, not content: print it as the space a reader sees
        return text + ("" if level.suff == "nothing" else " ")


def style_numbers(root: Element) -> dict[str, tuple[str | None, int | None]]:
    """Paragraph style id → (numId, ilvl) it gives, following ``basedOn``."""
    raw: dict[str, tuple[str | None, int | None, str | None]] = {}
    for st in root.iter(W + "style"):
        num_pr = st.find(f"{W}pPr/{W}numPr")
        num_id = _val(num_pr, "numId")
        ilvl = _val(num_pr, "ilvl")
        raw[st.get(W + "styleId", "")] = (
            num_id,
            _int(ilvl) if ilvl is not None else None,
            _val(st, "basedOn"),
        )
    return {sid: _resolve_style(raw, sid) for sid in raw}


def _resolve_style(raw: dict, sid: str) -> tuple[str | None, int | None]:
    num_id, ilvl, seen = None, None, set()
    while sid in raw and sid not in seen:
        seen.add(sid)
        s_num, s_ilvl, based_on = raw[sid]
        num_id = num_id if num_id is not None else s_num
        ilvl = ilvl if ilvl is not None else s_ilvl
        sid = based_on
    return num_id, ilvl
