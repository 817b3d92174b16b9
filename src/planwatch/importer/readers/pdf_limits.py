"""Bounds on what rendering a PDF page may cost: page size, pixels, images.

A PDF is untrusted and tiny files can describe huge work: a 1.8 KB file with a 40,000 pt
MediaBox and one image drawn over it asked PDFium for a 1.6 Gpx bitmap at 72 dpi and drove
the import worker past 8 GB. So every page is measured before anything renders it: a page
larger than `MAX_PAGE_MM` on a side is refused (no plan is printed on a 5 m sheet), and the
dpi of every render is lowered until width × height ≤ `MAX_PIXELS` (~40 MB of grey) — never
raised above the dpi asked for, and with no floor that could break the cap. Images are
counted and their pixel sizes checked too: decoding a 100,000 × 100,000 image costs the
same whatever size it is drawn at.
"""

from __future__ import annotations

import math

from planwatch.importer.errors import PlanImportError

PT_PER_MM = 72 / 25.4
MAX_PAGE_MM = 5000  # 5 m; A0 is 841 × 1189 mm, a wall poster ~2 m
MAX_PAGE_PT = MAX_PAGE_MM * PT_PER_MM
MAX_PIXELS = 40_000_000  # per rendered page (40 MB in grey, 160 MB as RGBA)
MAX_IMAGES = 2_000  # per page; a scan is 1–50 strips, a page of icons a few hundred
MAX_IMAGE_PIXELS = 100_000_000  # per image: an A3 scan at 600 dpi is 70 Mpx


def check_page_size(width_pt: float, height_pt: float, number: int, name: str) -> None:
    """Refuse a page no plan is printed on, before anything is rendered or read from it."""
    ok = 0 < width_pt <= MAX_PAGE_PT and 0 < height_pt <= MAX_PAGE_PT
    if not (ok and math.isfinite(width_pt) and math.isfinite(height_pt)):
        raise PlanImportError(
            f"сторінка {number} має розмір {_mm(width_pt)} × {_mm(height_pt)} мм; "
            f"сторінки більші за {MAX_PAGE_MM // 1000} × {MAX_PAGE_MM // 1000} м не "
            "приймаються (план друкують на аркушах A4–A3). Перезбережіть PDF зі звичайним "
            "розміром сторінок",
            source=name,
        )


def render_scale(width_pt: float, height_pt: float, dpi: float) -> float:
    """PDFium's scale (pixels per point) for ``dpi``, lowered so the bitmap stays within
    `MAX_PIXELS`; callers pass the result to ``page.render(scale=…)``."""
    w, h = max(width_pt, 1.0), max(height_pt, 1.0)
    scale = min(dpi / 72, math.sqrt(MAX_PIXELS / (w * h)))
    while math.ceil(w * scale) * math.ceil(h * scale) > MAX_PIXELS:  # PDFium rounds up
        scale *= 0.999
    return scale


def check_images(count: int, largest_px: int, number: int, name: str) -> None:
    """Refuse a page whose images would cost more to decode than any scan of a plan."""
    if count > MAX_IMAGES:
        raise PlanImportError(
            f"сторінка {number} містить {count} зображень (межа {MAX_IMAGES}); це не схоже на план",
            source=name,
        )
    if largest_px > MAX_IMAGE_PIXELS:
        raise PlanImportError(
            f"зображення на сторінці {number} має {largest_px // 1_000_000} Мпікс "
            f"(межа {MAX_IMAGE_PIXELS // 1_000_000} Мпікс); відскануйте план з роздільністю "
            "200–300 dpi",
            source=name,
        )


def _mm(pt: float) -> str:
    return f"{pt / PT_PER_MM:,.0f}".replace(",", " ") if math.isfinite(pt) else "?"
