"""The report as a workbook: one sheet of measures to filter and sort, one of summary figures.

Unlike the .docx, the measures sheet has no heading rows (an autofilter over merged heading
rows hides them): each measure carries its headings in the first column instead. Figures are
written as numbers, not text, so a coordinator can sum them.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from planwatch.documents import workbook
from planwatch.plan_reports import text
from planwatch.plan_reports.dataset import HeadingRow, MeasureRow, ReportDataset

MEASURES_SHEET, SUMMARY_SHEET = "Заходи", "Підсумки"
INDICATORS_SHEET, FUNDING_SHEET = "Показники", "Фінансування"


def render(dataset: ReportDataset) -> bytes:
    return workbook.make(lambda book: _fill(book, dataset))


def _fill(book, dataset: ReportDataset) -> None:
    fmt = _formats(book)
    _measures(book.add_worksheet(MEASURES_SHEET), dataset, fmt)
    _summary(book.add_worksheet(SUMMARY_SHEET), dataset, fmt)
    _figures(book, dataset.figures, fmt)


def _formats(book) -> dict:
    base = {"font_name": workbook.FONT, "font_size": 11, "valign": "top", "text_wrap": True}
    return {
        "cell": book.add_format({**base, "border": 1}),
        "head": book.add_format({**base, "border": 1, "bold": True, "bg_color": "#E8ECF1"}),
        "title": book.add_format({**base, "bold": True, "font_size": 13, "text_wrap": False}),
        "plain": book.add_format({**base, "text_wrap": False}),
        "num": book.add_format({**base, "border": 1, "num_format": "0"}),
        "money": book.add_format({**base, "border": 1, "num_format": "#,##0.000"}),
        "late": book.add_format({**base, "border": 1, "font_color": "#B3261E", "bold": True}),
    }


def measure_columns(dataset: ReportDataset) -> list[tuple[str, str, int]]:
    """(key, title, width in characters) of the measures sheet."""
    cols = [("headings", _("Section / goal / task"), 30)]
    for c in dataset.columns:
        cols.append((c.key, c.title, max(8, round(c.width * 1.7))))
        if c.key == "status":
            cols.append(("overdue", _("Deadline passed"), 12))
            cols.append(("missing", _("No report in time from"), 30))
    if any(m.linked for m in dataset.measures):
        cols.append(("linked", _("Linked measures of lower plans"), 60))
    return cols


def measure_cells(row: MeasureRow, headings: str) -> dict[str, object]:
    done = "\n".join(f"{text.note_head(n)} {n.narrative}" for n in row.notes)
    return {
        **row.cells,
        "headings": headings,
        "done": done or text.no_report_line(row),
        "status": row.status_label,
        "overdue": _("yes") if row.overdue else "",
        "missing": ", ".join(row.missing),
        "values": "\n".join(row.values),
        "linked": text.linked_plain(row.linked),
    }


def _measures(sheet, dataset: ReportDataset, fmt: dict) -> None:
    cols = measure_columns(dataset)
    for i, (_key, title, width) in enumerate(cols):
        sheet.write(0, i, title, fmt["head"])
        sheet.set_column(i, i, width)
    r = 0
    for row in _with_headings(dataset.rows):
        measure, headings = row
        r += 1
        values = measure_cells(measure, headings)
        texts = [str(values.get(key, "") or "") for key, _t, _w in cols]
        for i, ((key, _title, _w), value) in enumerate(zip(cols, texts, strict=True)):
            style = fmt["late"] if key == "overdue" and measure.overdue else fmt["cell"]
            sheet.write_string(r, i, value, style)
        sheet.set_row(r, row_height(texts, [w for _k, _t, w in cols]))
    sheet.autofilter(0, 0, max(r, 1), len(cols) - 1)
    sheet.freeze_panes(1, 0)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.repeat_rows(0)
    sheet.fit_to_pages(1, 0)


def row_height(texts: list[str], widths: list[int]) -> float:
    """Points for the tallest wrapped cell: spreadsheet programs do not grow a row on
    opening a file, so wrapped text would hide behind its neighbours."""
    lines = 1
    for value, width in zip(texts, widths, strict=True):
        per_line = max(round(width * 1.2), 4)  # Times 11 pt is narrower than the width unit
        wrapped = sum(-(-max(len(part), 1) // per_line) for part in value.split("\n"))
        lines = max(lines, wrapped)
    return min(409.0, 15.0 * lines)


def heading_path(path: list[HeadingRow]) -> str:
    """ "I › 1.1 › 1.1.2 Забезпечення …": the numbers of the way down, the nearest title."""
    if not path:
        return ""
    numbers = [h.number for h in path[:-1] if h.number]
    last = f"{path[-1].number} {path[-1].title}".strip()
    last = last if len(last) <= 160 else last[:159] + "…"
    return " › ".join([*numbers, last])


def _with_headings(rows):
    """(measure, "I. Координація › 1. Створення …") for each measure, in document order."""
    path: list[HeadingRow] = []
    for row in rows:
        if isinstance(row, HeadingRow):
            path = [h for h in path if h.depth < row.depth] + [row]
        else:
            yield row, heading_path(path)


def _summary(sheet, dataset: ReportDataset, fmt: dict) -> None:
    h, s = dataset.heading, dataset.summary
    sheet.set_column(0, 0, 60)
    sheet.set_column(1, 5, 16)
    lines = [h.document_title.upper(), text.about_line(), h.title, h.approval, h.period.title]
    r = 0
    for line in filter(None, lines):
        sheet.write(r, 0, line, fmt["title"] if r == 0 else fmt["plain"])
        r += 1
    for line in text.summary_sentences(dataset):
        sheet.write(r, 0, line, fmt["plain"])
        r += 1
    r += 1
    r = _table(
        sheet, r, [_("Status"), _("Measures")], [[x.label, x.count] for x in s.statuses], fmt
    )
    heads = [*text.executor_headers(), _("Overdue")]
    rows = [_counts(c) for c in s.by_executor]
    if len(rows) > 1:
        rows.append(_counts(s.totals))
    r = _table(sheet, r + 1, heads, rows, fmt)
    period_heads = [_("Period"), *text.executor_headers()[1:], _("Overdue")]
    _table(sheet, r + 1, period_heads, [_counts(c) for c in s.by_period], fmt)


def _figures(book, f, fmt: dict) -> None:
    """Sheets "Показники" (baseline → target → actual per period) and "Фінансування"
    (planned vs spent per year and source, as numbers)."""
    if f is None or f.is_empty:
        return
    if f.indicator_rows:
        sheet = book.add_worksheet(INDICATORS_SHEET)
        for i, width in enumerate([8, 50, 14, 14, 20, 60, 14, 12]):
            sheet.set_column(i, i, width)
        r = _table(sheet, 0, f.indicator_headers, f.indicator_rows, fmt)
        for note in f.indicator_notes:
            sheet.write(r, 0, note, fmt["plain"])
            r += 1
    if f.money_rows:
        sheet = book.add_worksheet(FUNDING_SHEET)
        for i, width in enumerate([16, 40, 18, 18, 14]):
            sheet.set_column(i, i, width)
        sheet.write(0, 0, f.money_sentence, fmt["plain"])
        for i, title in enumerate(f.money_headers):
            sheet.write(2, i, title, fmt["head"])
        for r, values in enumerate(f.money_values, start=3):
            for i, value in enumerate(values):
                if i >= 2 and value is not None:
                    sheet.write_number(r, i, float(value), fmt["money"])  # Excel stores doubles
                else:
                    sheet.write(r, i, "—" if value is None else value, fmt["cell"])


def _counts(c) -> list:
    return [c.label, c.expected, c.received, c.completeness, c.on_time_rate, c.overdue]


def _table(sheet, r: int, headers: list[str], rows: list[list], fmt: dict) -> int:
    for i, title in enumerate(headers):
        sheet.write(r, i, title, fmt["head"])
    for values in rows:
        r += 1
        workbook.write_row(sheet, r, values, fmt["cell"], fmt["num"])
    return r + 1
