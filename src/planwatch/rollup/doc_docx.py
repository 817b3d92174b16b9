"""The roll-up as a Word document: landscape A4, Times New Roman, numbered pages (the
document toolkit's `word` module) with the rows of `doc_rows`."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from planwatch.documents import word
from planwatch.rollup import doc_figures as f
from planwatch.rollup import doc_rows as d
from planwatch.rollup.data import Rollup

MARGIN = Cm(1.5)
USABLE_CM = 26.7  # landscape A4 less the margins


def render(data: Rollup) -> bytes:
    doc = Document()
    word.landscape_a4(doc, top=MARGIN, right=MARGIN, bottom=MARGIN, left=MARGIN)
    word.set_font(doc, word.FONT, 12)
    title, subtitle = d.title_lines(data)
    _para(doc, title, bold=True, size=14, center=True)
    _para(doc, subtitle, center=True)
    _heading(doc, "1. Зведення за громадами")
    rest = (USABLE_CM - 6.5) / (len(d.SUMMARY_HEADERS) - 1)
    widths = [6.5] + [rest] * (len(d.SUMMARY_HEADERS) - 1)
    rows = d.summary_rows(data)
    bold = [i for i, (kind, _cells, _label) in enumerate(rows) if kind != "plan"]
    _table(doc, d.SUMMARY_HEADERS, [c for _k, c, _l in rows], widths, 9, bold)
    _para(doc, "Стан заходів визначено за прийнятими звітами; стани лише підраховано.", size=9)
    _heading(doc, "2. Діаграми")
    for caption, png in d.chart_images(data):
        doc.add_picture(io.BytesIO(png), width=Cm(16))
        _para(doc, caption, size=10, center=True)
    _heading(doc, "3. Прострочені заходи")
    if data.overdue:
        widths = [1.0, 4.5, 5.5, 9.7, 3.0, 3.0]
        _table(doc, d.OVERDUE_HEADERS, d.overdue_rows(data), widths, 9)
    else:
        _para(doc, "Прострочених заходів немає.")
    if data.unit_sums:
        _heading(doc, "4. Показники зі спільною одиницею виміру")
        _table(doc, d.UNIT_HEADERS, d.unit_rows(data), [8.0, 3.0, 4.0, 3.0, 4.0], 10)
    _figures(doc, data)
    if data.linked:
        _heading(doc, d.linked_heading(data))
        _table(doc, d.linked_headers(), d.linked_rows(data), [8.0, 8.0, 10.7], 9)
        _para(doc, d.linked_note(), size=9)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _figures(doc, data: Rollup) -> None:
    _heading(doc, "5. Кошти: заплановано і витрачено")
    money = f.money_rows(data)
    if money:
        _table(doc, f.MONEY_HEADERS, money, [6.7, 2.0, 5.5, 4.0, 4.0, 4.5], 9)
    else:
        _para(doc, "За цей період суми не заплановано і не витрачено.")
    _para(doc, f.MONEY_NOTE, size=9)
    indicators = f.indicator_rows(data)
    if indicators:
        _heading(doc, "6. Показники за рамкою показників")
        widths = [4.5, 2.4, 2.4, 5.0, 2.6, 3.0, 3.3, 3.5]
        _table(doc, f.INDICATOR_HEADERS, indicators, widths, 9)
        _para(doc, f.INDICATOR_NOTE, size=9)


def _para(doc, text: str, bold=False, size=12, center=False):
    align = WD_ALIGN_PARAGRAPH.CENTER if center else None
    return word.para(doc, text, bold=bold, size=size, align=align, after=None)


def _heading(doc, text: str) -> None:
    p = _para(doc, text, bold=True, size=13)
    p.paragraph_format.space_before = Pt(12)
    p.paragraph_format.keep_with_next = True


def _table(doc, headers: list[str], rows: list[list], widths_cm: list[float], size: int,
           bold=()) -> None:  # fmt: skip
    widths = [Cm(w) for w in widths_cm]
    word.grid_table(doc, headers, rows, widths=widths, size=size, bold_rows=bold)
