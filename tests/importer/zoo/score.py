"""Build every zoo layout, import it, score it: ``python -m tests.importer.zoo.score``."""

from __future__ import annotations

import functools

from planwatch.importer import parse_bytes
from tests.importer.samples import gold, scorer
from tests.importer.zoo.layouts import LAYOUTS, records


@functools.cache
def build(name: str) -> tuple[dict, bytes, str]:
    num, file_name, builder = LAYOUTS[name]
    recs = records(gold(num))
    return {"measures": recs}, builder(recs), file_name


def path_share(g: dict, plan: dict) -> float:
    """Paired measures whose whole heading path (titles, numbering dropped) is the gold's."""
    score = scorer()
    pred = score.flatten_predicted(plan)
    pairs = score.pair(g["measures"], pred)
    strip = score.strip_heading_prefix
    ok = sum(
        [strip(h) for h in g["measures"][i]["headings"]] == [strip(h) for h in pred[j]["headings"]]
        for i, j, _ in pairs
    )
    return ok / len(g["measures"])


def run(name: str) -> tuple[dict, dict, dict]:
    g, data, file_name = build(name)
    plan = parse_bytes(data, file_name)
    return g, plan, scorer().score(g, plan)


def main() -> None:
    print("| layout | F1 | fields | heading paths |\n|---|---|---|---|")
    for name in LAYOUTS:
        try:
            g, plan, s = run(name)
            print(f"| {name} | {s['f1']:.3f} | {s['fields']:.3f} | {path_share(g, plan):.3f} |")
        except Exception as exc:  # noqa: BLE001 — the table reports a failed import as such
            print(f"| {name} | error: {str(exc)[:70]} | | |")


if __name__ == "__main__":
    main()
