#!/usr/bin/env python3
"""Score the importer on every shared sample (text and .docx; PDFs with --pdf) against gold.

    python scripts/score_samples.py [--misses N] [--pdf] [--only PATTERN]

Developer tool: prints F1 and field accuracy per sample, and the misses when asked.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

from planwatch.importer import PlanImportError, parse_file

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(ROOT.parent / "shared")


def load_scorer():
    spec = importlib.util.spec_from_file_location("score_plan", SHARED / "tools" / "score_plan.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def samples(with_pdf: bool):
    import json

    for gold in sorted((SHARED / "gold").glob("*.gold.json")):
        base = gold.name.removesuffix(".gold.json")
        num = base.split("-")[0]
        sources = [SHARED / "samples" / "text" / f"{base}.txt"]
        sources += sorted((SHARED / "samples" / "docx").glob(f"{num}-*.docx"))
        if with_pdf:
            sources += sorted((SHARED / "samples" / "pdf").glob(f"{num}-*.pdf"))
        for src in sources:
            if src.exists():
                yield json.loads(gold.read_text(encoding="utf-8")), src


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--misses", type=int, default=0)
    ap.add_argument("--pdf", action="store_true")
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    scorer = load_scorer()
    worst = 1.0
    for gold, src in samples(args.pdf):
        if args.only and args.only not in src.name:
            continue
        try:
            plan = parse_file(src)
        except PlanImportError as exc:
            print(f"{src.name:40s} FAILED {exc}")
            worst = 0
            continue
        s = scorer.score(gold, plan)
        worst = min(worst, s["f1"], s["fields"])
        fa = " ".join(f"{k}={v:.3f}" for k, v in s["field_accuracy"].items())
        print(
            f"{src.name:40s} F1 {s['f1']:.3f} fields {s['fields']:.3f}  "
            f"(gold {s['gold_measures']} got {s['predicted_measures']})  {fa}"
        )
        if args.misses:
            for field, misses in s["misses"].items():
                for m in misses[: args.misses]:
                    print(
                        f"   [{field}] gold: {str(m['gold'])[:200]}\n   [{field}] got : {str(m['got'])[:200]}"
                    )
            for t in s["unmatched_gold"][: args.misses]:
                print(f"   missed  : {t[:160]}")
            for t in s["unmatched_predicted"][: args.misses]:
                print(f"   spurious: {t[:160]}")
    return 0 if worst > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
