"""The one walk over a plan dict (importer, CLI and web app share it)."""

from __future__ import annotations

from planwatch.importer.walk import (
    count_warnings,
    iter_measures,
    iter_nodes,
    measures_with_headings,
)


def _plan() -> dict:
    return {
        "measures": [{"n": "loose"}],
        "nodes": [
            {
                "uid": "a",
                "measures": [{"n": "a1"}],
                "children": [{"uid": "a.1", "measures": [{"n": "a.1.1"}], "children": []}],
            },
            {"uid": "b", "measures": [{"n": "b1"}, {"n": "b2"}], "children": []},
        ],
        "warnings": ["plan-level"],
    }


def test_measures_come_in_document_order_loose_ones_first():
    assert [m["n"] for m in iter_measures(_plan())] == ["loose", "a1", "a.1.1", "b1", "b2"]


def test_each_measure_comes_with_its_heading():
    pairs = [(m["n"], h and h["uid"]) for m, h in measures_with_headings(_plan())]
    assert pairs == [("loose", None), ("a1", "a"), ("a.1.1", "a.1"), ("b1", "b"), ("b2", "b")]


def test_headings_come_with_depth_and_parent():
    rows = [(n["uid"], depth, p and p["uid"]) for n, depth, p in iter_nodes(_plan()["nodes"])]
    assert rows == [("a", 0, None), ("a.1", 1, "a"), ("b", 0, None)]


def test_a_hand_written_document_with_stray_values_is_walked_not_refused():
    plan = {"nodes": [None, "text", {"measures": "oops", "children": [{"measures": [1, {}]}]}]}
    assert list(iter_measures(plan)) == [{}]
    assert count_warnings({"warnings": "x", "nodes": plan["nodes"]}) == 0


def test_a_heading_added_under_a_visited_one_is_seen_as_in_a_recursive_walk():
    plan = _plan()
    seen = []
    for node, _depth, _parent in iter_nodes(plan["nodes"]):
        seen.append(node["uid"])
        if node["uid"] == "a":
            node["children"].append({"uid": "a.2", "measures": [], "children": []})
    assert seen == ["a", "a.1", "a.2", "b"]


def test_a_very_deep_tree_does_not_exhaust_the_stack():
    root: dict = {"measures": [{"n": 0}], "children": []}
    node = root
    for depth in range(1, 5000):
        child = {"measures": [{"n": depth}], "children": []}
        node["children"].append(child)
        node = child
    assert sum(1 for _ in iter_measures({"nodes": [root]})) == 5000


def test_warnings_count_the_plan_and_every_measure():
    plan = _plan()
    plan["nodes"][1]["measures"][0]["warnings"] = ["one", "two"]
    assert count_warnings(plan) == 3
