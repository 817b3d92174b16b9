"""What the digital and the scanned PDF readers share: opening a document, loading a page
within the limits, and filling a page's table cells with its text boxes. Its own module so
that `pdf` (which hands scanned pages to `pdf_scan`) and `pdf_scan` do not import each other."""

from __future__ import annotations

from planwatch.importer.errors import PlanImportError
from planwatch.importer.readers import pdf_limits
from planwatch.importer.readers.pdf_assemble import PageContent
from planwatch.importer.readers.pdf_geometry import (
    Box,
    cell_at,
    cell_text,
    group_lines,
    line_text,
    reaches_bottom,
    split_far,
)

# Text outside the tables (the title, the approval stamp) is often bold and large, and the PDF
# gives no space glyphs between its words: a gap of 0.15 × the line's height is a space there
# (0.22 lost every space of a 14 pt bold title; letters sit ~0.01 × apart).
OUTSIDE_SPACE = 0.15


def pdfium_for(name: str):
    try:
        import pypdfium2
    except ImportError:  # pragma: no cover - a dependency of the package
        raise PlanImportError("PDF support needs the pypdfium2 package", source=name) from None
    return pypdfium2


def open_pdf(data: bytes, name: str):
    """Open with PDFium; encrypted and damaged files become errors a person can act on."""
    pdfium = pdfium_for(name)
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise PlanImportError("not a PDF file (it does not start with %PDF)", source=name)
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg or "security" in msg:
            raise PlanImportError(
                "the PDF is protected by a password; remove the protection (or upload the "
                ".docx) and try again",
                source=name,
            ) from None
        raise PlanImportError(
            "the PDF is damaged or not a PDF PDFium can read; re-export it from the source "
            "document",
            source=name,
        ) from None


def load_page(doc, index: int, name: str):
    """Page ``index`` (0-based) of an open document; a damaged page, or one larger than any
    plan is printed on (`pdf_limits`), is a PlanImportError."""
    pdfium = pdfium_for(name)
    try:
        page = doc[index]
    except pdfium.PdfiumError:
        raise damaged_page(index, name) from None
    try:
        pdf_limits.check_page_size(*page.get_size(), index + 1, name)
    except PlanImportError:
        page.close()
        raise
    return page


def damaged_page(index: int, name: str) -> PlanImportError:
    return PlanImportError(
        f"page {index + 1} of the PDF is damaged and cannot be read; re-export the PDF",
        source=name,
    )


def fill_page(content: PageContent, boxes: list[Box], words: bool) -> None:
    """Give each table cell its text (and OCR confidence); collect the lines outside tables."""
    outside: list[Box] = []
    for b in boxes:
        x, y = (b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2
        for t in content.tables:
            cell = cell_at(t, x, y)
            if cell is not None:
                cell.boxes.append(b)
                break
        else:
            outside.append(b)
    for t in content.tables:
        for cell in t.cells:
            cell.text = cell_text(cell, words)
            cell.full = reaches_bottom(cell)
            confs = [b.conf for b in cell.boxes if b.conf is not None]
            if confs:
                cell.conf = sum(confs) / len(confs)
    for line in group_lines([b for b in outside if not b.text.isspace()]):
        for part in split_far(line):
            text = line_text(part, words, space=OUTSIDE_SPACE)
            if text:
                content.outside.append((part.y0, text))
