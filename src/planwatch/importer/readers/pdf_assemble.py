"""Join the tables of a PDF's pages into one Grid: shared columns, repeated headers, split rows.

Provenance: a row's ``lines`` is ``page * 1000 + k`` where k is the 1-based index of the row
among the table rows of that page (page 3, fifth row → 3005). Preamble and trailer entries use
``page * 1000 + k`` with k the 1-based line of text outside the tables on that page. A person
finds "3005" as "page 3, row 5".

A PDF repeats the header rows at the top of every page and cuts a long row at the page end,
continuing it at the top of the next page. Repeated headers are marked ``repeated_header``.
A continuation row is merged into the row it continues only when the geometry leaves no doubt
(same cell layout, an empty first cell, and every cell that continues had filled its cell to
the bottom of the page); otherwise it is passed on as its own row for the structure step.

OCR warnings carry ``page`` (1-based) and ``bbox`` [x0, y0, x1, y1]: the cell in PDF points
from the page's top left (of the deskewed page); ``pdf_scan.cell_image`` renders it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from planwatch.importer.errors import PlanImportError
from planwatch.importer.grid import Cell, Grid, Row
from planwatch.importer.readers.pdf_geometry import HYPHEN_JOIN, PageTable, TableCell

LOW_CONFIDENCE = 70.0  # mean OCR word confidence (0..100) under which a cell is worth a look
_CONTINUATION = re.compile(r"^\s*(продовження|закінчення)\b", re.IGNORECASE)
_ITEM_START = re.compile(
    r"^\s*(\d+(\.\d+)*[.)]|[IVXLІХ]+\.|\w\)|розділ|стратегічна|операційна|завдання)",
    re.IGNORECASE,
)
_PAGE_NUMBER = re.compile(r"^[\s\-–—]*\d{1,4}[\s\-–—]*$")


@dataclass
class PageContent:
    page: int  # 1-based
    tables: list[PageTable] = field(default_factory=list)
    outside: list[tuple[float, str]] = field(default_factory=list)  # (y, text) outside tables
    scanned: bool = False


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()


def _same_text(a: str, b: str, fuzzy: bool) -> bool:
    a, b = _norm(a), _norm(b)
    if a == b:
        return True
    return fuzzy and SequenceMatcher(None, a, b).ratio() >= 0.8


def _column_edges(tables: list[PageTable], tol: float) -> list[float]:
    """Column boundaries shared by all tables, each table aligned on its left border."""
    edges: list[float] = []
    ref = tables[0].xs[0]
    for t in sorted(tables, key=lambda t: -len(t.xs)):
        shift = t.xs[0] - ref
        for x in t.xs:
            x -= shift
            if all(abs(x - e) > tol for e in edges):
                edges.append(x)
    return sorted(edges)


def _col_index(edges: list[float], x: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - x))


class _Builder:
    def __init__(self, pages: list[PageContent], name: str):
        self.pages = pages
        self.name = name
        self.grid = Grid(source_name=name, source_format="pdf")
        self.tables = [t for p in pages for t in p.tables]
        self.scanned = any(p.scanned for p in pages)
        self.edges = _column_edges(self.tables, 8.0 if self.scanned else 3.0)
        self.top_cell: dict[int, Cell] = {}  # id(TableCell) → the Cell that holds its text
        self.header: list[list[str]] = []
        self.col_names: dict[int, str] = {}
        self.vmerge_cols = {
            self.cols(t, c)[0] for t in self.tables for c in t.cells if c.r1 > c.r0 and c.text
        }

    def cols(self, t: PageTable, cell: TableCell) -> tuple[int, int]:
        shift = t.xs[0] - self.tables[0].xs[0]
        c0 = _col_index(self.edges, t.xs[cell.c0] - shift)
        c1 = _col_index(self.edges, t.xs[cell.c1 + 1] - shift)
        return c0, max(1, c1 - c0)

    def row_cells(self, t: PageTable, r: int, line: int) -> tuple[list[Cell], list[TableCell]]:
        cells, sources, seen = [], [], set()
        for unit in t.unit_map()[r]:
            if unit is None or id(unit) in seen:
                continue
            seen.add(id(unit))
            col, span = self.cols(t, unit)
            if unit.r0 == r:
                cell = Cell(unit.text, col=col, lines=(line,), span=span)
                self.top_cell[id(unit)] = cell
            else:
                cell = Cell("", col=col, lines=(line,), merged_above=True, span=span)
            cells.append(cell)
            sources.append(unit)
        return cells, sources

    def build(self) -> Grid:
        self.build_rows()
        resolve_hyphens(self.grid)
        return self.grid

    def build_rows(self) -> None:
        first, last = self.tables[0], self.tables[-1]
        prev: tuple[Row, list[TableCell], PageTable] | None = None
        for pc in self.pages:
            k = 0
            items: list[tuple[float, object]] = [(y, text) for y, text in pc.outside]
            items += [(t.ys[0], t) for t in pc.tables]
            items.sort(key=lambda it: it[0])
            out_no = 0
            for y, item in items:
                if isinstance(item, PageTable):
                    k, prev = self.add_table(item, k, prev)
                    continue
                out_no += 1
                line = pc.page * 1000 + out_no
                text = str(item)
                if (pc.page, y) < (first.page, first.ys[0]):
                    self.grid.preamble.append((line, text))
                elif (pc.page, y) > (last.page, last.ys[-1]):
                    self.grid.trailer.append((line, text))
                elif _PAGE_NUMBER.match(text):
                    continue
                elif _CONTINUATION.match(text):
                    self.warn(line, f"text between table pages skipped: {text[:80]!r}")
                else:
                    span = max(1, len(self.edges) - 1)
                    self.grid.rows.append(Row([Cell(text, col=0, span=span)], lines=(line,)))
                    prev = None
        self.grid.line_count = max(
            [ln for r in self.grid.rows for ln in r.lines]
            + [ln for ln, _ in self.grid.preamble + self.grid.trailer]
            + [0]
        )

    def add_table(self, t: PageTable, k: int, prev):
        rows = [r for r in range(len(t.ys) - 1)]
        is_first = t is self.tables[0]
        at_top = not is_first
        for i, r in enumerate(rows):
            k += 1
            line = t.page * 1000 + k
            cells, sources = self.row_cells(t, r, line)
            texts = [c.text for c in cells]
            if is_first and not self.header and sum(bool(x.strip()) for x in texts) >= 2:
                self.header = [texts]
                self.col_names = {c.col: " ".join(c.text.split()) for c in cells}
            elif is_first and self.header and i == len(self.header) and _numbers_row(texts):
                if self.scanned:
                    _renumber(cells)
                    texts = [c.text for c in cells]
                self.header.append(texts)
            repeated = at_top and i < len(self.header) and self.same_row(texts, self.header[i])
            at_top = repeated
            row = Row(cells, lines=(line,), repeated_header=repeated)
            if not repeated and prev is not None and prev[2].page != t.page:
                if self.continues(prev, cells, sources):
                    self.merge(prev[0], prev[1], cells, sources, t.page)
                    prev = None
                    continue
                self.carry_merges(prev, cells, sources, t.page)
            if not repeated:
                prev = (row, sources, t)
            self.grid.rows.append(row)
            if not repeated:  # a repeated header is dropped anyway: no work for a person
                self.ocr_warnings(t, r, sources, line, k)
        return k, prev

    def same_row(self, texts: list[str], header: list[str]) -> bool:
        """Is this row a copy of a header row? OCR'd rows are compared as a whole, loosely."""
        if len(texts) != len(header):
            return False
        if _numbers_row(header) and _numbers_row(texts):
            return True
        if self.scanned:
            return _same_text(" ".join(texts), " ".join(header), fuzzy=True)
        return all(_same_text(a, b, False) for a, b in zip(texts, header, strict=True))

    def continues(self, prev, cells: list[Cell], sources: list[TableCell]) -> bool:
        """Is this first row of a page the rest of the last row of the page before?

        Only when nothing else fits: the same cell layout, text only under cells that had
        filled their space to the page end, and no text that opens a new item (a number, a
        heading word, or a capital letter in the first column).
        """
        prow, psources, _ = prev
        if [(c.col, c.span) for c in prow.cells] != [(c.col, c.span) for c in cells]:
            return False
        filled = [c.text.strip() for c in cells if c.text.strip()]
        if not filled or _ITEM_START.match(filled[0]):
            return False
        if cells[0].text.strip() and not cells[0].text.strip()[0].islower():
            return False
        return all(ps.full for c, ps in zip(cells, psources, strict=True) if c.text.strip())

    def merge(self, prow: Row, psources, cells: list[Cell], sources, page: int) -> None:
        for c, ps, s in zip(cells, psources, sources, strict=True):
            target = self.top_cell.get(id(ps))
            if target is None:
                continue
            self.top_cell[id(s)] = target  # a cell running on down this page stays the same
            if not c.text.strip():
                continue
            sep = HYPHEN_JOIN if target.text.endswith("-") else " "
            target.text = f"{target.text}{sep}{c.text}" if target.text else c.text
        prow.lines = prow.lines + cells[0].lines
        self.warn(
            prow.lines[0],
            f"page {page}: the first row continues the row cut by the page break; merged",
        )

    def carry_merges(self, prev, cells: list[Cell], sources: list[TableCell], page: int):
        """Cells at a page top that continue a merged cell of the page before.

        A word processor does not repeat the text of a vertically merged cell on the next
        page. In a document that merges cells in a column, a blank cell there at the top of a
        page under a filled one is taken as the same cell (``merged_above``). A merged cell
        whose text filled the page end and goes on in lower case continues too.
        """
        prow, psources = prev[0], prev[1]
        if [(c.col, c.span) for c in prow.cells] != [(c.col, c.span) for c in cells]:
            return
        carried = []
        for c, p, ps, s in zip(cells, prow.cells, psources, sources, strict=True):
            text = c.text.strip()
            merged = ps.r1 > ps.r0 or s.r1 > s.r0 or (c.col == 0 and c.col in self.vmerge_cols)
            if text and ps.full and merged and text[0].islower():
                target = self.top_cell.get(id(ps))
                if target is not None and not _ITEM_START.match(text):
                    sep = HYPHEN_JOIN if target.text.endswith("-") else " "
                    target.text = f"{target.text}{sep}{c.text}"
                    self.top_cell[id(s)] = target
                    c.text, c.merged_above = "", True
                    carried.append(self.col_names.get(c.col, str(c.col + 1)))
                    continue
            blank = not text and not c.merged_above
            if blank and c.col in self.vmerge_cols and (p.text.strip() or p.merged_above):
                c.merged_above = True
                carried.append(self.col_names.get(c.col, str(c.col + 1)))
        if carried:
            names = ", ".join(repr(n) for n in carried)
            self.warn(
                cells[0].lines[0],
                f"page {page}: cells at the top of the page taken as continuing the "
                f"merged cells of the page before (column {names})",
            )

    def ocr_warnings(self, t: PageTable, r: int, sources: list[TableCell], line: int, k: int):
        for s in sources:
            if s.r0 != r or s.conf is None or s.conf >= LOW_CONFIDENCE or not s.text.strip():
                continue
            col, _ = self.cols(t, s)
            name = self.col_names.get(col, str(col + 1))
            self.grid.warnings.append(
                {
                    "line": line,
                    "message": f"page {t.page}, row {k}, column {name!r}: "
                    f"OCR confidence {s.conf:.0f} %; check the text",
                    "page": t.page,
                    "bbox": [round(v, 1) for v in s.bbox],
                }
            )

    def warn(self, line: int | None, message: str) -> None:
        self.grid.warnings.append({"line": line, "message": message})


def _numbers_row(texts: list[str]) -> bool:
    """The row of column numbers under a header ("1 2 3 4 5"; OCR may read 3 as "З")."""
    filled = [x.strip() for x in texts if x.strip()]
    digits = [x for x in filled if re.fullmatch(r"\d{1,2}\.?", x)]
    return len(filled) >= 2 and all(len(x) <= 3 for x in filled) and 2 * len(digits) > len(filled)


def _renumber(cells: list[Cell]) -> None:
    """OCR'd column numbers ("1 2 З 4"): a cell between numbers takes the number between."""
    nums = [int(c.text.strip(". ")) if c.text.strip(". ").isdigit() else None for c in cells]
    for i, c in enumerate(cells):
        if nums[i] is not None or not c.text.strip():
            continue
        before = nums[i - 1] if i > 0 else None
        after = nums[i + 1] if i + 1 < len(cells) else None
        guess = before + 1 if before is not None else (after - 1 if after is not None else None)
        if guess is not None and guess > 0:
            c.text, nums[i] = str(guess), guess


_SPACED = re.compile(r"(\w+)-( ?)(\w+)")


def resolve_hyphens(grid: Grid) -> None:
    """Decide, per document, whether a line wrapped after a hyphen hides a space.

    A wrap drops the space of "Січень- червень" just as it keeps "медико-санітарної" whole;
    the document itself tells which: if the same pair is written with "- " elsewhere (and
    never without the space), the space is put back.
    """
    cells = [c for r in grid.rows for c in r.cells if HYPHEN_JOIN in c.text or "-" in c.text]
    spaced: set[tuple[str, str]] = set()
    joined: set[tuple[str, str]] = set()
    for c in cells:
        for m in _SPACED.finditer(c.text.replace(HYPHEN_JOIN, "\n")):
            pair = (m.group(1).casefold(), m.group(3).casefold())
            (spaced if m.group(2) else joined).add(pair)

    def fix(m: re.Match) -> str:
        pair = (m.group(1).casefold(), m.group(2).casefold())
        sep = "- " if pair in spaced and pair not in joined else "-"
        return m.group(1) + sep + m.group(2)

    for c in cells:
        if HYPHEN_JOIN in c.text:
            c.text = re.sub(r"(\w*)-\x00(\w*)", fix, c.text).replace(HYPHEN_JOIN, "")


def assemble(pages: list[PageContent], name: str) -> Grid:
    """One Grid from the tables of all pages, in page order."""
    if not any(p.tables for p in pages):
        raise PlanImportError(
            "no table found in the PDF: the plan must be a table with ruled borders "
            "(if the PDF was exported from Word, upload the .docx instead)",
            source=name,
        )
    return _Builder(pages, name).build()
