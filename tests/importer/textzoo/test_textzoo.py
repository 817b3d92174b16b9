"""Text renderings of every gold plan with the distortions of real converters (render.py):
each must still give the plan (F1 ≥ 0.99, fields ≥ 0.97 with shared/tools/score_plan.py)."""

from __future__ import annotations

import pytest

from planwatch.importer import parse_bytes
from tests.importer.samples import GOLD, gold, scorer
from tests.importer.textzoo.render import VARIANTS, render


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.name)
@pytest.mark.parametrize("num", list(GOLD))
def test_each_text_rendering_gives_the_plan(num, variant):
    g = gold(num)
    plan = parse_bytes(render(g, variant).encode(), f"{variant.name}.txt", normalize=False)
    result = scorer().score(g, plan)
    misses = {f: m[:2] for f, m in result["misses"].items() if m}
    assert result["f1"] >= 0.99, (result["unmatched_gold"][:2], result["unmatched_predicted"][:2])
    assert result["fields"] >= 0.97, misses


@pytest.mark.parametrize("num", list(GOLD))
def test_the_signature_block_goes_aside_with_a_warning(num):
    variant = next(v for v in VARIANTS if v.name == "signature-dropped")
    plan = parse_bytes(render(gold(num), variant).encode(), "sig.txt", normalize=False)
    texts = [u["text"] for u in plan["unplaced"]]
    assert "Секретар ради Іван ПЕТРЕНКО" in texts
    assert "Начальник служби у справах дітей" in texts
    line = plan["unplaced"][0]["line"]
    assert any(w["line"] == line and w.get("code") == "unplaced_text" for w in plan["warnings"])
    executors = [m["executors"] for m in scorer().flatten_predicted(plan)]
    assert not any("ПЕТРЕНКО" in e or "КОВАЛЬ" in e for e in executors)
