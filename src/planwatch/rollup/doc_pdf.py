"""The roll-up as PDF: `rollup/document.html` laid out by WeasyPrint (the toolkit's
`pdf_parallel.html_to_pdf`), charts as PNG data URIs."""

from __future__ import annotations

import base64

from django.template.loader import render_to_string

from planwatch.documents.pdf_parallel import html_to_pdf
from planwatch.rollup import doc_figures as f
from planwatch.rollup import doc_rows as d
from planwatch.rollup.data import Rollup


def render(data: Rollup) -> bytes:
    return html_to_pdf(render_to_string("rollup/document.html", context(data)))


def context(data: Rollup) -> dict:
    title, subtitle = d.title_lines(data)
    charts = [
        (caption, "data:image/png;base64," + base64.b64encode(png).decode("ascii"))
        for caption, png in d.chart_images(data)
    ]
    return {
        "title": title,
        "subtitle": subtitle,
        "summary_headers": d.SUMMARY_HEADERS,
        "summary_rows": d.summary_rows(data),
        "overdue_headers": d.OVERDUE_HEADERS,
        "overdue_rows": d.overdue_rows(data),
        "unit_headers": d.UNIT_HEADERS,
        "unit_rows": d.unit_rows(data),
        "charts": charts,
        "money_headers": f.MONEY_HEADERS,
        "money_rows": f.money_rows(data),
        "money_note": f.MONEY_NOTE,
        "indicator_headers": f.INDICATOR_HEADERS,
        "indicator_rows": f.indicator_rows(data),
        "indicator_note": f.INDICATOR_NOTE,
        "linked_heading": d.linked_heading(data) if data.linked else "",
        "linked_headers": d.linked_headers(),
        "linked_rows": d.linked_rows(data) if data.linked else [],
        "linked_note": d.linked_note(),
    }
