"""Lay out a long PDF in two processes, then join the parts and number the pages.

WeasyPrint spends ~40 ms a page on one core; an oblast plan with a year of reports is ~100
pages. a document module (reports/pdf.py) cuts such a document at a heading into two HTML parts; the second
is made here by a helper process while the calling process makes the first (and the
charts). The helper is started once per process from a fork server that has imported
WeasyPrint already, and kept; nothing here imports Django, so the helper needs no setup.

Each part's page counter would start at 1, so the parts are made without page numbers and
numbered once joined, where the CSS footer puts them (centred under the text area, 10 pt
Times — the metrics of Liberation Serif). The first part's document receives the other's
pages, so its metadata (title) and bookmarks stay.

A script that renders reports must guard its top level with `if __name__ == "__main__":`
(the fork server imports the main module, as multiprocessing does).

The helper dies with the process that uses it (`_die_with_owner`): a killed gunicorn worker
left its helper (~70 MB) alive for good. On Linux the kernel kills the helper when its parent
(the fork server, which itself exits when the owner's pipe closes) goes (PR_SET_PDEATHSIG);
everywhere a watchdog thread also polls the owner's pid and exits when it is gone.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import io
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor

MM = 72 / 25.4
DIGIT_EM = 0.5  # width of a digit in Times-Roman, in ems
WATCH_SECONDS = 1.0  # how often the helper checks that its owner is alive
PR_SET_PDEATHSIG = 1
# Layout makes ~300 000 short-lived objects; at Python's default (a collection every 700
# allocations, the full heap every ~70) the collector took ~12 % of a report's layout time,
# more in a Django process with a large heap. While a PDF is made: every 50 000.
LAYOUT_GC_THRESHOLD = 50_000
_gc_lock = threading.Lock()
_gc_users = 0
_gc_saved: tuple[int, ...] = ()
_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # slow to import; only the PDF needs it

    with fewer_collections():
        return HTML(string=html).write_pdf()


@contextlib.contextmanager
def fewer_collections():
    """Collect garbage less often while laying out (the threshold is the process's: the last
    of overlapping layouts in threads restores it). Cycles are still collected, later."""
    global _gc_users, _gc_saved
    with _gc_lock:
        if _gc_users == 0:
            _gc_saved = gc.get_threshold()
            gc.set_threshold(LAYOUT_GC_THRESHOLD, *_gc_saved[1:])
        _gc_users += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_users -= 1
            if _gc_users == 0:
                gc.set_threshold(*_gc_saved)


def enabled() -> bool:
    """PLANWATCH_PDF_PROCESSES=1 turns the helper off (one process does everything)."""
    return int(os.environ.get("PLANWATCH_PDF_PROCESSES", "2")) > 1 and (os.cpu_count() or 1) > 1


def submit(html: str) -> Future:
    """`html_to_pdf(html)` in the helper process."""
    global _pool
    with _pool_lock:
        if _pool is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["weasyprint", __name__])
            _pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=context,
                initializer=_die_with_owner,
                initargs=(os.getpid(),),
            )
        return _pool.submit(html_to_pdf, html)


def _die_with_owner(owner: int) -> None:
    """In the helper, first thing: end when `owner` (the process that submits) is gone."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the watchdog alone
            pass
    if not _alive(owner):  # died before prctl took effect
        os._exit(0)
    threading.Thread(target=_watch, args=(owner,), name="owner-watchdog", daemon=True).start()


def _watch(owner: int) -> None:
    while _alive(owner):
        time.sleep(WATCH_SECONDS)
    os._exit(0)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, another user's: the pid was reused, so the owner is gone
        return False
    return True


def forget_pool() -> None:
    """After the helper died (killed, out of memory): the next document starts a new one."""
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None


def join_numbered(
    parts: list[bytes], *, center_x_mm: float, baseline_mm: float, font_size: float = 10.0
) -> bytes:
    """One PDF of the parts' pages, numbered from 1 (qpdf through pikepdf: ~20 ms for 100
    pages; pdfium had to re-generate every page's content to add a number, 1.2 s)."""
    import pikepdf

    document = pikepdf.Pdf.open(io.BytesIO(parts[0]))
    others = [pikepdf.Pdf.open(io.BytesIO(data)) for data in parts[1:]]
    for other in others:
        document.pages.extend(other.pages)
    font = document.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name("/Times-Roman"),
            Encoding=pikepdf.Name.WinAnsiEncoding,
        )
    )
    for number, page in enumerate(document.pages, start=1):
        _stamp(document, page, font, str(number), font_size, center_x_mm, baseline_mm)
    out = io.BytesIO()
    document.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    for other in others:
        other.close()
    document.close()
    return out.getvalue()


def _stamp(document, page, font, text: str, size: float, center_mm: float, base_mm: float):
    """The page's own drawing is wrapped in q…Q (WeasyPrint leaves its y-axis flip in the
    graphics state), then the number is drawn in PDF units from the bottom-left corner;
    Times digits are half an em wide."""
    import pikepdf

    x = center_mm * MM - len(text) * size * DIGIT_EM / 2
    page.contents_add(pikepdf.Stream(document, b"q\n"), prepend=True)
    number = f"\nQ\nq BT /PwPageNo {size:g} Tf {x:.2f} {base_mm * MM:.2f} Td ({text}) Tj ET Q\n"
    page.contents_add(pikepdf.Stream(document, number.encode("ascii")), prepend=False)
    if "/Resources" not in page.obj:
        page.obj.Resources = pikepdf.Dictionary()
    if "/Font" not in page.obj.Resources:
        page.obj.Resources.Font = pikepdf.Dictionary()
    page.obj.Resources.Font.PwPageNo = font
