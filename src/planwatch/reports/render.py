"""One entry point for every format: `render(dataset, fmt)` → bytes, always in Ukrainian.

The documents go to the head of the body, so they are written in the official language
whatever language the person who asked for them reads the interface in.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation

from planwatch.reports.dataset import ReportDataset

DOCUMENT_LANGUAGE = "uk"


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str
    label: str


FORMATS: dict[str, Format] = {
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


def renderer(fmt: str):
    """The module-level `render(dataset) -> bytes` of a format (imported lazily: WeasyPrint
    and matplotlib are slow to import and a .xlsx needs neither)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    from importlib import import_module

    return import_module(f"planwatch.reports.{fmt}").render


def render(dataset: ReportDataset, fmt: str) -> bytes:
    fn = renderer(fmt)
    with translation.override(DOCUMENT_LANGUAGE):
        return fn(dataset)


def build_and_render(plan, period, today, fmt: str) -> bytes:
    """Dataset and document in the document language (period titles and labels included)."""
    from planwatch.reports.dataset import build_dataset

    renderer(fmt)  # refuse a bad format before any query
    with translation.override(DOCUMENT_LANGUAGE):
        return render(build_dataset(plan, period, today), fmt)
