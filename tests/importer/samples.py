"""The shared samples and their gold files, and the shared scorer, for the golden tests."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest

from tests.conftest import SHARED

GOLD = {
    "000": "000-village-pishchanska-2025",
    "001": "001-city-kalush-2025-2026",
    "002": "002-oblast-luhansk-2018-2026",
}


def require_shared() -> None:
    if not (SHARED / "gold").is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"shared/ is missing at {SHARED}")
        pytest.skip(f"shared/ samples not found at {SHARED}")


def scorer():
    require_shared()
    spec = importlib.util.spec_from_file_location("score_plan", SHARED / "tools" / "score_plan.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gold(num: str) -> dict:
    require_shared()
    return json.loads((SHARED / "gold" / f"{GOLD[num]}.gold.json").read_text(encoding="utf-8"))


def sample_sources(kinds=("text", "docx")) -> list[tuple[str, Path]]:
    out = []
    for num, base in GOLD.items():
        if "text" in kinds:
            out.append((num, SHARED / "samples" / "text" / f"{base}.txt"))
        if "docx" in kinds:
            for style in ("plain", "merged", "numbered"):
                out.append((num, SHARED / "samples" / "docx" / f"{num}-{style}.docx"))
    return out
