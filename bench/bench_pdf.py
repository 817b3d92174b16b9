#!/usr/bin/env python3
"""PDF import speed (and accuracy) on the shared samples; run by `make bench` or directly.

- digital: median wall time of a whole parse (reader, structure, normalisation) of each
  digital PDF; target ≤ 2 s for the 27-page one;
- scan: wall time of OCR of the 27-page scan (both cores); target ≤ 180 s. Skipped with a
  reason when Tesseract or its Ukrainian model is missing, or with --no-ocr.
With the gold files present, F1 and mean field accuracy (shared/tools/score_plan.py) follow.
"""

from __future__ import annotations

import importlib.util
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GOLD = {
    "000": "000-village-pishchanska-2025",
    "001": "001-city-kalush-2025-2026",
    "002": "002-oblast-luhansk-2018-2026",
}


def _score(plan: dict, name: str) -> str:
    gold_path = SHARED / "gold" / f"{GOLD[name[:3]]}.gold.json"
    scorer_path = SHARED / "tools" / "score_plan.py"
    if not (gold_path.exists() and scorer_path.exists()):
        return ""
    spec = importlib.util.spec_from_file_location("score_plan", scorer_path)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    s = scorer.score(json.loads(gold_path.read_text(encoding="utf-8")), plan)
    return f"F1 {s['f1']:.3f}  fields {s['fields']:.3f}"


def bench_digital() -> None:
    from planwatch.importer import parse_bytes

    for path in sorted((SHARED / "samples" / "pdf").glob("*.pdf")):
        if "scan" in path.name:
            continue
        data = path.read_bytes()
        parse_bytes(data, path.name)  # warm-up: imports are start-up, not parsing
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            plan = parse_bytes(data, path.name)
            times.append(time.perf_counter() - t0)
        raw = parse_bytes(data, path.name, normalize=False)
        print(
            f"pdf   {path.name:18s} {_pages(data):3d} pages  {statistics.median(times):6.2f} s "
            f"median  target ≤ 2 s   {_score(raw, path.name)}"
        )
        del plan


def bench_scan() -> None:
    from planwatch.importer import parse_bytes
    from planwatch.importer.readers import pdf_scan

    exe, reason = pdf_scan.tesseract_status()
    if exe is None:
        print(f"scan  skipped: {reason}")
        return
    for path in sorted((SHARED / "samples" / "pdf").glob("*scan*.pdf")):
        data = path.read_bytes()
        t0 = time.perf_counter()
        plan = parse_bytes(data, path.name, normalize=False)
        wall = time.perf_counter() - t0
        low = sum(1 for w in plan.get("warnings", []) if "OCR confidence" in w.get("message", ""))
        print(
            f"scan  {path.name:18s} {_pages(data):3d} pages  {wall:6.1f} s wall "
            f"({pdf_scan.OCR_WORKERS} OCR workers)  target ≤ 180 s   {_score(plan, path.name)}"
            f"  low-confidence cells {low}"
        )


def _pages(data: bytes) -> int:
    import pypdfium2

    doc = pypdfium2.PdfDocument(data)
    try:
        return len(doc)
    finally:
        doc.close()


def main() -> int:
    if not (SHARED / "samples" / "pdf").is_dir():
        print(f"shared/samples/pdf not found at {SHARED}; nothing to measure")
        return 1
    bench_digital()
    if "--no-ocr" not in sys.argv:
        bench_scan()
    return 0


if __name__ == "__main__":
    sys.exit(main())
