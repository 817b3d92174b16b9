"""Print F1 / fields of every text variant of every gold plan: `python -m tests.importer.textzoo.report`."""

from __future__ import annotations

from planwatch.importer import parse_bytes
from tests.importer.samples import GOLD, gold, scorer
from tests.importer.textzoo.render import VARIANTS, render


def scores():
    score = scorer()
    for num in GOLD:
        g = gold(num)
        for v in VARIANTS:
            text = render(g, v)
            try:
                r = score.score(g, parse_bytes(text.encode(), f"{v.name}.txt", normalize=False))
                yield num, v.name, r["f1"], r["fields"], r
            except Exception as e:  # noqa: BLE001 - a report, shows the failure
                yield num, v.name, 0.0, 0.0, {"error": str(e)}


if __name__ == "__main__":
    import sys

    show = "--show" in sys.argv
    for num, name, f1, fields, r in scores():
        print(f"{num} {name:20s} F1 {f1:.3f} fields {fields:.3f}")
        if show and (f1 < 0.99 or fields < 0.97):
            if "error" in r:
                print("   ", r["error"])
                continue
            print("    unmatched gold:", [t[:50] for t in r["unmatched_gold"][:3]])
            print("    unmatched pred:", [t[:50] for t in r["unmatched_predicted"][:3]])
            for f, m in r["misses"].items():
                for x in m[:2]:
                    print("   ", f, "|", str(x["gold"])[:60], "|", str(x["got"])[:60])
