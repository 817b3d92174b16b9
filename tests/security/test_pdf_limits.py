"""Hostile PDFs cannot make rendering exhaust memory (issue 14).

A 1.8 KB PDF with a 40,000 pt MediaBox and one image drawn over it drove the import worker
past 8 GB. The file is generated here with pikepdf; the import runs in a subprocess so its
peak RSS (VmHWM) is its own, and an address-space limit keeps a regression from
taking the machine down with it.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
import time
import zlib

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

import planwatch
from planwatch.importer import PlanImportError, parse_bytes
from planwatch.importer.readers import pdf_limits, pdf_scan
from planwatch.importer.readers.pdf import load_page, open_pdf
from tests.support.base import BaseTestCase


def hostile_pdf(side_pt: float, image_px: int = 64) -> bytes:
    """One page ``side_pt`` square with one grey image XObject scaled over all of it."""
    pdf = pikepdf.new()
    image = pikepdf.Stream(pdf, zlib.compress(bytes([128]) * image_px * image_px))
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.Width = image.Height = image_px
    image.ColorSpace, image.BitsPerComponent = pikepdf.Name.DeviceGray, 8
    image.Filter = pikepdf.Name.FlateDecode
    content = f"q {side_pt:g} 0 0 {side_pt:g} 0 0 cm /Im0 Do Q".encode()
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, side_pt, side_pt],
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image)),
        Contents=pikepdf.Stream(pdf, content),
    )
    pdf.pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out, compress_streams=True)
    return out.getvalue()


CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    resource.setrlimit(resource.RLIMIT_AS, (3 * 1024**3, 3 * 1024**3))
    from planwatch.importer import PlanImportError, parse_bytes
    data = sys.stdin.buffer.read()
    started = time.monotonic()
    try:
        parse_bytes(data, "hostile.pdf")
        error = None
    except PlanImportError as exc:
        error = str(exc)
    seconds = time.monotonic() - started
    # VmHWM, not ru_maxrss: Linux keeps ru_maxrss across fork + exec, so a child of a large
    # pytest process would report its parent's size; the high-water mark is this process's own
    with open("/proc/self/status") as status:
        hwm = next(line for line in status if line.startswith("VmHWM:"))
    peak_mb = int(hwm.split()[1]) / 1024
    print(json.dumps({"error": error, "seconds": seconds, "peak_mb": peak_mb}))
    """
)


def test_huge_page_is_refused_fast_and_small():
    data = hostile_pdf(40_000)
    assert len(data) < 2_000
    src = os.path.dirname(os.path.dirname(planwatch.__file__))  # this checkout's code
    env = dict(os.environ, PYTHONPATH=src)
    run = subprocess.run(
        [sys.executable, "-c", CHILD], input=data, capture_output=True, timeout=60, env=env
    )
    assert run.returncode == 0, run.stderr.decode()[-2000:]
    result = json.loads(run.stdout.decode().strip().splitlines()[-1])
    assert result["error"] is not None, result
    assert "hostile.pdf" in result["error"] and "сторінка 1" in result["error"]
    assert "14 111 × 14 111 мм" in result["error"]
    assert result["seconds"] < 2.0, result
    assert result["peak_mb"] < 500, result


def test_page_just_under_the_limit_renders_within_the_pixel_cap():
    side = pdf_limits.MAX_PAGE_PT - 1
    doc = open_pdf(hostile_pdf(side), "big.pdf")
    try:
        page = load_page(doc, 0, "big.pdf")
        started = time.monotonic()
        rendered = pdf_scan.render_page(page, 1)
        page.close()
    finally:
        doc.close()
    w, h = rendered.gray.size
    assert w * h <= pdf_limits.MAX_PIXELS
    assert w * h > 0.9 * pdf_limits.MAX_PIXELS  # lowered to the cap, not below it
    assert rendered.dpi < 72  # the old floor of 72 dpi would have meant 200 Mpx
    assert time.monotonic() - started < 5


def test_render_scale_never_exceeds_the_dpi_asked_for():
    assert pdf_limits.render_scale(595, 842, 300) == pytest.approx(300 / 72)
    assert pdf_limits.render_scale(595, 842, 200) == pytest.approx(200 / 72)
    scale = pdf_limits.render_scale(14_000, 14_000, 300)
    assert (14_000 * scale) ** 2 <= pdf_limits.MAX_PIXELS * 1.0001


def test_cell_image_of_a_huge_page_is_refused():
    with pytest.raises(PlanImportError, match="сторінка 1"):
        pdf_scan.cell_image(hostile_pdf(40_000), 1, [0, 0, 100, 100])


def test_cell_image_of_a_large_page_is_capped():
    png = pdf_scan.cell_image(hostile_pdf(10_000), 1, [0, 0, 10_000, 10_000])
    from PIL import Image

    w, h = Image.open(io.BytesIO(png)).size
    assert w * h <= pdf_limits.MAX_PIXELS * 1.01  # 200 dpi would have been 1.5 Gpx


def test_oversized_image_is_refused_before_rendering(monkeypatch):
    monkeypatch.setattr(pdf_limits, "MAX_IMAGE_PIXELS", 1_000)
    with pytest.raises(PlanImportError, match="Мпікс"):
        parse_bytes(hostile_pdf(595, image_px=64), "scan.pdf")


def test_too_many_images_are_refused(monkeypatch):
    monkeypatch.setattr(pdf_limits, "MAX_IMAGES", 0)
    with pytest.raises(PlanImportError, match="зображень"):
        parse_bytes(hostile_pdf(595), "scan.pdf")


class HostileUploadTestCase(BaseTestCase):
    def test_the_upload_form_says_which_page_is_too_large(self):
        self.login(self.coordinator)
        seconds = []
        for _ in range(2):  # the first request also imports the readers (seconds when cold)
            upload = SimpleUploadedFile("hostile.pdf", hostile_pdf(40_000))
            started = time.monotonic()
            response = self.client.post(
                "/plans/import/", {"file": upload, "owner": self.community.pk}
            )
            seconds.append(time.monotonic() - started)
        self.assertLess(seconds[-1], 2.0)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "hostile.pdf")
        self.assertContains(response, "сторінка 1 має розмір 14 111 × 14 111 мм")
