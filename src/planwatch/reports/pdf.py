"""The report as PDF: the same document as the .docx, from an HTML template, by WeasyPrint.

Fonts: Liberation Serif (metric-compatible with Times New Roman) with DejaVu as the fallback
for any glyph it lacks; both cover Cyrillic and are in Debian. Charts are PNG data URIs.
"""

from __future__ import annotations

import base64

from django.template.loader import render_to_string

from planwatch.reports import charts, text
from planwatch.reports.dataset import ReportDataset


def context(dataset: ReportDataset, with_charts: bool = True) -> dict:
    images = charts.dataset_charts(dataset) if with_charts else {}
    return {
        "d": dataset,
        "h": dataset.heading,
        "s": dataset.summary,
        "about": text.about_line(),
        "sentences": text.summary_sentences(dataset),
        "executor_headers": text.executor_headers(),
        "executor_rows": text.executor_rows(dataset.summary),
        "captions": text.signature_captions(),
        "made_on": text.made_on_line(dataset),
        "charts": {k: base64.b64encode(v).decode() for k, v in images.items()},
        "rows": [_row(r, dataset.columns) for r in dataset.rows],
    }


def _row(row, columns) -> dict:
    """What the template needs per row, with the shared wordings already applied."""
    if row.is_heading:
        return {"heading": row}
    return {
        "m": row,
        "cells": [(c, row.cells.get(c.key, "")) for c in columns],
        "notes": [(text.note_head(n), n.narrative) for n in row.notes],
        "empty": text.no_report_line(row) if not row.notes else "",
        "missing": text.missing_line(row) if row.notes and row.missing else "",
    }


def render_html(dataset: ReportDataset, with_charts: bool = True) -> str:
    return render_to_string("reports/pdf.html", context(dataset, with_charts))


def render(dataset: ReportDataset, with_charts: bool = True) -> bytes:
    from weasyprint import HTML  # slow to import; only the PDF needs it

    return HTML(string=render_html(dataset, with_charts)).write_pdf()
