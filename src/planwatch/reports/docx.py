"""The report as a Word document a clerk can sign and send: landscape A4, Times New Roman,
numbered pages, the plan's table with heading rows and the report's columns.

Reads only a `ReportDataset`; python-docx has no API for page-number fields, repeated header
rows or cell shading, so those few bits are written as raw WordprocessingML (`_xml.py`).
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from planwatch.reports import charts, text
from planwatch.reports._xml import (
    add_page_number,
    fix_widths,
    merge_row,
    no_borders,
    repeat_header,
    set_cell_margins,
    shade,
)
from planwatch.reports.dataset import HeadingRow, MeasureRow, ReportDataset

FONT = "Times New Roman"
PAGE_W, PAGE_H, MARGIN = Mm(297), Mm(210), Mm(15)
HEADING_FILL = "E8ECF1"


def render(dataset: ReportDataset, with_charts: bool = True) -> bytes:
    doc = Document()
    _page_setup(doc)
    _title(doc, dataset)
    _summary(doc, dataset, with_charts)
    _plan_table(doc, dataset)
    _signature(doc, dataset)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _page_setup(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_W, PAGE_H
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    section.left_margin = Mm(20)  # binding edge, as office paperwork keeps it
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(12)
    style.element.rPr.rFonts.set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", FONT
    )
    style.paragraph_format.space_after = Pt(0)
    add_page_number(section.footer.paragraphs[0], FONT)


def _para(
    doc_or_cell, value: str = "", *, bold=False, size=None, align=None, after=0, italic=False
):
    p = doc_or_cell.add_paragraph()
    if value:
        run = p.add_run(value)
        run.bold, run.italic = bold, italic
        run.font.name = FONT
        if size:
            run.font.size = Pt(size)
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(after)
    return p


def _title(doc, dataset: ReportDataset) -> None:
    h = dataset.heading
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, h.document_title.upper(), bold=True, size=14, align=center)
    _para(doc, text.about_line(), bold=True, align=center)
    _para(doc, f"«{h.title}»", bold=True, align=center)
    if h.approval:
        _para(doc, h.approval, align=center)
    _para(doc, h.period.title, bold=True, align=center, after=12)


def _summary(doc, dataset: ReportDataset, with_charts: bool) -> None:
    s = dataset.summary
    _para(doc, "1. " + _("General results"), bold=True, after=6)
    for line in text.summary_sentences(dataset):
        p = _para(doc, line, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        p.paragraph_format.first_line_indent = Mm(12.5)
    _para(doc, after=6)
    images = charts.dataset_charts(dataset) if with_charts else {}
    layout = _layout(doc, [Mm(95), Mm(165)])
    status_rows = [[r.label, str(r.count)] for r in s.statuses]
    _small_table(layout.cell(0, 0), [_("Status"), _("Measures")], status_rows, widths=[60, 25])
    _picture(layout.cell(0, 1), images.get("status"), Mm(110))
    _para(doc, after=6)
    widths = [110, 30, 30, 30, 30]
    _small_table(doc, text.executor_headers(), text.executor_rows(s), widths=widths)
    if images:
        layout = _layout(doc, [Mm(130), Mm(130)])
        _picture(layout.cell(0, 0), images["progress"], Mm(125))
        _picture(layout.cell(0, 1), images["executors"], Mm(125))
    if s.overdue_measures:
        _para(doc, after=6)
        _para(doc, _("Measures whose deadline has passed without execution"), bold=True, after=4)
        rows = [
            [m.number, m.text, m.cells["deadline"], m.cells["executors"], m.status_label]
            for m in s.overdue_measures
        ]
        heads = [_("No."), _("Measure"), _("Deadline"), _("Executors"), _("Status")]
        _small_table(doc, heads, rows, widths=[15, 120, 35, 70, 30])
    _figures(doc, dataset.figures, images)


def _figures(doc, f, images: dict) -> None:
    """Indicators (baseline → target → actual per period) and funding (planned vs spent)."""
    if f is None or f.is_empty:
        return
    if f.indicator_rows:
        _para(doc, after=6)
        _para(doc, _("Indicators: baseline, target, actual"), bold=True, after=4)
        _small_table(
            doc, f.indicator_headers, f.indicator_rows, widths=[12, 70, 22, 25, 30, 75, 22, 20]
        )
        for note in f.indicator_notes:
            _para(doc, note, size=9, italic=True)
    if f.money_rows:
        _para(doc, after=6)
        _para(doc, _("Funding: planned and spent"), bold=True, after=4)
        _para(doc, f.money_sentence, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=4)
        _small_table(
            doc, f.money_headers, [*f.money_rows, f.money_total], widths=[25, 70, 40, 40, 30]
        )
    if images.get("indicators") or images.get("money"):
        layout = _layout(doc, [Mm(130), Mm(130)])
        _picture(layout.cell(0, 0), images.get("indicators"), Mm(125))
        _picture(layout.cell(0, 1), images.get("money"), Mm(125))


def _layout(doc, widths):
    """A borderless one-row table that puts two blocks side by side."""
    table = doc.add_table(rows=1, cols=len(widths))
    no_borders(table)
    fix_widths(table, widths)
    return table


def _picture(cell, png: bytes | None, width) -> None:
    if png:
        cell.paragraphs[0].add_run().add_picture(io.BytesIO(png), width=width)


def _small_table(doc, headers: list[str], rows: list[list[str]], widths=None) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, value in zip(table.rows[0].cells, headers, strict=True):
        _cell_text(cell, value, bold=True, size=10)
        shade(cell, HEADING_FILL)
    repeat_header(table.rows[0])
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            _cell_text(cell, value, size=10)
    if widths:
        _widths(table, [Mm(w) for w in widths])


def _cell_text(cell, value: str, *, bold=False, size=10, italic=False) -> None:
    p = cell.paragraphs[0]
    run = p.add_run(value or "")
    run.bold, run.italic = bold, italic
    run.font.name, run.font.size = FONT, Pt(size)


def _widths(table, widths) -> None:
    fix_widths(table, widths)


def _plan_table(doc, dataset: ReportDataset) -> None:
    doc.add_page_break()
    _para(doc, "2. " + _("Execution of the measures"), bold=True, after=6)
    cols = dataset.columns
    table = doc.add_table(rows=2, cols=len(cols))
    table.style = "Table Grid"
    for i, col in enumerate(cols):
        _cell_text(table.rows[0].cells[i], col.title, bold=True)
        _cell_text(table.rows[1].cells[i], str(i + 1), size=9)
        for cell in (table.rows[0].cells[i], table.rows[1].cells[i]):
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            shade(cell, HEADING_FILL)
    repeat_header(table.rows[0])
    repeat_header(table.rows[1])
    for row in dataset.rows:
        if isinstance(row, HeadingRow):
            _heading_row(table, row)
        else:
            _measure_row(table, cols, row)
    total = sum(c.width for c in cols)
    usable = PAGE_W - Mm(20) - MARGIN
    _widths(table, [int(usable * c.width / total) for c in cols])
    for row in table.rows:
        for cell in row.cells:
            set_cell_margins(cell, 60)


def _heading_row(table, row: HeadingRow) -> None:
    cell = merge_row(table.add_row())
    _cell_text(cell, f"{row.number} {row.title}".strip(), bold=True, italic=row.depth > 0)
    shade(cell, HEADING_FILL if row.depth == 0 else "F4F6F8")


def _measure_row(table, cols, row: MeasureRow) -> None:
    cells = table.add_row().cells
    for cell, col in zip(cells, cols, strict=True):
        if col.key == "done":
            _done_cell(cell, row)
        elif col.key == "status":
            _cell_text(cell, row.status_label, bold=row.overdue)
            if row.overdue:
                _cell_text_more(cell, _("deadline passed"), italic=True)
        elif col.key == "values":
            _cell_text(cell, "\n".join(row.values))
        else:
            _cell_text(cell, row.cells.get(col.key, ""))


def _done_cell(cell, row: MeasureRow) -> None:
    """Each executor's accepted report, attributed: organisation in bold, then its text."""
    if not row.notes:
        _cell_text(cell, text.no_report_line(row), italic=True)
        return
    for i, note in enumerate(row.notes):
        p = cell.paragraphs[0] if i == 0 else _note_paragraph(cell)
        p.paragraph_format.space_after = Pt(3)
        head = p.add_run(text.note_head(note) + " ")
        head.bold, head.font.name, head.font.size = True, FONT, Pt(10)
        first, *more = (note.narrative or "—").split("\n")
        _run(p, first)
        for line in more:
            _run(_note_paragraph(cell), line)
    if row.missing:
        _cell_text_more(cell, text.missing_line(row), italic=True)


def _note_paragraph(cell):
    p = cell.add_paragraph()
    p.paragraph_format.space_after = Pt(3)
    return p


def _run(paragraph, value: str) -> None:
    run = paragraph.add_run(value)
    run.font.name, run.font.size = FONT, Pt(10)


def _cell_text_more(cell, value: str, *, italic=False) -> None:
    p = cell.add_paragraph()
    run = p.add_run(value)
    run.italic, run.font.name, run.font.size = italic, FONT, Pt(9)


def _signature(doc, dataset: ReportDataset) -> None:
    _para(doc, after=24)
    table = doc.add_table(rows=2, cols=3)
    no_borders(table)
    top, bottom = table.rows
    blanks = ["_" * 36, "_" * 18, "_" * 28]
    for cell, blank in zip(top.cells, blanks, strict=True):
        _cell_text(cell, blank, size=12)
    for cell, caption in zip(bottom.cells, text.signature_captions(), strict=True):
        _cell_text(cell, caption, size=9, italic=True)
    for cell in (*top.cells, *bottom.cells):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, after=6)
    _para(doc, text.made_on_line(dataset), size=10, italic=True)
