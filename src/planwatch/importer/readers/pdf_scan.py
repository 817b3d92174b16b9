"""OCR for scanned PDF pages: deskew, find the table grid, read each cell with Tesseract (ukr).

Why per cell: Tesseract's own page layout analysis mixes neighbouring columns of a dense
table; cut along the detected rules, each cell is one uniform block (``--psm 6``) and its words
cannot leak into the next column. All cells of a page go to one ``tesseract`` process as an
image list, so the Ukrainian model is loaded once per page, not once per cell. Pages run in
parallel on ``OCR_WORKERS`` processes (each single-threaded: OMP_THREAD_LIMIT=1).

Coordinates handed on (cell ``bbox``, word boxes) are page points from the top left of the
deskewed page, the same frame as a digital page; ``cell_image`` renders one of them as PNG for
the review page.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from PIL import Image
from scipy import ndimage as ndi

from planwatch.importer.errors import PlanImportError
from planwatch.importer.readers import pdf_image, pdf_limits
from planwatch.importer.readers.pdf_assemble import PageContent
from planwatch.importer.readers.pdf_geometry import Box, find_tables
from planwatch.importer.readers.pdf_ocrfix import ambiguous, repair, roman_positions, to_roman

OCR_DPI = 300  # Tesseract reads best at ~300 dpi; a 150 dpi scan is upscaled to it
OCR_LANG = "ukr"
OCR_WORKERS = max(1, min(2, os.cpu_count() or 1))
MAX_SCAN_PAGES = 80  # ~4 minutes of OCR; a longer scan is refused rather than left running
MAX_OCR_SECONDS = 600.0
INSTALL_HINT = (
    "OCR of scanned PDFs needs Tesseract with the Ukrainian model: "
    "apt-get install tesseract-ocr tesseract-ocr-ukr"
)
_MIN_INK = 25  # pixels of ink below which a cell is taken as empty and not OCR'd
_BORDER = 12  # white pixels added around each crop: Tesseract needs a margin

_NOISE = re.compile(r"[|¦!\[\]{}_.,:;'`]+")
_lock = threading.Lock()  # PDFium is not thread-safe: every call into it holds this
_langs: set[str] = set()  # models Tesseract reported, filled by tesseract_status()


def tesseract_status() -> tuple[str | None, str]:
    """(path to tesseract or None, reason it cannot be used) — for readers and test skips."""
    exe = shutil.which("tesseract")
    if exe is None:
        return None, "tesseract is not installed. " + INSTALL_HINT
    try:
        out = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return None, f"tesseract does not run ({exc}). " + INSTALL_HINT
    langs = set((out.stdout + out.stderr).split())
    _langs.clear()
    _langs.update(langs)
    if OCR_LANG not in langs:
        return None, f"Tesseract has no '{OCR_LANG}' model. " + INSTALL_HINT
    return exe, ""


@dataclass
class _Page:
    number: int
    gray: Image.Image  # rendered at dpi
    dpi: float
    width_pt: float  # page width in points (to convert pixels)


def render_page(page, number: int) -> _Page:
    """The page in grey at OCR_DPI (lower for large pages: `pdf_limits.MAX_PIXELS`)."""
    w_pt, h_pt = page.get_size()
    scale = pdf_limits.render_scale(w_pt, h_pt, OCR_DPI)
    dpi = scale * 72
    with _lock:
        bitmap = page.render(scale=scale, grayscale=True)
        gray = bitmap.to_pil().convert("L")
        bitmap.close()
    return _Page(number, gray, dpi, w_pt)


def ocr_pages(doc, indexes: list[int], name: str, progress=None) -> list[PageContent]:
    """OCR the given 0-based pages of an open PdfDocument; returns one PageContent each."""
    exe, reason = tesseract_status()
    if exe is None:
        raise PlanImportError(f"the PDF is a scan; {reason}", source=name)
    if len(indexes) > MAX_SCAN_PAGES:
        raise PlanImportError(
            f"the PDF has {len(indexes)} scanned pages; OCR is limited to {MAX_SCAN_PAGES} "
            "(split the file, or upload the plan as .docx)",
            source=name,
        )
    started = time.monotonic()
    results: dict[int, PageContent] = {}
    pending: deque[tuple[int, Future]] = deque()
    total = len(indexes)

    def collect(block: bool) -> None:
        while pending and (block or pending[0][1].done()):
            number, fut = pending.popleft()
            left = MAX_OCR_SECONDS - (time.monotonic() - started)
            try:
                results[number] = fut.result(timeout=max(left, 1.0))
            except TimeoutError:
                raise _too_slow(name, number, total) from None
            if progress is not None:
                progress(len(results), total, f"OCR page {number}")
            block = False

    with ThreadPoolExecutor(max_workers=OCR_WORKERS) as pool:
        try:
            for i in indexes:
                if time.monotonic() - started > MAX_OCR_SECONDS:
                    raise _too_slow(name, i + 1, total)
                page = load_page(doc, i, name)
                try:
                    rendered = render_page(page, i + 1)
                finally:
                    page.close()
                pending.append((i + 1, pool.submit(_ocr_page, exe, rendered, name, started)))
                collect(block=len(pending) > OCR_WORKERS)
            while pending:
                collect(block=True)
        except BaseException:
            for _, fut in pending:
                fut.cancel()
            raise
    return [results[i + 1] for i in indexes]


def load_page(doc, index: int, name: str):
    from planwatch.importer.readers.pdf_pages import load_page as load

    with _lock:
        return load(doc, index, name)


def _too_slow(name: str, page: int, total: int) -> PlanImportError:
    return PlanImportError(
        f"OCR stopped at page {page} of {total}: it took longer than {MAX_OCR_SECONDS:.0f} s",
        source=name,
    )


def _ocr_page(exe: str, p: _Page, name: str, started: float) -> PageContent:
    """Deskew, find rules and cells, OCR every non-empty cell and the text around tables."""
    from planwatch.importer.readers.pdf_pages import fill_page

    gray = np.asarray(p.gray)
    threshold = pdf_image.otsu(gray)
    angle = pdf_image.skew_angle(pdf_image.ink_mask(gray, threshold, p.dpi))
    img = pdf_image.deskew(p.gray, angle)
    gray = np.asarray(img)
    ink = pdf_image.ink_mask(gray, threshold, p.dpi)
    h_mask, v_mask = pdf_image.line_masks(ink, p.dpi)
    scale = p.width_pt / gray.shape[1]  # points per pixel
    hs, vs = pdf_image.rules(h_mask, v_mask, p.dpi, scale)
    content = PageContent(p.number, tables=find_tables(hs, vs, p.number), scanned=True)
    text_ink = ink & ~ndi.binary_dilation(h_mask | v_mask, iterations=2)
    # Keep the grey edges around letters (antialiasing helps the LSTM), whiten the rest:
    # rules and specks are gone. Radius 4 px at 300 dpi read best on the sample scan.
    keep = ndi.binary_dilation(text_ink, iterations=max(1, round(4 * p.dpi / 300)))
    clean = np.where(keep, gray, 255).astype(np.uint8)
    regions = _regions(content, gray.shape, scale)
    crops = []
    for x0, y0, x1, y1 in regions:
        if text_ink[y0:y1, x0:x1].sum() >= _MIN_INK:
            crops.append(((x0, y0), clean[y0:y1, x0:x1]))
    timeout = max(5.0, MAX_OCR_SECONDS - (time.monotonic() - started))
    words = _tesseract(exe, crops, p.dpi, timeout, name, p.number)
    words = _reread_numerals(exe, words, clean, p, name, timeout)
    boxes = [
        Box(text, x0 * scale, y0 * scale, x1 * scale, y1 * scale, conf=conf)
        for text, x0, y0, x1, y1, conf, _ in words
    ]
    fill_page(content, boxes, words=True)
    for t in content.tables:
        for cell in t.cells:
            cell.text = repair(cell.text)
    content.outside = [(y, repair(text)) for y, text in content.outside]
    return content


def _reread_numerals(exe, words, clean: np.ndarray, p: _Page, name: str, timeout: float):
    """Roman numerals in Latin letters; the ambiguous ones read again by the English model.

    The Ukrainian model has no Latin letters. Most look-alikes map one to one ("ІІ", "Ш",
    "ІУ"), but "П" or "ІП" may be II or III: those words are read again with ``eng`` limited
    to I, V, X (``--psm 7``: one line), which sees the stems themselves.
    """
    lines: dict[int, list[int]] = {}  # words of each crop (cell), in reading order
    for i, w in enumerate(words):
        lines.setdefault(w[6][0], []).append(i)
    targets = []
    for idx in lines.values():
        for j in roman_positions([words[i][0] for i in idx]):
            targets.append(idx[j])
    fixed = {i: to_roman(words[i][0]) for i in targets}  # mapped letter by letter
    targets = [i for i in targets if ambiguous(words[i][0])]
    by_crop: dict[int, list[str]] = {}
    if targets and "eng" in _langs:  # without it, keep the letter-by-letter mapping
        pad = 4
        crops = []
        for i in targets:
            _, x0, y0, x1, y1, *_ = words[i]
            x0, y0 = max(0, x0 - pad), max(0, y0 - pad)
            crops.append(((x0, y0), clean[y0 : y1 + pad, x0 : x1 + pad]))
        opts = ("--psm", "7", "-c", "tessedit_char_whitelist=IVX.-")
        for w in _tesseract(exe, crops, p.dpi, timeout, name, p.number, lang="eng", opts=opts):
            by_crop.setdefault(w[6][0], []).append(w[0])
    words = list(words)
    for i, text in fixed.items():
        words[i] = (text, *words[i][1:])
    for k, i in enumerate(targets):
        reread = "".join(by_crop.get(k, [])) or None
        if reread:
            words[i] = (to_roman(words[i][0], reread), *words[i][1:])
    return words


def cell_image(data: bytes, page: int, bbox, dpi: float = 200.0) -> bytes:
    """PNG of one cell of a scanned page, for the review page to show beside the OCR text.

    ``page`` is 1-based and ``bbox`` the warning's [x0, y0, x1, y1] in points of the deskewed
    page; the page is rendered and deskewed the same way as for OCR, then cropped — at a
    lower dpi when the page is large (`pdf_limits`), and a page no plan has is refused.
    """
    from planwatch.importer.readers.pdf_pages import load_page as load
    from planwatch.importer.readers.pdf_pages import open_pdf

    doc = open_pdf(data, "PDF")
    try:
        with _lock:
            pg = load(doc, page - 1, "PDF")
            w_pt, h_pt = pg.get_size()
            scale = pdf_limits.render_scale(w_pt, h_pt, dpi)
            dpi = scale * 72
            bitmap = pg.render(scale=scale, grayscale=True)
            gray = bitmap.to_pil().convert("L")
            bitmap.close()
            pg.close()
    finally:
        doc.close()
    arr = np.asarray(gray)
    ink = pdf_image.ink_mask(arr, pdf_image.otsu(arr), dpi)
    img = pdf_image.deskew(gray, pdf_image.skew_angle(ink))
    scale = w_pt / img.width
    x0, y0, x1, y1 = (v / scale for v in bbox)
    out = io.BytesIO()
    img.crop((int(x0), int(y0), int(x1) + 1, int(y1) + 1)).save(out, format="PNG")
    return out.getvalue()


def _regions(content: PageContent, shape: tuple[int, int], scale: float):
    """Pixel boxes to OCR: each table cell (inside its rules), and the bands above and below."""
    h, w = shape
    out = []
    inset = 2
    for t in content.tables:
        for cell in t.cells:
            x0, y0, x1, y1 = (int(round(v / scale)) for v in cell.bbox)
            out.append((max(0, x0 + inset), max(0, y0 + inset), min(w, x1 - inset), min(h, y1)))
    if content.tables:
        top = int(min(t.ys[0] for t in content.tables) / scale) - 2
        bottom = int(max(t.ys[-1] for t in content.tables) / scale) + 2
        out.append((0, 0, w, max(0, top)))
        out.append((0, min(h, bottom), w, h))
    else:
        out.append((0, 0, w, h))
    return [r for r in out if r[2] - r[0] > 4 and r[3] - r[1] > 4]


def _tesseract(exe, crops, dpi, timeout, name, page, lang=OCR_LANG, opts=("--psm", "6")):
    """OCR a list of crops in one process; words as (text, x0, y0, x1, y1, conf, line key)."""
    if not crops:
        return []
    with tempfile.TemporaryDirectory(prefix="planwatch-ocr-") as tmp:
        paths = []
        for k, (_, arr) in enumerate(crops):
            im = Image.fromarray(arr)
            framed = Image.new("L", (im.width + 2 * _BORDER, im.height + 2 * _BORDER), 255)
            framed.paste(im, (_BORDER, _BORDER))
            path = os.path.join(tmp, f"c{k:04d}.png")
            framed.save(path, dpi=(dpi, dpi))
            paths.append(path)
        listing = os.path.join(tmp, "cells.txt")
        with open(listing, "w", encoding="utf-8") as f:
            f.write("\n".join(paths) + "\n")
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        cmd = [exe, listing, "stdout", "-l", lang, *opts, "--dpi", str(int(dpi)), "tsv"]
        try:
            run = subprocess.run(
                cmd, capture_output=True, timeout=timeout, env=env, check=False, cwd=tmp
            )
        except subprocess.TimeoutExpired:
            raise PlanImportError(
                f"OCR of page {page} did not finish in {timeout:.0f} s", source=name
            ) from None
        if run.returncode != 0:
            err = run.stderr.decode("utf-8", "replace").strip().splitlines()
            raise PlanImportError(
                f"OCR failed on page {page}: {err[-1] if err else 'tesseract error'}",
                source=name,
            )
    return _parse_tsv(run.stdout.decode("utf-8", "replace"), crops)


def _parse_tsv(tsv: str, crops):
    words = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        conf = max(0.0, float(row["conf"]))
        # A lone mark is a speck or a rule remnant ("|", "."); a lone dash is real text only
        # when read with confidence ("будинок - первинна ланка").
        mark = not any(ch.isalnum() for ch in text)
        if mark and (_NOISE.fullmatch(text) or conf < (85 if text in "-–—" else 60)):
            continue
        k = int(row["page_num"]) - 1
        if not 0 <= k < len(crops):
            continue
        (ox, oy), _ = crops[k]
        x0 = ox + int(row["left"]) - _BORDER
        y0 = oy + int(row["top"]) - _BORDER
        x1, y1 = x0 + int(row["width"]), y0 + int(row["height"])
        key = (k, row["block_num"], row["par_num"], row["line_num"])
        words.append((text, x0, y0, x1, y1, conf, key))
    return words
