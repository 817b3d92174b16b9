"""The report as a Word document a clerk can sign and send: landscape A4, Times New Roman,
numbered pages, the plan's table with heading rows and the report's columns.

Reads only a `ReportDataset`; python-docx has no API for page-number fields, repeated header
rows or cell shading: the toolkit writes those (`planwatch.documents.word`).
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from planwatch.documents.word import (
    FONT,
    PAGE_W,
    cell_text,
    fix_widths,
    grid_table,
    landscape_a4,
    merge_row,
    no_borders,
    para,
    repeat_header,
    set_cell_margins,
    set_font,
    shade,
)
from planwatch.plan_reports import charts, text
from planwatch.plan_reports.dataset import HeadingRow, MeasureRow, ReportDataset

MARGIN = Mm(15)
HEADING_FILL = "E8ECF1"
LINKED_FILL = "FAFAF7"  # the lower plans' reports under a measure: set apart, still white


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
    # the left margin is the binding edge, as office paperwork keeps it
    landscape_a4(doc, top=MARGIN, right=MARGIN, bottom=MARGIN, left=Mm(20))
    set_font(doc, FONT, 12)
    doc.styles["Normal"].paragraph_format.space_after = Pt(0)


def _title(doc, dataset: ReportDataset) -> None:
    h = dataset.heading
    center = WD_ALIGN_PARAGRAPH.CENTER
    para(doc, h.document_title.upper(), bold=True, size=14, align=center)
    para(doc, text.about_line(), bold=True, align=center)
    para(doc, f"«{h.title}»", bold=True, align=center)
    if h.approval:
        para(doc, h.approval, align=center)
    para(doc, h.period.title, bold=True, align=center, after=12)


def _summary(doc, dataset: ReportDataset, with_charts: bool) -> None:
    s = dataset.summary
    para(doc, "1. " + _("General results"), bold=True, after=6)
    for line in text.summary_sentences(dataset):
        p = para(doc, line, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        p.paragraph_format.first_line_indent = Mm(12.5)
    para(doc, after=6)
    images = charts.dataset_charts(dataset) if with_charts else {}
    layout = _layout(doc, [Mm(95), Mm(165)])
    status_rows = [[r.label, str(r.count)] for r in s.statuses]
    _small_table(layout.cell(0, 0), [_("Status"), _("Measures")], status_rows, widths=[60, 25])
    _picture(layout.cell(0, 1), images.get("status"), Mm(110))
    para(doc, after=6)
    widths = [110, 30, 30, 30, 30]
    _small_table(doc, text.executor_headers(), text.executor_rows(s), widths=widths)
    if images:
        layout = _layout(doc, [Mm(130), Mm(130)])
        _picture(layout.cell(0, 0), images["progress"], Mm(125))
        _picture(layout.cell(0, 1), images["executors"], Mm(125))
    if s.overdue_measures:
        para(doc, after=6)
        para(doc, _("Measures whose deadline has passed without execution"), bold=True, after=4)
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
        para(doc, after=6)
        para(doc, _("Indicators: baseline, target, actual"), bold=True, after=4)
        _small_table(
            doc, f.indicator_headers, f.indicator_rows, widths=[12, 70, 22, 25, 30, 75, 22, 20]
        )
        for note in f.indicator_notes:
            para(doc, note, size=9, italic=True)
    if f.money_rows:
        para(doc, after=6)
        para(doc, _("Funding: planned and spent"), bold=True, after=4)
        para(doc, f.money_sentence, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=4)
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
    mm = [Mm(w) for w in widths] if widths else None
    grid_table(doc, headers, rows, widths=mm, header_fill=HEADING_FILL, center=True)


def _plan_table(doc, dataset: ReportDataset) -> None:
    doc.add_page_break()
    para(doc, "2. " + _("Execution of the measures"), bold=True, after=6)
    cols = dataset.columns
    table = doc.add_table(rows=2, cols=len(cols))
    table.style = "Table Grid"
    for i, col in enumerate(cols):
        cell_text(table.rows[0].cells[i], col.title, bold=True)
        cell_text(table.rows[1].cells[i], str(i + 1), size=9)
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
            if row.linked:
                _linked_row(table, row)
    total = sum(c.width for c in cols)
    usable = PAGE_W - Mm(20) - MARGIN
    fix_widths(table, [int(usable * c.width / total) for c in cols])
    for row in table.rows:
        for cell in row.cells:
            set_cell_margins(cell, 60)


def _heading_row(table, row: HeadingRow) -> None:
    cell = merge_row(table.add_row())
    cell_text(cell, f"{row.number} {row.title}".strip(), bold=True, italic=row.depth > 0)
    shade(cell, HEADING_FILL if row.depth == 0 else "F4F6F8")


def _measure_row(table, cols, row: MeasureRow) -> None:
    cells = table.add_row().cells
    for cell, col in zip(cells, cols, strict=True):
        if col.key == "done":
            _done_cell(cell, row)
        elif col.key == "status":
            cell_text(cell, row.status_label, bold=row.overdue)
            if row.overdue:
                _cell_text_more(cell, _("deadline passed"), italic=True)
        elif col.key == "values":
            cell_text(cell, "\n".join(row.values))
        else:
            cell_text(cell, row.cells.get(col.key, ""))


def _linked_row(table, row: MeasureRow) -> None:
    """Under the measure, across the row: what the linked lower measures reported."""
    cell = merge_row(table.add_row())
    shade(cell, LINKED_FILL)
    cell_text(cell, text.linked_heading(), bold=True, size=9)
    for title, notes in text.linked_blocks(row.linked):
        p = _note_paragraph(cell)
        run = p.add_run(title)
        run.italic, run.font.name, run.font.size = True, FONT, Pt(9)
        for head, body, figures in notes:
            p = _note_paragraph(cell)
            p.paragraph_format.left_indent = Mm(5)
            if head:
                run = p.add_run(head + " ")
                run.bold, run.font.name, run.font.size = True, FONT, Pt(9)
            _run(p, body, 9)
            if figures:
                more = _note_paragraph(cell)
                more.paragraph_format.left_indent = Mm(5)
                _run(more, figures, 9)


def _done_cell(cell, row: MeasureRow) -> None:
    """Each executor's accepted report, attributed: organisation in bold, then its text."""
    if not row.notes:
        cell_text(cell, text.no_report_line(row), italic=True)
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


def _run(paragraph, value: str, size: int = 10) -> None:
    run = paragraph.add_run(value)
    run.font.name, run.font.size = FONT, Pt(size)


def _cell_text_more(cell, value: str, *, italic=False) -> None:
    p = cell.add_paragraph()
    run = p.add_run(value)
    run.italic, run.font.name, run.font.size = italic, FONT, Pt(9)


def _signature(doc, dataset: ReportDataset) -> None:
    para(doc, after=24)
    table = doc.add_table(rows=2, cols=3)
    no_borders(table)
    top, bottom = table.rows
    blanks = ["_" * 36, "_" * 18, "_" * 28]
    for cell, blank in zip(top.cells, blanks, strict=True):
        cell_text(cell, blank, size=12)
    for cell, caption in zip(bottom.cells, text.signature_captions(), strict=True):
        cell_text(cell, caption, size=9, italic=True)
    for cell in (*top.cells, *bottom.cells):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    para(doc, after=6)
    para(doc, text.made_on_line(dataset), size=10, italic=True)
