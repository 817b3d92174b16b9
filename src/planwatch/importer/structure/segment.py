"""Rebuild table rows from a stream of cells whose columns the source did not keep.

Text renderings give one cell per line; a measure row is [task?] measure deadline funding
executors, a heading row is one cell, and a row cut by a page break continues with a row of
the same columns somewhere after it. We anchor rows on measure numbers ("1)"): the cells just
before an anchor fill the columns before the measure column, the cells after it the columns
after. What is left between rows is headings, continuation rows, or orphans (warned).
"""

from __future__ import annotations

import functools
import re

from planwatch.importer.grid import Cell
from planwatch.importer.structure import classify
from planwatch.importer.structure.rows import TableRow, align, role_score
from planwatch.importer.structure.text import collapse, join_fragments

# Cell kinds
MEASURE, HEADING, EMPTY, TEXT = "M", "H", "E", "T"


def cell_kind(cell: Cell) -> str:
    return text_kind(cell.text)


def text_kind(text: str) -> str:
    """``cell_kind`` of a cell holding ``text``."""
    text = text.strip()
    if not text:
        return EMPTY
    if classify.measure_number(text):
        return MEASURE
    if classify.heading(text) or classify.number_only(text):
        return HEADING
    return TEXT


class StreamSegmenter:
    def __init__(self, cells: list[Cell], roles: list[str], warn) -> None:
        self.cells = cells
        self.roles = roles
        self.kinds = [cell_kind(c) for c in cells]
        self.warn = warn
        anchor_role = "measure" if "measure" in roles else "task"
        self.mcol = roles.index(anchor_role)
        self.post_roles = roles[self.mcol + 1 :]
        self.rows: list[TableRow] = []
        self.full_continuations = 0  # continuation rows received by the last measure row
        # Converters either keep empty cells as lone TABs (then rows can be counted) or drop
        # them (then cells are placed by what they look like).
        self.keeps_empty_cells = EMPTY in self.kinds

    def run(self) -> list[TableRow]:
        anchors = [j for j, k in enumerate(self.kinds) if k == MEASURE]
        if not anchors:
            anchors = self._unnumbered_anchors()
        i = 0
        for idx, j in enumerate(anchors):
            if j < i:
                continue  # already consumed as a post cell of a short row
            start = self._pre_start(i, j)
            self._region(i, start)
            nxt = anchors[idx + 1] if idx + 1 < len(anchors) else len(self.cells)
            if nxt < len(self.cells):
                nxt = max(j + 1, self._pre_start(j + 1, nxt))
            i = self._measure_row(start, j, nxt)
        self._region(i, len(self.cells))
        return self.rows

    def _unnumbered_anchors(self) -> list[int]:
        """Plans whose measures are not numbered "1)": a row starts where a text is followed
        straight away by a deadline, funding or executors cell. A number such as "1.1.1." stays
        in the cell: the tree takes it off when it is a measure's ("1.5 тис. …" is not)."""
        anchors = []
        for j in range(len(self.cells)):
            if self.kinds[j] not in (HEADING, TEXT):
                continue
            if not (self._fields_after(j) or self._empty_row_after(j)):
                continue
            near = anchors and j <= anchors[-1] + len(self.post_roles)
            if near and not _numbered_item(self.cells[j].text):
                continue  # a cell of the row before; a numbered one starts the next (cells dropped)
            h = classify.heading(self.cells[j].text)
            if h and h.kind:
                continue
            self.kinds[j] = MEASURE
            anchors.append(j)
        return anchors

    def _empty_row_after(self, j: int) -> bool:
        """'98. сприяння …' with every field empty: lone TABs up to the row's end, or nothing
        after it at all. Only a numbered sentence in lower case: a heading is in capitals."""
        post = self.kinds[j + 1 : j + 1 + len(self.post_roles)]
        return all(k == EMPTY for k in post) and _numbered_sentence(self.cells[j].text)

    def _fields_after(self, j: int) -> bool:
        """The next cell is a field; after a numbered item ('31. проведення …'), any of the
        row's next cells is (a deadline in words such as 'Протягом трьох місяців …')."""
        if j + 1 >= len(self.cells):
            return False
        nxt = self.cells[j + 1].text
        if classify.number_only(self.cells[j].text):
            return False  # '4.' alone: the '№' cell before a task, not a measure
        if _numbered_item(nxt):
            return False  # '1.1 Забезпечення …' after a heading: the next item, not its field
        if self._starts_heading_row(j + 1):
            return False  # 'V. Трансформація закладів …': a section, whatever words it has
        if _field_like(nxt):
            return True
        post = self.cells[j + 2 : j + 1 + len(self.post_roles)]
        return _numbered_item(self.cells[j].text) and any(_field_like(c.text) for c in post)

    def _pre_start(self, lo: int, j: int) -> int:
        """Cells before the anchor that fill the columns before the measure column."""
        s = j
        while s > lo and j - s < self.mcol and self._fits_pre(s - 1, self.mcol - (j - s) - 1):
            s -= 1
        return s

    def _fits_pre(self, k: int, col: int) -> bool:
        kind = self.kinds[k]
        if kind == MEASURE:
            return False
        if self.roles[col] == "number":
            return kind == EMPTY or bool(classify.number_only(self.cells[k].text))
        if kind == TEXT and self._numbered_before(k, col):
            return True  # '1.' in the № column, then the task's text: whatever its words
        if kind == TEXT and not self.keeps_empty_cells:
            return False  # no empty task cells to count on: only a numbered task starts a row
        return kind != TEXT or not _field_like(self.cells[k].text, executors=0.9)

    def _numbered_before(self, k: int, col: int) -> bool:
        """A task text right after its number in the '№' column ('1.' then 'Створення …')."""
        return (
            k > 0
            and col > 0
            and self.roles[col - 1] == "number"
            and bool(classify.number_only(self.cells[k - 1].text))
        )

    def _measure_row(self, start: int, j: int, nxt: int) -> int:
        row = TableRow()
        for k, cell in enumerate(self.cells[start:j]):
            role = self.roles[self.mcol - (j - start) + k]
            row.cells[role] = cell
        row.cells[self.roles[self.mcol]] = self.cells[j]
        end = j + 1
        limit = min(j + 1 + len(self.post_roles), nxt)
        while end < limit and not self._starts_heading_row(end):
            end += 1
        post = self.cells[j + 1 : end]
        if not self.keeps_empty_cells:
            end = j + 1 + self._typed_prefix(post, row)
        elif len(post) == len(self.post_roles):
            row.cells.update(zip(self.post_roles, post, strict=True))
            if nxt == end + 1 and self._free_text_tail(end):
                last = self.post_roles[-1]  # the last column's text cut in two
                row.cells[last] = _joined(row.cells[last], self.cells[end])
                end += 1
        else:
            row.cells.update(align(post, self.post_roles))
        row.lines = tuple(n for c in self.cells[start:end] for n in c.lines)
        self.rows.append(row)
        self.full_continuations = 0
        return end

    def _free_text_tail(self, k: int) -> bool:
        """The one cell left before the next row, on the line after the row's last (free-text)
        column, going on in lower case: the rest of that column's cell, not a new row."""
        if self.post_roles[-1] not in ("indicator", "extra") or self.kinds[k] != TEXT:
            return False
        prev, cell = self.cells[k - 1], self.cells[k]
        text = cell.text.strip()
        return _adjacent(prev, cell) and text[:1].islower() and not _starts_a_field(text)

    def _typed_prefix(self, post: list[Cell], row: TableRow) -> int:
        """Where empty cells were dropped, a row's cells after the measure are the ones that
        look like their column (deadline, funding, executors …), in column order; the first
        cell that fits no remaining column begins a continuation row. Returns how many."""
        roles = self.post_roles
        r = 0
        for taken, cell in enumerate(post):
            fits = [i for i in range(r, len(roles)) if role_score(roles[i], cell) >= 0.4]
            if roles[r:] and not fits and roles[-1] == "indicator" and r < len(roles):
                fits = [len(roles) - 1]  # free-text indicator: anything fits the last column
            if not fits:
                return taken
            row.cells[roles[fits[0]]] = cell
            r = fits[0] + 1
            if r >= len(roles):
                return taken + 1
        return len(post)

    def _starts_heading_row(self, k: int) -> bool:
        """A heading inside a measure row's cells means the row was short: stop there."""
        if self.kinds[k] != HEADING:
            return False
        h = classify.heading(self.cells[k].text)
        return bool(h and (h.kind or len(self.cells[k].text) > 25))

    def _region(self, lo: int, hi: int) -> None:
        """Cells between rows: headings split it; the rest continues the last measure row."""
        chunk: list[Cell] = []
        for k in range(lo, hi):
            if self.kinds[k] == HEADING:
                self._continuation(chunk)
                chunk = []
                self.rows.append(
                    TableRow(
                        cells={"heading": self.cells[k]}, spanning=True, lines=self.cells[k].lines
                    )
                )
                self.full_continuations = -1  # a heading: no measure row to continue
            else:
                chunk.append(self.cells[k])
        self._continuation(chunk)

    def _continuation(self, chunk: list[Cell]) -> None:
        width = len(self.roles)
        while chunk:
            part, chunk = chunk[:width], chunk[width:]
            if not any(c.text.strip() for c in part):
                continue
            lines = tuple(n for c in part for n in c.lines)
            if len(part) == width and self.full_continuations >= 0:
                cells = dict(zip(self.roles, part, strict=True))
                self.rows.append(TableRow(cells=cells, lines=lines, continuation=True))
                self.full_continuations += 1
            elif self.full_continuations == 0:
                # Fewer cells than columns: which columns they continue is decided by the
                # tree builder, which knows what each cell of the row above ends with.
                self.rows.append(
                    TableRow(loose=part, roles=list(self.roles), lines=lines, continuation=True)
                )
                self.full_continuations += 1
            else:
                text = " ".join(c.text.strip() for c in part if c.text.strip())
                self.warn(
                    lines[0], f"text outside any row, not attached to a measure: «{_short(text)}»"
                )


def _short(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _numbered_item(text: str) -> bool:
    """'1.', '1.1 Назва', '1.1.1. …': a heading's or a measure's number, never a field's."""
    return bool(classify.short_measure_number(text) or classify.dotted_measure_number(text))


def _field_like(text: str, executors: float = 0.45) -> bool:
    return (
        classify.deadline_score(text) >= 0.6
        or classify.funding_score(text) >= 0.9
        or classify.executors_score(text) >= executors
    )


# ---- cells a converter cut in two ------------------------------------------------------------
_YEAR_END = re.compile(r"(?:19|20)\d{2}\s*$")
_YEAR_IN = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_UNIT_TAIL = re.compile(r"^(?:рок[иуі]?в?|рік|р\.|рр\.)(?:\s|$)", re.I)
_COMPLETE_DEADLINE = re.compile(
    r"(?:рок[иуі]в?|рік|р\.|рр\.|квартал\w*|кв\.|постійно|щороку|щомісяця|щомісячно|"
    r"щокварталу|щоквартально|щопівроку|[).;])\s*$",
    re.I,
)


_SENTENCE_END = (".", ";", ":", "!", "?")


def rejoin_cut_cells(cells: list[Cell]) -> list[Cell]:
    """Cells a converter cut in two ('2025-2026' + 'роки', 'відділ освіти,' + 'служба …',
    '1) створення' or '1.1. створення' + 'та поширення …') are one cell again.

    Only neighbours on adjacent lines are joined (a blank line between cells is a row or page
    boundary), and only when the first one is visibly unfinished for its column: a deadline
    that ends with a bare year, a hyphen or mid-phrase, an executors list that ends with a comma,
    a measure whose sentence goes on in lower case in a cell that is no field, a quote left open.
    """
    # A plan whose measures are numbered '1. створення …' (some in lower case) numbers them
    # all: there a numbered cell in capitals going on in lower case is a cut measure too.
    # (Counted only when such a cell is met: most plans never ask.)
    capitals = functools.cache(
        lambda: sum(_numbered_sentence(c.text) for c in cells) >= _NUMBERED_PLAN
    )
    out: list[Cell] = []
    for cell in cells:
        prev = out[-1] if out else None
        if prev is not None and _adjacent(prev, cell) and _cut_pair(prev.text, cell.text, capitals):
            out[-1] = _joined(prev, cell)
        else:
            out.append(cell)
    return out


def _joined(a: Cell, b: Cell) -> Cell:
    return Cell(
        text=join_fragments([a.text, b.text]), lines=(*a.lines, *b.lines), outside=a.outside
    )


def _adjacent(a: Cell, b: Cell) -> bool:
    return bool(a.lines and b.lines) and b.lines[0] == a.lines[-1] + 1


def _cut_pair(a: str, b: str, capitals=lambda: False) -> bool:
    """``capitals()``: whether the plan numbers its measures (see ``rejoin_cut_cells``)."""
    a, b = a.rstrip(), b.strip()
    if not a or not b:
        return False
    lower = b[:1].islower()
    opened = a.count("«") > a.count("»") or a.count("(") > a.count(")")
    measure = lower and (
        classify.measure_number(a) is not None
        or (first := _after_number(a)).islower()
        or (first.isupper() and capitals())
    )
    short_lower = lower and len(b) < 60 and len(b.split()) <= 3
    if not (
        (lower and (opened or measure or short_lower)) or a.endswith((",", "-")) or a[-1:].isdigit()
    ):
        return False  # the common case, decided cheaply: nothing unfinished here
    a, b = collapse(a), collapse(b)
    kind_a = MEASURE if measure else text_kind(a)
    if text_kind(b) != TEXT or kind_a not in (TEXT, MEASURE):
        return False
    if lower and opened:
        # a quote or bracket left open: the name goes on in the next cell — unless that cell
        # is the next column's own ('… «СОС' + 'обласна державна адміністрація, …')
        closes = b.count("»") > b.count("«") or b.count(")") > b.count("(")
        return closes or not _starts_a_field(b)
    if kind_a == MEASURE:
        # a measure's sentence cut in two: it goes on in lower case, and not the way a
        # deadline, funding or executors cell begins. (Other lower-case neighbours may be the
        # fragments of a row cut by a page break, which the tree builder merges cell by cell.)
        return measure and not a.endswith(_SENTENCE_END) and not _starts_a_field(b)
    if not _field_like(a):
        return False
    if classify.funding_score(b) > 0 or (classify.executors_score(b) > 0 and not a.endswith(",")):
        return False
    if a.endswith(",") and classify.executors_score(a) > 0:
        # an executors list cut after a comma goes on with another organisation, not with an
        # action ('створення відео-сюжетів про дітей …': the indicator in the next column)
        if _ORG_START.match(b):
            return True
        return classify.executors_score(b) > 0 and not _ACTION_START.match(b)
    if not (classify.deadline_score(a) >= 0.6 or _YEAR_END.search(a)):
        return False
    if a.endswith("-"):
        return classify.deadline_score(b) >= 0.6
    if _YEAR_END.search(a):
        return bool(_UNIT_TAIL.match(b))
    return short_lower and not _COMPLETE_DEADLINE.search(a)


_NUMBERED_PLAN = 3  # lower-case numbered measures that show a plan numbers its measures


def _numbered_sentence(text: str) -> bool:
    """'1. створення та', '1.1.1. забезпечення': a number, then a sentence in lower case — a
    measure's start. A task or heading ('1.1 Забезпечення доступу …') begins in capitals, so
    its unnumbered measure on the next line is not joined to it (unless the plan numbers its
    measures: ``rejoin_cut_cells``)."""
    return _after_number(text).islower()


def _after_number(text: str) -> str:
    """The first character after a '1.' / '1.1.' / '1.1.1.' number, '' without one."""
    if not text.lstrip()[:1].isdigit():
        return ""
    m = classify.short_measure_number(text) or classify.dotted_measure_number(text)
    return m[1][:1] if m else ""


# How an executors cell begins: an organisation in the nominative ("служба", "відділ освіти",
# "районна державна адміністрація"). A measure's sentence cut mid-way goes on in other cases
# ("служб у справах дітей", "працівників центрів"), which these forms do not match.
_ORG_START = re.compile(
    r"^(?:відділ|відділи|служба|служби|управління|центр|центри|департамент|департаменти|"
    r"сектор|комітет|кп|кнп|кз|ку|заклад|заклади|орган|органи|суб.єкти?|амбулаторі[яї]|"
    r"лікарня|школа|школи|гунп|поліція|фахівець|фахівці|спеціаліст|спеціалісти|керівник|"
    r"керівники|члени|голова|заступник|заступники|працівники|дирекція|педагоги|ради?|"
    r"(?:районн|обласн|міськ|сільськ|селищн|територіальн|структурн|виконавч|громадськ|"
    r"медичн|навчальн|соціальн|ювенальн|опорн)(?:ий|а|і|е))\b",
    re.I,
)

# A verbal noun ('створення', 'проведення', 'забезпечення', 'розвиток' is not one) begins an
# action — a measure's or an indicator's sentence — never an organisation's name.
_ACTION_START = re.compile(r"^[^\W\d_]+(?:нн|тт)я\b", re.I)


def _starts_a_field(text: str) -> bool:
    """Lower-case text that begins a deadline, funding or executors cell, not a sentence's
    middle: 'служба у справах дітей', 'місцевий бюджет', 'щокварталу', '2025 рік'."""
    if classify.deadline_score(text) >= 0.6 and (
        _YEAR_IN.search(text) or len(text.split()) <= 3
    ):  # "за потреби" is a deadline; "стандарту та потреб сімей" the middle of a sentence
        return True
    if len(text) < 60 and classify.funding_score(text) > 0:
        return True
    return bool(_ORG_START.match(text))


# ---- what follows the table ------------------------------------------------------------------
_SIGNER = re.compile(
    r"^\s*(?:начальник|секретар|керуюч|голова\b|заступник|директор|в\.\s*о\.|т\.\s*в\.\s*о\.|"
    r"міський голова|сільський голова|селищний голова|староста|виконувач|перший заступник|"
    r"примітк|\*|_{3,}|-{3,}|підпис|м\.\s*п\.)",
    re.I,
)
_NAME_IN_CAPS = re.compile(
    r"(?:^|\s|\t)(?:[А-ЯІЇЄҐ]\.\s*){1,2}[А-ЯІЇЄҐ]{3,}\s*$|(?:^|\s|\t)[А-ЯІЇЄҐ][а-яіїєґʼ’']+\s+"
    r"[А-ЯІЇЄҐ]{3,}\s*$"
)


def split_trailer(cells: list[Cell]) -> tuple[list[Cell], list[Cell]]:
    """The table's cells, and what follows the table: signatures ('Начальник служби …
    Р. РОДИНА', 'Секретар ради'), notes ('Примітка: …'), rules ('____').

    Walks back from the end over cells that look like a signature block; a measure number or a
    heading stops it, so a plan's last row is never taken for its signature.
    """
    end = len(cells)
    while end > 0 and not cells[end - 1].text.strip():
        end -= 1
    start = end
    while start > 0 and _trailer_like(cells[start - 1]):
        start -= 1
    if start == end:
        return cells[:end], []
    if not any(_signature_like(c.text) for c in cells[start:end]):
        return cells[:end], []
    return cells[:start], [c for c in cells[start:end] if c.text.strip()]


def _trailer_like(cell: Cell) -> bool:
    text = cell.text.strip()
    if not text:
        return True
    if cell_kind(cell) in (MEASURE, HEADING):
        return False
    first = text.split("\n")[0]
    return bool(_SIGNER.match(first) or _signature_like(text) or (cell.outside and len(text) < 80))


def _signature_like(text: str) -> bool:
    """A name in capitals closes a signature ('Олег САВКА', 'Р. РОДИНА'); so does a post."""
    text = text.strip().replace("*", "")
    last = text.split("\n")[-1]
    return bool(_NAME_IN_CAPS.search(last) or _SIGNER.match(text.split("\n")[0]))
