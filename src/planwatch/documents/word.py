"""Word documents (python-docx): the page, the fonts, paragraphs and grid tables every
document uses, and the WordprocessingML python-docx has no API for: page-number fields,
header rows repeated on every page, cell shading and margins, borderless layout tables, a
row merged across, column widths both Word and LibreOffice honour."""

from __future__ import annotations

from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"  # Liberation Serif where it is missing: the same metrics
PAGE_W, PAGE_H = Mm(297), Mm(210)  # landscape A4


def _el(tag: str, **attrs) -> OxmlElement:
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), str(value))
    return el


# ---- the page and the fonts ---------------------------------------------------------------


def landscape_a4(doc, *, top, right, bottom, left) -> None:
    """Landscape A4 with these margins and a page number centred in the footer."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.top_margin, section.right_margin = top, right
    section.bottom_margin, section.left_margin = bottom, left
    add_page_number(section.footer.paragraphs[0], FONT)


def set_font(doc, font: str = FONT, size: int = 12) -> None:
    """The Normal style's font for every script (Cyrillic included) and its size."""
    style = doc.styles["Normal"]
    style.font.name, style.font.size = font, Pt(size)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), font)


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


# ---- text ---------------------------------------------------------------------------------


def para(parent, value: str = "", *, bold=False, italic=False, size=None, align=None, after=0.0):
    """A paragraph of one run in the document font; `after` None keeps the style's spacing."""
    p = parent.add_paragraph()
    if value:
        run = p.add_run(value)
        run.bold, run.italic = bold, italic
        run.font.name = FONT
        if size:
            run.font.size = Pt(size)
    if align is not None:
        p.alignment = align
    if after is not None:
        p.paragraph_format.space_after = Pt(after)
    return p


def cell_text(cell, value: str, *, bold=False, size=10, italic=False) -> None:
    """Text into a cell's first paragraph."""
    run = cell.paragraphs[0].add_run(value or "")
    run.bold, run.italic = bold, italic
    run.font.name, run.font.size = FONT, Pt(size)


# ---- tables -------------------------------------------------------------------------------


def grid_table(
    parent,
    headers: list[str],
    rows: list[list],
    *,
    widths=None,
    size: int = 10,
    header_fill: str | None = None,
    bold_rows=(),
    center: bool = False,
):
    """A bordered table: a bold header row repeated on every page (shaded with
    `header_fill`), then `rows` (those whose index is in `bold_rows` in bold);
    `widths` are lengths (Mm, Cm)."""
    table = parent.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    if center:
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, value in zip(table.rows[0].cells, headers, strict=True):
        cell_text(cell, value, bold=True, size=size)
        if header_fill:
            shade(cell, header_fill)
    repeat_header(table.rows[0])
    bold = set(bold_rows)
    for i, values in enumerate(rows):
        for cell, value in zip(table.add_row().cells, values, strict=True):
            text = "" if value is None else str(value).strip()
            cell_text(cell, text, bold=i in bold, size=size)
    if widths:
        fix_widths(table, widths)
    return table


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
