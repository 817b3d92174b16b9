"""Open a .docx safely and turn its body into blocks: paragraphs (with list numbers) and tables.

One pass over word/document.xml in document order, because Word's list counters run through
the whole document: a "1)" inside the plan table depends on every numbered paragraph before it.
Text follows what Word shows: runs, tabs, breaks, hyperlinks, inserted text and content
controls are read; deleted text, field codes, drawings and text boxes are not.
"""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from planwatch.importer import safety
from planwatch.importer.errors import PlanImportError
from planwatch.importer.grid import Cell
from planwatch.importer.readers.docx_numbering import Numbering, W, style_numbers

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_STRICT_W = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
_TRANSITIONAL_W = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_T, _TAB, _PTAB, _BR, _CR = W + "t", W + "tab", W + "ptab", W + "br", W + "cr"
_NB_HYPHEN, _R = W + "noBreakHyphen", W + "r"
_SKIP = {
    W + "pPr", W + "rPr", W + "del", W + "moveFrom", W + "instrText", W + "delText",
    W + "drawing", W + "pict", W + "object", W + "txbxContent", _MC + "AlternateContent",
    W + "footnoteReference", W + "endnoteReference", W + "commentReference",
}  # fmt: skip
_WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "ins", W + "moveTo", W + "smartTag"}


@dataclass
class Para:
    text: str


@dataclass
class RawRow:
    cells: list[Cell]
    line: int  # 1-based row index in the document's table stream
    header: bool  # the row carries w:tblHeader (repeats on every page)

    def width(self) -> int:
        return max((c.col or 0) + c.span for c in self.cells) if self.cells else 0

    def texts(self) -> list[str]:
        return [c.text.strip() for c in self.cells]


@dataclass
class Table:
    rows: list[RawRow] = field(default_factory=list)

    def width(self) -> int:
        return max((r.width() for r in self.rows), default=0)

    def plan_rows(self, min_cells: int) -> int:
        """How many rows have at least ``min_cells`` cells: plans are wide tables."""
        return sum(1 for r in self.rows if len(r.cells) >= min_cells)


def load_parts(data: bytes, name: str) -> tuple[Element, Numbering]:
    """The parsed main document part and the list numbering it uses."""
    zf = safety.open_zip(data, name, "Word document (.docx)")
    with zf:
        main = _main_part(zf, name)
        document = _parse(zf, main, name)
        if document is None:
            raise PlanImportError(
                "not a Word document: the archive has no word/document.xml", source=name
            )
        rels = _relationships(zf, _rels_path(main), name)
        numbering = _parse(zf, rels.get("numbering", "word/numbering.xml"), name)
        styles_member = rels.get("styles", "word/styles.xml")
        styles_raw = safety.read_member(zf, styles_member, name)
    # read only when a paragraph names a style (numbering that comes from a style)
    return document, Numbering(numbering, lambda: _style_numbers(styles_raw, styles_member, name))


_STYLES_SEEN: dict[bytes, dict] = {}  # digest of a styles part → its style_numbers
_STYLES_KEPT = 32


def _style_numbers(raw: bytes | None, member: str, name: str) -> dict:
    """``style_numbers`` of a styles part, kept by its content: the documents of one template
    share it byte for byte, and a re-import (a person's column roles) reads the same file."""
    if raw is None:
        return {}
    digest = hashlib.blake2b(raw, digest_size=16).digest()
    numbers = _STYLES_SEEN.get(digest)
    if numbers is None:
        root = _parse_raw(raw, member, name)
        numbers = style_numbers(root) if root is not None else {}
        if len(_STYLES_SEEN) >= _STYLES_KEPT:
            _STYLES_SEEN.pop(next(iter(_STYLES_SEEN)), None)
        _STYLES_SEEN[digest] = numbers
    return dict(numbers)


def _main_part(zf, name: str) -> str:
    for rel_type, target in _relationships(zf, "_rels/.rels", name, base="").items():
        if rel_type == "officeDocument":
            return target
    return "word/document.xml"


def _rels_path(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def _relationships(zf, rels_member: str, name: str, base: str | None = None) -> dict[str, str]:
    """Relationship type (last path segment) → member path, resolved against the part's folder."""
    root = _parse(zf, rels_member, name)
    if root is None:
        return {}
    folder = base if base is not None else posixpath.dirname(posixpath.dirname(rels_member))
    out = {}
    for rel in root.iter(_REL + "Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        out.setdefault(rel.get("Type", "").rsplit("/", 1)[-1], posixpath.normpath(path))
    return out


def _parse(zf, member: str, name: str) -> Element | None:
    return _parse_raw(safety.read_member(zf, member, name), member, name)


def _parse_raw(raw: bytes | None, member: str, name: str) -> Element | None:
    if raw is None:
        return None
    return safety.parse_xml(raw.replace(_STRICT_W, _TRANSITIONAL_W), member, name)


def _flat(el: Element):
    """Children of ``el``, looking through content controls and other transparent wrappers."""
    for child in el:
        if child.tag in _WRAPPERS:
            yield from _flat(child)
        else:
            yield child


class BodyReader:
    """Walks the body once, in document order, numbering lists and table rows as it goes."""

    def __init__(self, numbering: Numbering, budget: safety.Budget):
        self.numbering = numbering
        self.budget = budget
        self.row_no = 0

    def blocks(self, body: Element) -> list[Para | Table]:
        out: list[Para | Table] = []
        for child in _flat(body):
            if child.tag == W + "p":
                out.append(Para(self.paragraph(child)))
            elif child.tag == W + "tbl" and (cells := _frame_cells(child)):
                for cell in cells:
                    out.extend(self.blocks(cell))
            elif child.tag == W + "tbl":
                out.append(self.table(child))
        return out

    def paragraph(self, p: Element) -> str:
        parts = [self.numbering.label(p.find(W + "pPr"))]
        _collect_text(p, parts)
        return "".join(parts)

    def table(self, tbl: Element) -> Table:
        table = Table()
        for tr in _flat(tbl):
            if tr.tag == W + "tr":
                self.budget.row()
                self.row_no += 1
                table.rows.append(self.row(tr))
        return table

    def row(self, tr: Element) -> RawRow:
        tr_pr = tr.find(W + "trPr")
        header = _flag(tr_pr, "tblHeader")
        col = _int_val(tr_pr, "gridBefore", 0)
        cells = []
        for tc in _flat(tr):
            if tc.tag != W + "tc":
                continue
            cell = self.cell(tc, col)
            col += cell.span
            if cell is not _H_MERGED:
                cells.append(cell)
            elif cells:
                cells[-1].span += 1
        return RawRow(cells, self.row_no, header)

    def cell(self, tc: Element, col: int) -> Cell:
        tc_pr = tc.find(W + "tcPr")
        span = max(_int_val(tc_pr, "gridSpan", 1), 1)
        h_merge = tc_pr.find(W + "hMerge") if tc_pr is not None else None
        if h_merge is not None and h_merge.get(W + "val", "continue") == "continue":
            return _H_MERGED  # legacy horizontal merge: the cell to the left already covers it
        v_merge = tc_pr.find(W + "vMerge") if tc_pr is not None else None
        lines = (self.row_no,)
        # read even when merged away: Word's list counters count the hidden paragraphs too
        text = "\n".join(_trim_empty(self.cell_paragraphs(tc)))
        if v_merge is not None and v_merge.get(W + "val", "continue") == "continue":
            return Cell("", col=col, lines=lines, merged_above=True, span=span)
        return Cell(text if text.strip() else "", col=col, lines=lines, span=span)

    def cell_paragraphs(self, tc: Element) -> list[str]:
        """Paragraphs of a cell; a nested table contributes one line per row."""
        out = []
        for child in _flat(tc):
            if child.tag == W + "p":
                out.append(self.paragraph(child))
            elif child.tag == W + "tbl":
                for tr in _flat(child):
                    if tr.tag == W + "tr":
                        cells = [c for c in _flat(tr) if c.tag == W + "tc"]
                        texts = [" ".join(self.cell_paragraphs(c)) for c in cells]
                        out.append(" ".join(t for t in texts if t.strip()))
        return out


_H_MERGED = Cell("")


def _frame_cells(tbl: Element) -> list[Element]:
    """The cells of a one-column table wrapped around the document (a border, a layout trick)
    when one of them holds a table: their content is read as if it stood in the body."""
    cells = []
    for tr in _flat(tbl):
        if tr.tag == W + "tr":
            row = [tc for tc in _flat(tr) if tc.tag == W + "tc"]
            if len(row) != 1:
                return []
            cells.append(row[0])
    nested = any(child.tag == W + "tbl" for cell in cells for child in _flat(cell))
    return cells if nested else []


def _trim_empty(paragraphs: list[str]) -> list[str]:
    """Empty paragraphs at the top or bottom of a cell are spacing (often left by merging)."""
    start, end = 0, len(paragraphs)
    while start < end and not paragraphs[start].strip():
        start += 1
    while end > start and not paragraphs[end - 1].strip():
        end -= 1
    return paragraphs[start:end]


def _collect_text(el: Element, out: list[str]) -> None:
    for child in el:
        tag = child.tag
        if tag == _T:
            out.append(child.text or "")
        elif tag in _SKIP:
            continue
        elif tag in (_TAB, _PTAB):
            out.append("\t")
        elif tag in (_BR, _CR):
            out.append("\n")
        elif tag == _NB_HYPHEN:
            out.append("-")
        elif tag == _R and _flag(child.find(W + "rPr"), "vanish"):
            continue  # hidden text: Word neither shows nor prints it
        elif len(child):
            _collect_text(child, out)


def _flag(pr: Element | None, tag: str) -> bool:
    el = pr.find(W + tag) if pr is not None else None
    return el is not None and el.get(W + "val", "true") not in ("0", "false", "off")


def _int_val(pr: Element | None, tag: str, default: int) -> int:
    el = pr.find(W + tag) if pr is not None else None
    try:
        return int(el.get(W + "val", default)) if el is not None else default
    except ValueError:
        return default
