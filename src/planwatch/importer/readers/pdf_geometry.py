"""Page geometry shared by the digital and the scanned PDF reader: rules → table cells → text.

Both readers reduce a page to the same two things: ruling segments (vector paths in a digital
PDF, long dark runs in a scan) and text boxes (glyphs from the text layer, or OCR words). This
module turns the segments into tables of cells, the way a person reads a ruled table: a
boundary exists where a rule is drawn, and a cell is a region no rule crosses. Coordinates are
page points with the origin at the top left and y growing downwards.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

SNAP = 3.0  # points: rules closer than this are one rule (double borders, rounding)
MIN_BAND = 4.0  # a row or column narrower than this is a drawing artefact, not a cell
HYPHEN_JOIN = "\x00"  # marks a line wrapped after a hyphen; pdf_assemble decides on a space


@dataclass
class Seg:
    """An axis-aligned rule: ``pos`` is y for a horizontal rule, x for a vertical one."""

    pos: float
    a: float  # start along the rule
    b: float  # end along the rule


@dataclass
class Box:
    """A piece of text with its box: one glyph (digital) or one word (OCR)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    conf: float | None = None  # OCR confidence 0..100; None for a text layer
    hyphen: bool = False  # the text layer marks a hyphen that ends a line


@dataclass
class TableCell:
    r0: int  # first row band
    r1: int  # last row band (inclusive)
    c0: int  # first column band
    c1: int  # last column band (inclusive)
    bbox: tuple[float, float, float, float]
    boxes: list[Box] = field(default_factory=list)
    text: str = ""
    full: bool = False  # its text reaches the bottom: a page break may have cut it
    conf: float | None = None  # mean OCR confidence of its words


@dataclass
class PageTable:
    page: int  # 1-based
    xs: list[float]  # column boundaries, left to right
    ys: list[float]  # row boundaries, top to bottom
    cells: list[TableCell]
    _units: list[list[TableCell]] | None = field(default=None, repr=False)

    def unit_map(self) -> list[list[TableCell]]:
        """unit_map()[row band][column band] → the cell covering that unit."""
        if self._units is None:
            grid: list[list] = [[None] * (len(self.xs) - 1) for _ in range(len(self.ys) - 1)]
            for cell in self.cells:
                for r in range(cell.r0, cell.r1 + 1):
                    for c in range(cell.c0, cell.c1 + 1):
                        grid[r][c] = cell
            self._units = grid
        return self._units

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    def rows(self) -> list[list[TableCell]]:
        """Cells grouped by the row band they start in, left to right."""
        out: list[list[TableCell]] = [[] for _ in range(len(self.ys) - 1)]
        for cell in self.cells:
            out[cell.r0].append(cell)
        for row in out:
            row.sort(key=lambda c: c.c0)
        return out


def merge_segs(segs: list[Seg], gap: float = SNAP) -> list[Seg]:
    """Join rules on the same line (within SNAP) whose extents touch or overlap."""
    lines: list[list[Seg]] = []
    for s in sorted(segs, key=lambda s: s.pos):
        if lines and s.pos - lines[-1][-1].pos <= SNAP:
            lines[-1].append(s)
        else:
            lines.append([s])
    out: list[Seg] = []
    for group in lines:
        pos = sum(s.pos * (s.b - s.a) for s in group) / max(sum(s.b - s.a for s in group), 1e-6)
        merged: list[Seg] = []
        for s in sorted(group, key=lambda s: s.a):
            if merged and s.a <= merged[-1].b + gap:
                merged[-1].b = max(merged[-1].b, s.b)
            else:
                merged.append(Seg(pos, s.a, s.b))
        out.extend(merged)
    return out


def _cluster(values: list[float]) -> list[float]:
    """Sorted positions with near-equal ones (within SNAP) replaced by their mean."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= SNAP:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _touch(h: Seg, v: Seg) -> bool:
    return h.a - SNAP <= v.pos <= h.b + SNAP and v.a - SNAP <= h.pos <= v.b + SNAP


def find_tables(hs: list[Seg], vs: list[Seg], page: int) -> list[PageTable]:
    """Tables on a page: groups of crossing rules with at least two rows and two columns."""
    hs, vs = merge_segs(hs), merge_segs(vs)
    parent = list(range(len(hs) + len(vs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if _touch(h, v):
                parent[root(i)] = root(len(hs) + j)
    groups: dict[int, tuple[list[Seg], list[Seg]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(root(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(root(len(hs) + j), ([], []))[1].append(v)
    tables = [_table(gh, gv, page) for gh, gv in groups.values() if len(gh) >= 2 and len(gv) >= 2]
    tables = [t for t in tables if t is not None]
    tables.sort(key=lambda t: (t.ys[0], t.xs[0]))
    return tables


def _bands(edges: list[float]) -> list[float]:
    """Drop boundaries that would leave a band thinner than MIN_BAND."""
    out = [edges[0]]
    for e in edges[1:]:
        if e - out[-1] >= MIN_BAND:
            out.append(e)
        else:
            out[-1] = max(out[-1], e) if len(out) > 1 else out[-1]
    return out


def _covers(segs: list[Seg], pos: float, a: float, b: float) -> bool:
    """Is there a rule at ``pos`` covering the middle of the span a..b?"""
    lo, hi = a + (b - a) * 0.3, b - (b - a) * 0.3
    return any(abs(s.pos - pos) <= SNAP and s.a <= lo + SNAP and s.b >= hi - SNAP for s in segs)


def _table(hs: list[Seg], vs: list[Seg], page: int) -> PageTable | None:
    ys = _bands(_cluster([h.pos for h in hs]))
    xs = _bands(_cluster([v.pos for v in vs]))
    if len(ys) < 2 or len(xs) < 2 or xs[-1] - xs[0] < 50 or ys[-1] - ys[0] < 10:
        return None
    nr, nc = len(ys) - 1, len(xs) - 1
    owner = list(range(nr * nc))

    def root(i: int) -> int:
        while owner[i] != i:
            owner[i] = owner[owner[i]]
            i = owner[i]
        return i

    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not _covers(vs, xs[c + 1], ys[r], ys[r + 1]):
                owner[root(r * nc + c + 1)] = root(r * nc + c)
            if r + 1 < nr and not _covers(hs, ys[r + 1], xs[c], xs[c + 1]):
                owner[root((r + 1) * nc + c)] = root(r * nc + c)
    units: dict[int, list[tuple[int, int]]] = {}
    for r in range(nr):
        for c in range(nc):
            units.setdefault(root(r * nc + c), []).append((r, c))
    cells = []
    for group in units.values():
        r0, r1 = min(u[0] for u in group), max(u[0] for u in group)
        c0, c1 = min(u[1] for u in group), max(u[1] for u in group)
        bbox = (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1])
        cells.append(TableCell(r0, r1, c0, c1, bbox))
    return PageTable(page, xs, ys, cells)


def cell_at(table: PageTable, x: float, y: float) -> TableCell | None:
    """The cell containing the point, or None outside the table."""
    if not (table.xs[0] <= x <= table.xs[-1] and table.ys[0] <= y <= table.ys[-1]):
        return None
    c = min(bisect_right(table.xs, x) - 1, len(table.xs) - 2)
    r = min(bisect_right(table.ys, y) - 1, len(table.ys) - 2)
    return table.unit_map()[r][c]


@dataclass
class Line:
    boxes: list[Box]

    @property
    def x0(self) -> float:
        return self.boxes[0].x0

    @property
    def x1(self) -> float:
        return self.boxes[-1].x1

    @property
    def y0(self) -> float:
        return min(b.y0 for b in self.boxes)

    @property
    def y1(self) -> float:
        return max(b.y1 for b in self.boxes)

    @property
    def height(self) -> float:
        hs = sorted(b.y1 - b.y0 for b in self.boxes)
        return hs[len(hs) // 2]


def group_lines(boxes: list[Box]) -> list[Line]:
    """Boxes grouped into text lines (by vertical overlap), top to bottom, each left to right.

    The tolerance follows the taller of the box and the line so far: a dash or a dot (tiny
    OCR boxes) joins the line of the words around it.
    """
    lines: list[list[Box]] = []
    mids: list[float] = []
    heights: list[float] = []
    for b in sorted(boxes, key=lambda b: ((b.y0 + b.y1) / 2, b.x0)):
        mid, h = (b.y0 + b.y1) / 2, b.y1 - b.y0
        if lines and abs(mid - mids[-1]) <= max(h, heights[-1], 1.0) * 0.45:
            lines[-1].append(b)
            if h > 0.5 * heights[-1]:  # marks do not move the line's middle
                n = len(lines[-1])
                mids[-1] += (mid - mids[-1]) / n
            heights[-1] = max(heights[-1], h)
        else:
            lines.append([b])
            mids.append(mid)
            heights.append(h)
    return [Line(sorted(ln, key=lambda b: b.x0)) for ln in lines]


def split_far(line: Line, factor: float = 3.0) -> list[Line]:
    """Split a line where the gap is wider than ``factor`` × its height (side-by-side blocks)."""
    parts = [[line.boxes[0]]]
    for prev, b in zip(line.boxes, line.boxes[1:], strict=False):
        if b.x0 - prev.x1 > factor * max(line.height, 1.0):
            parts.append([b])
        else:
            parts[-1].append(b)
    return [Line(p) for p in parts]


def line_text(line: Line, words: bool, space: float = 0.22) -> str:
    """The text of a line; glyphs get a space where the gap is a space's width (``space`` ×
    the line's height: the loose glyph boxes are ~1.3 em tall, a space is ~0.25 em)."""
    out: list[str] = []
    prev: Box | None = None
    for b in line.boxes:
        if prev is not None and out and not out[-1].endswith(" ") and not b.text.isspace():
            gap = b.x0 - prev.x1
            if words or gap > space * max(line.height, 1.0):
                out.append(" ")
        if b.text.isspace():
            if out and not out[-1].endswith(" "):
                out.append(" ")
        else:
            out.append(b.text)
        prev = b
    return "".join(out).strip()


def cell_text(cell: TableCell, words: bool = False) -> str:
    """Join a cell's lines: a wrapped line with a space (none after a hyphen), a break with \\n.

    A line break is a paragraph break when the next line's first word would have fitted on
    the line: word processors wrap only words that do not fit.
    """
    lines = [ln for ln in group_lines(cell.boxes) if ln.boxes]
    if not lines:
        return ""
    x0, _, x1, bottom = cell.bbox
    pad = max(1.0, min(10.0, min(ln.x0 for ln in lines) - x0))
    avail = (x1 - x0) - 2 * pad
    texts = [line_text(ln, words) for ln in lines]
    out = texts[0]
    for i in range(1, len(lines)):
        prev, cur, t = lines[i - 1], lines[i], texts[i]
        if not t:
            continue
        trailing_space = prev.boxes[-1].text.isspace()
        first_word = _first_word_width(cur)
        fits = (prev.x1 - prev.x0) + 0.3 * cur.height + first_word <= avail - 0.5
        if fits:
            out += "\n" + t
        elif out.endswith("-") and not trailing_space:
            out += HYPHEN_JOIN + t
        else:
            out += " " + t
    return out


def _first_word_width(line: Line) -> float:
    end = line.boxes[0].x1
    for prev, b in zip(line.boxes, line.boxes[1:], strict=False):
        if b.text.isspace() or b.x0 - prev.x1 > 0.22 * max(line.height, 1.0):
            break
        end = b.x1
    return end - line.x0


def reaches_bottom(cell: TableCell) -> bool:
    """True when no further line of text would fit below the cell's last line."""
    if not cell.boxes:
        return False
    last = max(b.y1 for b in cell.boxes)
    h = sorted(b.y1 - b.y0 for b in cell.boxes)[len(cell.boxes) // 2]
    return cell.bbox[3] - last < 1.4 * h
