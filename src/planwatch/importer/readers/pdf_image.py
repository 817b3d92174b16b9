"""Image steps for scanned pages: ink mask, speckle removal, deskew, ruling-line detection.

numpy and scipy.ndimage only (both already needed by scikit-learn), so no OpenCV. Every step
works on a page rendered at ``OCR_DPI``; costs are linear in the pixel count (box filters and
connected components), about 0.5 s for an A4 page on one core.
"""

from __future__ import annotations

import numpy as np
from PIL import Image
from scipy import ndimage as ndi

from planwatch.importer.readers.pdf_geometry import Seg

SPECKLE_PX = 12  # ink blobs up to this many pixels (at 300 dpi) are scanner noise, not text
MAX_SKEW = 3.0  # degrees searched for deskewing; a worse scan needs a re-scan
LINE_MIN_IN = 0.25  # inches: a straight dark run at least this long is a table rule


def otsu(gray: np.ndarray) -> int:
    """The grey level that best splits ink from paper (Otsu's method)."""
    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    p = hist / max(hist.sum(), 1.0)
    omega = np.cumsum(p)
    mu = np.cumsum(p * np.arange(256))
    between = (mu[-1] * omega - mu) ** 2 / (omega * (1.0 - omega) + 1e-12)
    return int(np.argmax(between))


def ink_mask(gray: np.ndarray, threshold: int, dpi: float = 300.0) -> np.ndarray:
    """Dark pixels without the scanner's isolated specks."""
    ink = gray < threshold
    labels, n = ndi.label(ink)
    if n == 0:
        return ink
    sizes = np.bincount(labels.ravel())
    speck = sizes <= SPECKLE_PX * (dpi / 300) ** 2
    speck[0] = False
    return ink & ~speck[labels]


def skew_angle(ink: np.ndarray) -> float:
    """Rotation (degrees, counter-clockwise) that makes text lines and rules horizontal.

    Projection-profile search: rows of a straight page are either full or empty, so the sum
    of squared row sums peaks at the right angle. Done on a quarter-size image.
    """
    small = Image.fromarray(ink.astype(np.uint8) * 255).reduce(4)

    def sharpness(angle: float) -> float:
        rotated = np.asarray(small.rotate(angle, resample=Image.BILINEAR), dtype=np.float32)
        return float((rotated.sum(axis=1) ** 2).sum())

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.25), key=sharpness)
    fine = np.arange(best - 0.25, best + 0.251, 0.05)
    return float(max(fine, key=sharpness))


def deskew(gray: Image.Image, angle: float) -> Image.Image:
    if abs(angle) < 0.05:
        return gray
    return gray.rotate(angle, resample=Image.BICUBIC, fillcolor=255)


def line_masks(ink: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray]:
    """Pixels of horizontal and vertical rules: long runs of ink (gaps of a few % allowed)."""
    length = max(8, int(LINE_MIN_IN * dpi))

    def runs(axis: int) -> np.ndarray:
        mean = ndi.uniform_filter1d(ink.astype(np.float32), size=length, axis=axis, mode="constant")
        core = mean >= 0.85
        return ndi.maximum_filter1d(core, size=length, axis=axis) & ink

    return runs(1), runs(0)


def rules(h_mask: np.ndarray, v_mask: np.ndarray, dpi: float, scale: float):
    """Rule segments in page points (``scale`` = points per pixel)."""
    length = max(8, int(LINE_MIN_IN * dpi))
    thick = max(4, int(0.04 * dpi))  # a rule is at most ~1 mm thick
    hs: list[Seg] = []
    vs: list[Seg] = []
    eight = np.ones((3, 3), dtype=bool)
    labels, _ = ndi.label(h_mask, structure=eight)
    for sl in ndi.find_objects(labels):
        y, x = sl
        if x.stop - x.start >= length and y.stop - y.start <= thick * 3:
            hs.append(Seg((y.start + y.stop) / 2 * scale, x.start * scale, x.stop * scale))
    labels, _ = ndi.label(v_mask, structure=eight)
    for sl in ndi.find_objects(labels):
        y, x = sl
        if y.stop - y.start >= length and x.stop - x.start <= thick * 3:
            vs.append(Seg((x.start + x.stop) / 2 * scale, y.start * scale, y.stop * scale))
    return hs, vs
