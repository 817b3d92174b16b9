"""The report as PDF: the same document as the .docx, from an HTML template, by WeasyPrint.

Fonts: Liberation Serif (metric-compatible with Times New Roman) with DejaVu as the fallback
for any glyph it lacks; both cover Cyrillic and are in Debian. Charts are PNG data URIs.

A long report (an oblast plan with a year of reports: ~100 pages, ~4.5 s on one core) is cut
at the heading nearest the middle of its text and laid out in two processes
(pdf_parallel.py); the second part starts on a new page at that heading, and the pages are
numbered once joined. A short one is made in one go.
"""

from __future__ import annotations

import base64
from concurrent.futures.process import BrokenProcessPool

from django.template.loader import render_to_string

from planwatch.documents import pdf_parallel
from planwatch.plan_reports import charts, text
from planwatch.plan_reports.dataset import HeadingRow, MeasureRow, ReportDataset

# A4 landscape and its margins (mm): the template's @page and the joined pages' numbers.
PAGE = {"width": 297, "height": 210, "top": 15, "right": 15, "bottom": 16, "left": 20}
NUMBER_BASELINE_MM = 6.8  # where the footer's page number sits (measured on a WeasyPrint page)

# Text weight (characters, roughly) of a page of the plan table, of the title and summary
# (two pages), and of drawing one chart (~0.11 s, as long as ~2.5 pages take to lay out: the
# first part, which draws them, gets less table); below PARALLEL_MIN_PAGES pages starting
# the helper saves nothing.
CHARS_PER_PAGE = 2200
SUMMARY_WEIGHT = 2 * CHARS_PER_PAGE
CHART_WEIGHT = 5 * CHARS_PER_PAGE // 2
PARALLEL_MIN_PAGES = 24


def context(dataset: ReportDataset, with_charts: bool = True) -> dict:
    return {
        "d": dataset,
        "h": dataset.heading,
        "s": dataset.summary,
        "page": PAGE,
        "about": text.about_line(),
        "sentences": text.summary_sentences(dataset),
        "executor_headers": text.executor_headers(),
        "executor_rows": text.executor_rows(dataset.summary),
        "captions": text.signature_captions(),
        "linked_heading": text.linked_heading(),
        "made_on": text.made_on_line(dataset),
        "charts": chart_images(dataset) if with_charts else {},
        "rows": [_row(r, dataset.columns) for r in dataset.rows],
        "col_percents": _percents([c.width for c in dataset.columns]),
        "first": True,
        "last": True,
        "numbered": True,
    }


def chart_images(dataset: ReportDataset) -> dict[str, str]:
    """The three charts as base64 PNG for data URIs."""
    return {k: base64.b64encode(v).decode() for k, v in charts.dataset_charts(dataset).items()}


def _percents(widths: list[int]) -> list[str]:
    """Relative widths as CSS percentages summing to 100 (a fixed table wider than 100 %
    would run off the page)."""
    total = sum(widths) or 1
    return [f"{100 * w / total:.2f}" for w in widths]


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
        "linked": text.linked_blocks(row.linked),
    }


def render_html(dataset: ReportDataset, with_charts: bool = True) -> str:
    return render_to_string("reports/pdf.html", context(dataset, with_charts))


def render(dataset: ReportDataset, with_charts: bool = True) -> bytes:
    with pdf_parallel.fewer_collections():  # the charts too make many short-lived objects
        return _render(dataset, with_charts)


def _render(dataset: ReportDataset, with_charts: bool) -> bytes:
    cut = cut_row(dataset, with_charts) if pdf_parallel.enabled() else None
    if cut is None:
        return pdf_parallel.html_to_pdf(render_html(dataset, with_charts))
    try:
        return _render_in_two(dataset, with_charts, cut)
    except BrokenProcessPool:  # the helper died: this document in one process, a new helper next
        pdf_parallel.forget_pool()
        return pdf_parallel.html_to_pdf(render_html(dataset, with_charts))


def _render_in_two(dataset: ReportDataset, with_charts: bool, cut: int) -> bytes:
    bare = context(dataset, with_charts=False)
    rows = bare["rows"]
    second = {**bare, "rows": rows[cut:], "first": False, "numbered": False}
    pending = pdf_parallel.submit(render_to_string("reports/pdf.html", second))
    images = chart_images(dataset) if with_charts else {}
    first = {**bare, "charts": images, "rows": rows[:cut], "last": False, "numbered": False}
    parts = [pdf_parallel.html_to_pdf(render_to_string("reports/pdf.html", first))]
    parts.append(pending.result())
    center = PAGE["left"] + (PAGE["width"] - PAGE["left"] - PAGE["right"]) / 2
    return pdf_parallel.join_numbered(parts, center_x_mm=center, baseline_mm=NUMBER_BASELINE_MM)


def row_weight(row: HeadingRow | MeasureRow) -> int:
    """Characters a row puts on paper, plus its borders and padding, in round figures."""
    if row.is_heading:
        return 120 + len(row.title)
    notes = sum(len(n.org) + len(n.period_title) + len(n.narrative) + 40 for n in row.notes)
    linked = sum(200 + sum(len(n.narrative) + 80 for n in lm.notes) for lm in row.linked)
    return 150 + len(row.text) + sum(len(v) for v in row.cells.values()) + notes + linked


def figures_weight(dataset: ReportDataset) -> int:
    """The indicators and funding tables go first."""
    f = dataset.figures
    if f is None or f.is_empty:
        return 0
    rows = f.indicator_rows + f.money_rows
    return CHARS_PER_PAGE // 2 + sum(100 + sum(len(v) for v in r) for r in rows)


def charts_weight(dataset: ReportDataset, with_charts: bool = True) -> int:
    """The charts the first part draws: status, executors and progress, and the indicators'
    and money's where there are such figures (as `charts.dataset_charts` draws them)."""
    if not with_charts:
        return 0
    f = dataset.figures
    extra = 0 if f is None else bool(f.indicator_shares) + bool(f.money_bars)
    return (3 + extra) * CHART_WEIGHT


def cut_row(dataset: ReportDataset, with_charts: bool = True) -> int | None:
    """Index of the heading row where the second part starts, or None for one part.

    The row that best halves the weight (the summary, the overdue list, the figures and
    drawing the charts count for the first part), preferring a goal's heading, then a task's (the first of a run of
    headings), then, in a plan without headings, any measure.
    """
    weights = [row_weight(r) for r in dataset.rows]
    overdue = sum(row_weight(m) for m in dataset.summary.overdue_measures)
    overdue += figures_weight(dataset) + charts_weight(dataset, with_charts)
    total = SUMMARY_WEIGHT + overdue + sum(weights)
    if total < PARALLEL_MIN_PAGES * CHARS_PER_PAGE:
        return None
    best, best_score = None, None
    before = SUMMARY_WEIGHT + overdue
    for index, row in enumerate(dataset.rows):
        if index > 0 and not dataset.rows[index - 1].is_heading:
            penalty = (0.0 if row.depth == 0 else 0.03) if row.is_heading else 0.1
            score = abs(total - 2 * before) / total + penalty
            if best_score is None or score < best_score:
                best, best_score = index, score
        before += weights[index]
    return best
