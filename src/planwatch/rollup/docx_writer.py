"""The roll-up as a Word document: landscape A4, Times New Roman, numbered pages."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from planwatch.rollup import documents as d
from planwatch.rollup.data import Rollup

USABLE_CM = 26.7  # landscape A4 less 1.5 cm margins


def write(data: Rollup) -> bytes:
    doc = Document()
    _page(doc)
    _fonts(doc)
    title, subtitle = d.title_lines(data)
    _para(doc, title, bold=True, size=14, center=True)
    _para(doc, subtitle, center=True)
    _heading(doc, "1. Зведення за громадами")
    rest = (USABLE_CM - 6.5) / (len(d.SUMMARY_HEADERS) - 1)
    widths = [6.5] + [rest] * (len(d.SUMMARY_HEADERS) - 1)
    _table(doc, d.SUMMARY_HEADERS, d.summary_rows(data), size=9, widths=widths)
    _para(doc, "Стан заходів визначено за прийнятими звітами; стани лише підраховано.", size=9)
    _heading(doc, "2. Діаграми")
    for caption, png in d.chart_images(data):
        doc.add_picture(io.BytesIO(png), width=Cm(16))
        _para(doc, caption, size=10, center=True)
    _heading(doc, "3. Прострочені заходи")
    if data.overdue:
        rows = [("plan", r, "") for r in d.overdue_rows(data)]
        _table(doc, d.OVERDUE_HEADERS, rows, size=9, widths=[1.0, 4.5, 5.5, 9.7, 3.0, 3.0])
    else:
        _para(doc, "Прострочених заходів немає.")
    if data.unit_sums:
        _heading(doc, "4. Показники зі спільною одиницею виміру")
        rows = [("plan", r, "") for r in d.unit_rows(data)]
        _table(doc, d.UNIT_HEADERS, rows, size=10, widths=[8.0, 3.0, 4.0, 3.0, 4.0])
    _figures(doc, data)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _figures(doc, data: Rollup) -> None:
    from planwatch.rollup import doc_figures as f

    _heading(doc, "5. Кошти: заплановано і витрачено")
    money = f.money_rows(data)
    if money:
        rows = [("plan", r, "") for r in money]
        _table(doc, f.MONEY_HEADERS, rows, size=9, widths=[6.7, 2.0, 5.5, 4.0, 4.0, 4.5])
    else:
        _para(doc, "За цей період суми не заплановано і не витрачено.")
    _para(doc, f.MONEY_NOTE, size=9)
    indicators = f.indicator_rows(data)
    if indicators:
        _heading(doc, "6. Показники за рамкою показників")
        rows = [("plan", r, "") for r in indicators]
        widths = [4.5, 2.4, 2.4, 5.0, 2.6, 3.0, 3.3, 3.5]
        _table(doc, f.INDICATOR_HEADERS, rows, size=9, widths=widths)
        _para(doc, f.INDICATOR_NOTE, size=9)


def _page(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.5))
    section.top_margin = section.bottom_margin = Cm(1.5)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(footer.add_run())


def _page_field(run) -> None:
    """A PAGE field: Word (and LibreOffice) put the page number there."""
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), tag)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def _fonts(doc) -> None:
    for name in ("Normal", "Heading 2"):
        style = doc.styles[name]
        style.font.name = d.FONT
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), d.FONT)
    doc.styles["Normal"].font.size = Pt(12)


def _para(doc, text: str, bold=False, size=12, center=False):
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return p


def _heading(doc, text: str) -> None:
    p = _para(doc, text, bold=True, size=13)
    p.paragraph_format.space_before = Pt(12)
    p.paragraph_format.keep_with_next = True


def _table(doc, headers: list[str], rows, size: int, widths: list[float]) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell(cell, text, size, bold=True)
    _repeat_header(table.rows[0])
    for kind, cells, _label in rows:
        row = table.add_row().cells
        for cell, value in zip(row, cells, strict=True):
            _cell(cell, str(value).strip(), size, bold=kind != "plan")
    for col, width in zip(table.columns, widths, strict=True):
        col.width = Cm(width)  # the grid LibreOffice reads
        for cell in col.cells:
            cell.width = Cm(width)  # and the cells Word reads


def _cell(cell, text: str, size: int, bold: bool = False) -> None:
    p = cell.paragraphs[0]
    run = p.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)
