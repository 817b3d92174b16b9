"""Read a plan from a PDF: the table rebuilt from ruling lines and glyph positions.

Why pypdfium2 and not pdfplumber: on the sample plans both rebuild the same tables, but
pdfplumber (pdfminer) needs ~1.3 s for 27 pages before any of our own work, pypdfium2 ~0.1 s;
PDFium also renders pages for OCR, so one library covers digital and scanned PDFs.

A digital page gives its rules (path objects: thin boxes or the edges of drawn rectangles)
and its glyphs (the text layer). Pages with (almost) no text and a big image are scans and go
to ``pdf_scan`` for OCR. Either way each page becomes tables of cells (``pdf_geometry``), and
``pdf_assemble`` joins the pages into one Grid (provenance: ``page * 1000 + row on page``).
"""

from __future__ import annotations

import ctypes
import sys
import time
from collections.abc import Callable

from planwatch.importer.errors import PlanImportError
from planwatch.importer.grid import Grid
from planwatch.importer.readers import pdf_limits
from planwatch.importer.readers.pdf_assemble import PageContent, assemble
from planwatch.importer.readers.pdf_geometry import (
    Box,
    Seg,
    find_tables,
)
from planwatch.importer.readers.pdf_pages import (
    damaged_page,
    fill_page,
    load_page,
    open_pdf,
    pdfium_for,
)

MAX_PAGES = 300  # real plans have 5–60 pages; a 500-page upload is refused up front
MAX_SECONDS = 60.0  # digital pages; OCR has its own budget in pdf_scan
RULE_MAX = 2.5  # points: a path box thinner than this is a rule
SCAN_MIN_GLYPHS = 20  # a page with fewer glyphs and a page-sized image is a scan
MAX_GLYPHS = 60_000  # a dense A4 page of a plan has ~6,000 characters
MAX_RULES = 1_500  # per direction and page; a plan table page has under 200

Progress = Callable[[int, int, str], None]  # (done, total, what) → None


def read(data: bytes, name: str, progress: Progress | None = None) -> Grid:
    """Parse a PDF plan (digital or scanned) into a Grid; OCR pages report ``progress``."""
    pdfium = pdfium_for(name)
    doc = open_pdf(data, name)
    try:
        n = len(doc)
        if n == 0:
            raise PlanImportError("the PDF has no pages", source=name)
        if n > MAX_PAGES:
            raise PlanImportError(
                f"the PDF has {n} pages; the limit is {MAX_PAGES} (a plan has tens of pages)",
                source=name,
            )
        started = time.monotonic()
        pages: list[PageContent] = []
        scans: list[int] = []
        for i in range(n):
            page = load_page(doc, i, name)
            try:
                content, is_scan = _read_page(pdfium, page, i + 1, name)
            except pdfium.PdfiumError:
                raise damaged_page(i, name) from None
            finally:
                page.close()
            pages.append(content)
            if is_scan:
                scans.append(i)
            if time.monotonic() - started > MAX_SECONDS:
                raise PlanImportError(
                    f"reading the PDF took over {MAX_SECONDS:.0f} s (stopped at page {i + 1})",
                    source=name,
                )
        if scans:
            from planwatch.importer.readers import pdf_scan

            if progress is None and sys.stderr.isatty():
                progress = _terminal_progress
            for content in pdf_scan.ocr_pages(doc, scans, name, progress):
                pages[content.page - 1] = content
    finally:
        doc.close()
    return assemble(pages, name)


def needs_ocr(data: bytes, name: str, pages: int = 3) -> bool:
    """Whether the first pages are scans: the caller then parses in the background."""
    pdfium = pdfium_for(name)
    doc = open_pdf(data, name)
    try:
        for i in range(min(pages, len(doc))):
            page = load_page(doc, i, name)
            try:
                if _read_page(pdfium, page, i + 1, name)[1]:
                    return True
            except pdfium.PdfiumError:
                return False  # the full read reports the damaged page
            finally:
                page.close()
    finally:
        doc.close()
    return False


def _terminal_progress(done: int, total: int, what: str) -> None:
    """Default for a person at a terminal (``planwatch parse scan.pdf``): one updated line."""
    end = "\n" if done == total else ""
    print(f"\rOCR: {done}/{total} pages ({what})   ", end=end, file=sys.stderr, flush=True)


class _Frame:
    """Maps PDF user space (y up, page /Rotate applied on display) to top-left points."""

    def __init__(self, page):
        left, bottom, right, top = page.get_cropbox()
        self.l, self.b, self.r, self.t = left, bottom, right, top
        self.rot = page.get_rotation() % 360
        w, h = right - left, top - bottom
        self.width, self.height = (h, w) if self.rot in (90, 270) else (w, h)

    def point(self, x: float, y: float) -> tuple[float, float]:
        x, y = x - self.l, y - self.b  # y up from the bottom of the crop box
        w, h = self.r - self.l, self.t - self.b
        if self.rot == 90:
            return y, x
        if self.rot == 180:
            return w - x, y
        if self.rot == 270:
            return h - y, w - x
        return x, h - y

    def box(self, left, bottom, right, top) -> tuple[float, float, float, float]:
        x0, y0 = self.point(left, bottom)
        x1, y1 = self.point(right, top)
        return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _glyphs(pdfium, page, frame: _Frame, number: int, name: str) -> list[Box]:
    raw = pdfium.raw
    tp = page.get_textpage()
    try:
        out = []
        count = tp.count_chars()
        if count > MAX_GLYPHS:
            raise PlanImportError(
                f"page {number} has {count} characters, more than a plan page can hold "
                f"(limit {MAX_GLYPHS}); is this the plan?",
                source=name,
            )
        for i in range(count):
            if raw.FPDFText_IsGenerated(tp, i) == 1:
                continue
            u = raw.FPDFText_GetUnicode(tp, i)
            hyphen = u == 2 or raw.FPDFText_IsHyphen(tp, i) == 1
            if hyphen:
                u = 0x2D
            if u in (0, 0xFFFE, 0xFFFF) or (u < 32 and u != 9) or u == 0xAD and not hyphen:
                continue
            ch = " " if u in (9, 0xA0) else chr(u)
            x0, y0, x1, y1 = frame.box(*tp.get_charbox(i, loose=True))
            if x1 - x0 <= 0 and not ch.isspace():
                continue
            out.append(Box(ch, x0, y0, x1, y1, hyphen=hyphen))
        return out
    finally:
        tp.close()


def _is_white(raw, obj, getter) -> bool:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, r, g, b, a):
        return False
    return a.value == 0 or min(r.value, g.value, b.value) >= 235


def _rules(pdfium, page, frame: _Frame, number: int, name: str):
    """Horizontal and vertical rules, and the area under images (for scan detection); a page
    with too many or too large images is refused here, before OCR would render it."""
    raw = pdfium.raw
    hs: list[Seg] = []
    vs: list[Seg] = []
    image_area = 0.0
    images = largest = 0
    for obj in page.get_objects(max_depth=3):
        if obj.type == raw.FPDF_PAGEOBJ_IMAGE:
            x0, y0, x1, y1 = frame.box(*obj.get_bounds())
            image_area += (x1 - x0) * (y1 - y0)  # a scan may come in strips
            w, h = obj.get_px_size()
            images, largest = images + 1, max(largest, w * h)
            continue
        if obj.type != raw.FPDF_PAGEOBJ_PATH:
            continue
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        raw.FPDFPath_GetDrawMode(obj, fill, stroke)
        filled = fill.value != 0 and not _is_white(raw, obj, raw.FPDFPageObj_GetFillColor)
        stroked = stroke.value != 0 and not _is_white(raw, obj, raw.FPDFPageObj_GetStrokeColor)
        if not (filled or stroked):
            continue
        x0, y0, x1, y1 = frame.box(*obj.get_bounds())
        w, h = x1 - x0, y1 - y0
        if h <= RULE_MAX and w > 2:
            hs.append(Seg((y0 + y1) / 2, x0, x1))
        elif w <= RULE_MAX and h > 2:
            vs.append(Seg((x0 + x1) / 2, y0, y1))
        elif stroked or filled:
            _path_edges(raw, obj, frame, hs, vs)
    pdf_limits.check_images(images, largest, number, name)
    return hs, vs, image_area


def _path_edges(raw, obj, frame: _Frame, hs: list[Seg], vs: list[Seg]) -> None:
    """Axis-aligned straight pieces of a larger path (a rectangle drawn around a cell)."""
    n = raw.FPDFPath_CountSegments(obj)
    if n <= 0 or n > 400:
        return
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        return
    pts: list[tuple[float, float, bool]] = []
    start: tuple[float, float] | None = None
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(n):
        seg = raw.FPDFPath_GetPathSegment(obj, i)
        if not raw.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        px = m.a * x.value + m.c * y.value + m.e
        py = m.b * x.value + m.d * y.value + m.f
        kind = raw.FPDFPathSegment_GetType(seg)
        p = frame.point(px, py)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            start = p
        elif kind == raw.FPDF_SEGMENT_LINETO and pts:
            _edge(pts[-1][:2], p, hs, vs)
        pts.append((p[0], p[1], kind == raw.FPDF_SEGMENT_BEZIERTO))
        if raw.FPDFPathSegment_GetClose(seg) and start is not None:
            _edge(p, start, hs, vs)


def _edge(p, q, hs: list[Seg], vs: list[Seg]) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y1 - y0) < 0.5 and abs(x1 - x0) > 2:
        hs.append(Seg(y0, min(x0, x1), max(x0, x1)))
    elif abs(x1 - x0) < 0.5 and abs(y1 - y0) > 2:
        vs.append(Seg(x0, min(y0, y1), max(y0, y1)))


def _read_page(pdfium, page, number: int, name: str) -> tuple[PageContent, bool]:
    """A digital page's tables, or (PageContent, True) for a page that needs OCR.

    A page is a scan when a picture covers most of it and it has almost no text, or text
    but no ruled table (a scan with an invisible OCR text layer: its rules are in the image).
    """
    frame = _Frame(page)
    glyphs = _glyphs(pdfium, page, frame, number, name)
    hs, vs, image_area = _rules(pdfium, page, frame, number, name)
    pictured = image_area > 0.5 * frame.width * frame.height
    visible = sum(1 for g in glyphs if not g.text.isspace())
    if pictured and visible < SCAN_MIN_GLYPHS:
        return PageContent(number, scanned=True), True
    content = layout_page(number, _longest(hs), _longest(vs), glyphs, words=False)
    if pictured and not content.tables:
        return PageContent(number, scanned=True), True
    return content, False


def _longest(segs: list[Seg]) -> list[Seg]:
    """At most MAX_RULES rules, the longest: a drawing with thousands is no table, and the
    grid search is quadratic in the number of rules."""
    if len(segs) <= MAX_RULES:
        return segs
    return sorted(segs, key=lambda s: s.a - s.b)[:MAX_RULES]


def layout_page(number: int, hs: list[Seg], vs: list[Seg], boxes: list[Box], words: bool):
    """Put text boxes into the page's table cells; the rest is text outside the tables."""
    content = PageContent(number, tables=find_tables(hs, vs, number))
    fill_page(content, boxes, words)
    return content
