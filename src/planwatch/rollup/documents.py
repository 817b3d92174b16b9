"""The combined roll-up report as .docx, .xlsx and PDF, from a `Rollup` (no database access).

Landscape A4, Times New Roman (Liberation Serif where Times is not installed: metric-
compatible), numbered pages. What each format shows is in `doc_rows` / `doc_figures`; the
writers (`doc_docx`, `doc_xlsx`, `doc_pdf`) use the document toolkit (`planwatch.documents`)
the plan reports use too. Always Ukrainian.
"""

from __future__ import annotations

from importlib import import_module

from planwatch.documents.formats import FORMATS, check_format, in_document_language
from planwatch.rollup.data import Rollup

__all__ = ["FORMATS", "file_name", "render"]


def render(data: Rollup, fmt: str) -> bytes:
    """The document's bytes (the writers are imported lazily: WeasyPrint and matplotlib are
    slow to import and a .xlsx needs neither)."""
    check_format(fmt)
    return in_document_language(import_module(f"planwatch.rollup.doc_{fmt}").render, data)


def file_name(data: Rollup, fmt: str) -> str:
    return f"rollup-{data.org_id}-{data.period.label}.{FORMATS[fmt].extension}"
