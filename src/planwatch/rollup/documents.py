"""The combined roll-up report as .docx, .xlsx and PDF, from a `Rollup` (no database access).

Landscape A4, Times New Roman (Liberation Serif where Times is not installed: metric-
compatible), numbered pages; a summary table per community with its plans, the overdue list,
indicator sums and the charts (matplotlib PNG, embedded in .docx and PDF). Always Ukrainian:
the document goes up to the head of the body whatever the clerk's interface language.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation

from planwatch.formats import prose_date
from planwatch.rollup import pngcharts
from planwatch.rollup.data import Figures, Rollup


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str
    label: str


FORMATS = {
    "docx": Format(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word (.docx)",
    ),
    "xlsx": Format(
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (.xlsx)"
    ),
    "pdf": Format("pdf", "application/pdf", "PDF"),
}
FONT = "Times New Roman"

STATUS_TITLES = {
    "done": "Виконано",
    "in_progress": "Виконується",
    "not_done": "Не виконано",
    "postponed": "Перенесено",
    "obsolete": "Втратив актуальність",
    "no_data": "Немає прийнятого звіту",
}


def render(data: Rollup, fmt: str) -> bytes:
    with translation.override("uk"):
        return {"docx": render_docx, "xlsx": render_xlsx, "pdf": render_pdf}[fmt](data)


def file_name(data: Rollup, fmt: str) -> str:
    return f"rollup-{data.org_id}-{data.period.label}.{FORMATS[fmt].extension}"


# ---- what every format shows -------------------------------------------------------------


def title_lines(data: Rollup) -> tuple[str, str]:
    return (
        "Зведена інформація про стан виконання планів заходів",
        f"{data.org_name}, {data.period.title} (станом на {prose_date(data.today, 'uk')})",
    )


SUMMARY_HEADERS = [
    "Громада / план",
    "Заходів",
    *STATUS_TITLES.values(),
    "Прострочені заходи",
    "Звітів отримано / очікувано",
    "Повнота, %",
    "Вчасно, %",
    "Прострочені звіти",
]


def pct(value: int | None) -> str:
    return "—" if value is None else f"{value}%"


def figure_cells(f: Figures) -> list:
    rep = f.reports
    return [
        f.measures,
        *(n for _k, n in f.status_list()),
        f.overdue_measures,
        f"{rep.received} / {rep.expected}",
        pct(rep.completeness),
        pct(rep.on_time_rate),
        rep.overdue,
    ]


def summary_rows(data: Rollup) -> list[tuple[str, list, str]]:
    """(kind, cells, label) rows: "community", "plan" or "total"."""
    rows = []
    for c in data.communities:
        rows.append(("community", [c.name, *figure_cells(c.figures)], c.name))
        for p in c.plans:
            rows.append(("plan", [f"   {p.title}", *figure_cells(p.figures)], p.title))
    rows.append(("total", ["Разом", *figure_cells(data.totals)], "Разом"))
    return rows


OVERDUE_HEADERS = ["№", "Громада", "План", "Захід", "Строк", "Стан"]


def overdue_rows(data: Rollup) -> list[list[str]]:
    return [
        [str(i), o.community, o.plan_title, f"{o.number} {o.text}".strip(), o.deadline_text,
         STATUS_TITLES.get(o.status, o.status_label)]
        for i, o in enumerate(data.overdue, 1)
    ]  # fmt: skip


UNIT_HEADERS = ["Одиниця", "Цілей", "Сума цілей", "Звітовано", "Сума звітованого"]


def unit_rows(data: Rollup) -> list[list]:
    return [
        [u.unit, u.targets, _num(u.target_sum), u.reported, _num(u.reported_sum)]
        for u in data.unit_sums
    ]


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(x, 2)


def chart_images(data: Rollup) -> list[tuple[str, bytes]]:
    statuses = [(STATUS_TITLES[k], n, k) for k, n in data.totals.status_list()]
    communities = [
        (c.name, c.figures.reports.completeness, c.figures.reports.on_time_rate)
        for c in data.communities
    ]
    from planwatch.rollup.doc_figures import money_chart

    money = money_chart(data)
    return [
        ("Заходи за станом виконання (кількість)", pngcharts.status_chart(statuses)),
        ("Повнота і вчасність звітів за громадами, %", pngcharts.communities_chart(communities)),
        *([money] if money else []),
    ]


# ---- .docx -------------------------------------------------------------------------------


def render_docx(data: Rollup) -> bytes:
    from planwatch.rollup import docx_writer

    return docx_writer.write(data)


# ---- .xlsx -------------------------------------------------------------------------------


def render_xlsx(data: Rollup) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    bold = book.add_format({"bold": True, "font_name": FONT})
    wrap = book.add_format({"text_wrap": True, "valign": "top", "font_name": FONT})
    head = book.add_format(
        {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#E8ECF1", "border": 1,
         "font_name": FONT}
    )  # fmt: skip
    sheet = book.add_worksheet("Громади")
    title, subtitle = title_lines(data)
    sheet.write(0, 0, title, bold)
    sheet.write(1, 0, subtitle)
    sheet.write_row(3, 0, SUMMARY_HEADERS, head)
    for i, (kind, cells, _label) in enumerate(summary_rows(data), start=4):
        _write_row(sheet, i, [cells[0].strip(), *cells[1:]], bold if kind != "plan" else wrap)
    sheet.set_column(0, 0, 60)
    sheet.set_column(1, len(SUMMARY_HEADERS) - 1, 13)
    sheet.freeze_panes(4, 1)
    _table_sheet(book, "Прострочені", OVERDUE_HEADERS, overdue_rows(data), [5, 30, 40, 70, 20, 18])
    _table_sheet(book, "Показники", UNIT_HEADERS, unit_rows(data), [30, 10, 14, 12, 16])
    from planwatch.rollup import doc_figures as f

    _table_sheet(book, "Кошти", f.MONEY_HEADERS, f.money_rows(data), [40, 10, 30, 18, 18, 14])
    _table_sheet(
        book, "Показники (рамка)", f.INDICATOR_HEADERS, f.indicator_rows(data),
        [24, 12, 12, 34, 14, 16, 16, 10],
    )  # fmt: skip
    book.close()
    return out.getvalue()


def _table_sheet(book, name: str, headers: list[str], rows: list[list], widths: list[int]):
    sheet = book.add_worksheet(name)
    fmt = book.add_format({"text_wrap": True, "valign": "top", "font_name": FONT})
    sheet.write_row(0, 0, headers, book.add_format({"bold": True, "font_name": FONT}))
    for i, row in enumerate(rows, start=1):
        _write_row(sheet, i, row, fmt)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.autofilter(0, 0, max(len(rows), 1), len(headers) - 1)
    sheet.freeze_panes(1, 0)


def _write_row(sheet, row: int, values: list, fmt) -> None:
    """Strings are written as strings: text starting with "=" never becomes a formula."""
    for col, value in enumerate(values):
        if isinstance(value, int | float):
            sheet.write_number(row, col, value, fmt)
        elif str(value).isdigit():
            sheet.write_number(row, col, int(value), fmt)
        else:
            sheet.write_string(row, col, str(value), fmt)


# ---- PDF ---------------------------------------------------------------------------------


def _figures_context(data: Rollup) -> dict:
    from planwatch.rollup import doc_figures as f

    return {
        "money_headers": f.MONEY_HEADERS,
        "money_rows": f.money_rows(data),
        "money_note": f.MONEY_NOTE,
        "indicator_headers": f.INDICATOR_HEADERS,
        "indicator_rows": f.indicator_rows(data),
        "indicator_note": f.INDICATOR_NOTE,
    }


def render_pdf(data: Rollup) -> bytes:
    from weasyprint import HTML

    title, subtitle = title_lines(data)
    charts = [
        (caption, "data:image/png;base64," + base64.b64encode(png).decode("ascii"))
        for caption, png in chart_images(data)
    ]
    html = render_to_string(
        "rollup/document.html",
        {
            "title": title,
            "subtitle": subtitle,
            "summary_headers": SUMMARY_HEADERS,
            "summary_rows": summary_rows(data),
            "overdue_headers": OVERDUE_HEADERS,
            "overdue_rows": overdue_rows(data),
            "unit_headers": UNIT_HEADERS,
            "unit_rows": unit_rows(data),
            "charts": charts,
            **_figures_context(data),
        },
    )
    return HTML(string=html).write_pdf()
