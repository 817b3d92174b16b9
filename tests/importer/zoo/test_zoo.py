"""Every zoo layout (tests/importer/zoo/layouts.py) imports back to its gold."""

from __future__ import annotations

import pytest

from tests.importer.zoo.layouts import LAYOUTS
from tests.importer.zoo.score import path_share, run


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_the_layout_gives_the_gold_back(name):
    g, plan, s = run(name)
    assert s["f1"] >= 0.99, (s["unmatched_gold"][:2], s["unmatched_predicted"][:2])
    misses = {f: m[:2] for f, m in s["misses"].items() if m}
    assert s["fields"] >= 0.97, misses
    # the scorer checks the innermost heading; the whole path must be the gold's too, so that
    # a section read as a paragraph or a goal column dropped shows here
    assert path_share(g, plan) >= 0.97
