"""The `render` marker: tests that need LibreOffice (soffice) and poppler (pdftoppm,
pdftotext). Without them they skip with the reason — except in CI (CI=true), where a missing
tool is a failure, never a silent skip (the rule of scripts/run_tests.py)."""

from __future__ import annotations

import os
import shutil

import pytest

TOOLS = ("soffice", "pdftoppm", "pdftotext")
CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "render: needs soffice, pdftoppm and pdftotext")


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def pytest_runtest_setup(item) -> None:
    if item.get_closest_marker("render") is None:
        return
    missing = missing_tools()
    if not missing:
        return
    reason = f"render tests need {', '.join(missing)} (apt-get install libreoffice poppler-utils)"
    if CI:
        pytest.fail(f"CI: {reason}", pytrace=False)
    pytest.skip(reason)
