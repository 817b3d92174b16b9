"""Each roll-up format rendered to pages: .docx/.xlsx through LibreOffice to PDF, every PDF to
PNG (pdftoppm), and its text (pdftotext) checked, Cyrillic included. Without soffice or the
poppler tools the test says so and skips; under CI=true it fails instead."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import time_machine

from planwatch.monitoring.models import Outcome
from tests.rollup.base import NOW, ON_TIME, RollupTestCase

TOOLS = ("soffice", "pdftoppm", "pdftotext")


@time_machine.travel(NOW, tick=False)
class RollupRenderTestCase(RollupTestCase):
    def setUp(self) -> None:
        missing = [t for t in TOOLS if shutil.which(t) is None]
        if missing:
            message = f"needs {', '.join(missing)} (apt-get install libreoffice poppler-utils)"
            if os.environ.get("CI") == "true":
                self.fail(message)
            self.skipTest(message)
        self.report(self.bplan, 1, "2025-Q3", outcome=Outcome.DONE, submitted_at=ON_TIME)
        self.login(self.reviewer)
        self.tmp = Path(tempfile.mkdtemp(prefix="rollup-render-"))
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def to_pdf(self, fmt: str) -> Path:
        body = self.client.get(f"/rollup/{self.district.pk}/report.{fmt}?period=2025").content
        source = self.tmp / f"rollup.{fmt}"
        source.write_bytes(body)
        if fmt == "pdf":
            return source
        profile = (self.tmp / "lo-profile").as_uri()
        subprocess.run(
            ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(self.tmp / fmt), str(source)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        return self.tmp / fmt / "rollup.pdf"

    def test_every_format_renders_to_pages_with_the_ukrainian_text(self):
        for fmt in ("docx", "xlsx", "pdf"):
            pdf = self.to_pdf(fmt)
            subprocess.run(
                ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(self.tmp / fmt)],
                check=True, timeout=60,
            )  # fmt: skip
            png = next(self.tmp.glob(f"{fmt}*.png"))
            self.assertGreater(png.stat().st_size, 2000, fmt)
            text = subprocess.run(
                ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, timeout=60
            ).stdout
            self.assertIn(self.other_community.name, text, fmt)
            self.assertIn("Разом", text, fmt)
            if fmt != "xlsx":
                self.assertIn("Зведена інформація про стан виконання", " ".join(text.split()), fmt)
                self.assertIn("Прострочені заходи", text, fmt)
