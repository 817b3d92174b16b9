"""Every format rendered to pictures and text the way a person would open it: .docx and .xlsx
through LibreOffice to PDF, then pdftoppm (PNG) and pdftotext — the Cyrillic must survive."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest

from planwatch.monitoring.periods import ReportPeriod
from planwatch.plan_reports.dataset import build_dataset
from planwatch.plan_reports.render import render
from tests.plan_reports.base import TODAY, ReportsTestCase

EXPECTED = {
    "docx": ["ІНФОРМАЦІЯ", "План моніторингу громади", "Службою проведено 4 засідання"],
    "pdf": ["ІНФОРМАЦІЯ", "План моніторингу громади", "Службою проведено 4 засідання"],
    "xlsx": ["Розділ / ціль / завдання", "Службою проведено 4 засідання"],
}


def to_pdf(path: Path) -> Path:
    """LibreOffice headless, with its own profile so parallel runs do not collide."""
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(path.parent),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return path.with_suffix(".pdf")


@pytest.mark.render
class RenderToPngTestCase(ReportsTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.dataset = build_dataset(cls.mplan, ReportPeriod.parse("2025-Q3", TODAY), TODAY)

    def test_every_format_renders_to_pages_with_its_text(self):
        folder = Path(tempfile.mkdtemp(prefix="planwatch-render-"))
        for fmt, words in EXPECTED.items():
            with self.subTest(fmt):
                source = folder / f"report.{fmt}"
                source.write_bytes(render(self.dataset, fmt))
                pdf = source if fmt == "pdf" else to_pdf(source)
                subprocess.run(
                    ["pdftoppm", "-r", "40", "-png", str(pdf), str(folder / fmt)],
                    check=True,
                    timeout=120,
                )
                self.assertTrue(list(folder.glob(f"{fmt}*.png")))
                text = subprocess.run(
                    ["pdftotext", "-layout", str(pdf), "-"],
                    check=True,
                    capture_output=True,
                    text=True,
                    timeout=60,
                ).stdout
                for phrase in words:
                    for word in phrase.split():
                        self.assertIn(word, text)
