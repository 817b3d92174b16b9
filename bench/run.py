#!/usr/bin/env python3
"""`make bench`: importer speed on the shared samples (figures and ratios, not pass/fail).

- text: median time to parse the largest text sample after start-up (target ≤ 20 ms);
- docx: our whole parse vs docx2python alone opening the same file (target ≤ 1.5×).
Other bench/bench_*.py scripts (PDF, strategy, plan reports) run after these when present.
"""

from __future__ import annotations

import contextlib
import os
import runpy
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
# this checkout's code, not whichever one the virtualenv's editable install points at
sys.path.insert(0, str(ROOT / "src"))


def median_ms(fn, runs: int, cpu: list | None = None) -> float:
    """Median wall-clock ms of ``fn``; ``cpu`` gets the median CPU ms too (steadier on a
    shared machine, where waiting for a core counts in the wall clock)."""
    fn()  # warm-up: imports and caches are start-up, not parsing
    times, cpu_times = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
        cpu_times.append((time.process_time() - c0) * 1000)
    if cpu is not None:
        cpu.append(statistics.median(cpu_times))
    return statistics.median(times)


def bench_text() -> None:
    from planwatch.importer import parse_bytes

    texts = sorted((SHARED / "samples" / "text").glob("*.txt"), key=lambda p: -p.stat().st_size)
    for path in texts:
        data = path.read_bytes()
        lines = data.count(b"\n")
        cpu: list[float] = []
        ms = median_ms(lambda d=data, n=path.name: parse_bytes(d, n), 30, cpu)
        raw = median_ms(lambda d=data, n=path.name: parse_bytes(d, n, normalize=False), 30)
        print(
            f"text  {path.name:45s} {lines:4d} lines  {ms:7.2f} ms median, CPU {cpu[0]:.2f} ms "
            f"({raw:.2f} ms without normalisation)  target ≤ 20 ms"
        )


def bench_docx() -> None:
    from docx2python import docx2python

    from planwatch.importer import parse_bytes

    for path in sorted((SHARED / "samples" / "docx").glob("*.docx")):
        data = path.read_bytes()

        def open_only(p=path):
            with docx2python(p) as doc:
                doc.body  # noqa: B018 - the work docx2python does to open the document

        base = median_ms(open_only, 7)
        cpu: list[float] = []
        ours = median_ms(lambda d=data, n=path.name: parse_bytes(d, n), 7, cpu)
        print(
            f"docx  {path.name:20s} docx2python {base:7.1f} ms  planwatch {ours:7.1f} ms "
            f"(CPU {cpu[0]:.1f} ms)  "
            f"ratio {ours / base:4.2f}×  target ≤ 1.5×"
        )


def main() -> int:
    # bench_scale's database, before another bench points DATABASE_URL at a scratch SQLite file
    os.environ.setdefault("PLANWATCH_BENCH_DATABASE_URL", os.environ.get("DATABASE_URL", ""))
    if "--communities" in sys.argv:  # bench_scale: seed a country of N communities if none yet
        os.environ["PLANWATCH_BENCH_COMMUNITIES"] = sys.argv[sys.argv.index("--communities") + 1]
        del sys.argv[1:]
    if not SHARED.is_dir():
        print(f"shared/ not found at {SHARED}; nothing to measure")
        return 1
    bench_text()
    bench_docx()
    for extra in sorted(Path(__file__).parent.glob("bench_*.py")):
        print(f"\n== {extra.name}")
        # the scripts end with sys.exit(main()): go on to the next one
        with contextlib.suppress(SystemExit):
            runpy.run_path(str(extra), run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main())
