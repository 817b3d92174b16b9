"""The WordprocessingML python-docx has no API for: page-number fields, header rows repeated
on every page, cell shading and margins, borderless layout tables, a row merged across."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def _el(tag: str, **attrs) -> OxmlElement:
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), str(value))
    return el


def add_page_number(paragraph, font: str) -> None:
    """A centred PAGE field: Word and LibreOffice fill in the number on every page."""
    paragraph.alignment = 1  # centre
    run = paragraph.add_run()
    run.font.name = font
    run._r.append(_el("w:fldChar", fldCharType="begin"))
    instr = _el("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run._r.append(instr)
    run._r.append(_el("w:fldChar", fldCharType="end"))


def repeat_header(row) -> None:
    """The row is repeated at the top of every page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(_el("w:tblHeader", val="true"))


def shade(cell, fill: str) -> None:
    cell._tc.get_or_add_tcPr().append(_el("w:shd", val="clear", color="auto", fill=fill))


def set_cell_margins(cell, twips: int) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    margins = _el("w:tcMar")
    for side in ("top", "start", "bottom", "end", "left", "right"):
        margins.append(_el(f"w:{side}", w=twips, type="dxa"))
    tc_pr.append(margins)


def no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = _el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_el(f"w:{side}", val="nil"))
    tbl_pr.append(borders)


def merge_row(row):
    """One cell across the whole row (a heading row of the plan); returns it."""
    cells = row.cells
    return cells[0].merge(cells[-1]) if len(cells) > 1 else cells[0]


def fix_widths(table, widths) -> None:
    """Column widths that Word *and* LibreOffice honour: a fixed layout, the grid's columns
    and every cell (LibreOffice reads the grid, Word the cells)."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    tbl_pr.append(_el("w:tblLayout", type="fixed"))
    total = sum(int(w) for w in widths)
    for old in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(old)
    tbl_pr.append(_el("w:tblW", w=total // 635, type="dxa"))
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(int(width) // 635))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width
