"""One entry point for every format of the plan report: `render(dataset, fmt)` → bytes,
always in the document language (`planwatch.documents.formats`)."""

from __future__ import annotations

from planwatch.documents.formats import (
    DOCUMENT_LANGUAGE,
    FORMATS,
    Format,
    check_format,
    in_document_language,
)
from planwatch.plan_reports.dataset import ReportDataset

__all__ = ["DOCUMENT_LANGUAGE", "FORMATS", "Format", "build_and_render", "render", "renderer"]


def renderer(fmt: str):
    """The module-level `render(dataset) -> bytes` of a format (imported lazily: WeasyPrint
    and matplotlib are slow to import and a .xlsx needs neither)."""
    check_format(fmt)
    from importlib import import_module

    return import_module(f"planwatch.plan_reports.{fmt}").render


def render(dataset: ReportDataset, fmt: str) -> bytes:
    return in_document_language(renderer(fmt), dataset)


def build_and_render(plan, period, today, fmt: str) -> bytes:
    """Dataset and document in the document language (period titles and labels included)."""
    from planwatch.plan_reports.dataset import build_dataset

    renderer(fmt)  # refuse a bad format before any query
    dataset = in_document_language(build_dataset, plan, period, today, True)
    return render(dataset, fmt)
