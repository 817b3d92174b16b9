"""The draft's heading tree as a person repairs it: pure functions, no database."""

import pytest

from planwatch.importer.walk import iter_nodes, measures_with_headings
from planwatch.plans import document as docs
from planwatch.plans import document_meta, structure
from tests.support.factory import make_plan_dict


def tree(doc: dict) -> list:
    """(uid, depth, [measure uids]) in document order: what the review page lists."""
    return [
        (n["uid"], depth, [m["uid"] for m in n["measures"]])
        for n, depth, _p in iter_nodes(doc["nodes"])
    ]


@pytest.fixture
def doc():
    return docs.prepare(make_plan_dict(4))  # n1 (goal) → n2 (task) with m1..m4


def test_a_measure_becomes_a_heading_and_takes_the_measures_after_it(doc):
    heading = structure.measure_to_heading(doc, "m2", "operational_goal")
    assert heading["title"].startswith("захід номер 2 ")
    assert tree(doc) == [("n1", 0, []), ("n2", 1, ["m1"]), (heading["uid"], 2, ["m3", "m4"])]


def test_a_heading_beside_its_heading_keeps_the_later_measures_apart(doc):
    heading = structure.measure_to_heading(doc, "m3", "task", nested=False, take_following=False)
    assert tree(doc) == [("n1", 0, []), ("n2", 1, ["m1", "m2", "m4"]), (heading["uid"], 1, [])]


def test_a_heading_becomes_a_measure_of_the_heading_above(doc):
    made = structure.heading_to_measure(doc, "n2")
    assert made["text"] == "Завдання 1" and made["deadline"] == {"text": ""}
    assert tree(doc) == [("n1", 0, [made["uid"], "m1", "m2", "m3", "m4"])]


def test_the_first_heading_cannot_become_a_measure(doc):
    with pytest.raises(docs.DocumentError):
        structure.heading_to_measure(doc, "n1")


def test_a_removed_heading_keeps_its_measures(doc):
    structure.delete_heading(doc, "n2")
    assert tree(doc) == [("n1", 0, ["m1", "m2", "m3", "m4"])]


def test_a_removed_heading_lifts_its_headings_in_its_place(doc):
    structure.delete_heading(doc, "n1")  # no measures of its own: nothing to give away
    assert tree(doc) == [("n2", 0, ["m1", "m2", "m3", "m4"])]


def test_added_headings_get_new_uids_and_a_level(doc):
    a = structure.add_heading(doc, "n1", "task", "1.2", "Завдання друге")
    b = structure.add_heading(doc, "", "strategic_goal", "2", "Ціль друга")
    assert len({a["uid"], b["uid"], "n1", "n2"}) == 4
    assert tree(doc)[2:] == [(a["uid"], 1, []), (b["uid"], 0, [])]
    with pytest.raises(docs.DocumentError):
        structure.add_heading(doc, "", "task", "", "   ")
    with pytest.raises(docs.DocumentError):
        structure.add_heading(doc, "", "planet", "", "x")


def test_renaming_a_heading_and_changing_its_level(doc):
    structure.edit_heading(doc, "n2", "operational_goal", "2", "Нова назва", parent_uid="")
    node = docs.find_node(doc, "n2")
    assert (node["kind"], node["number"], node["title"]) == ("operational_goal", "2", "Нова назва")
    assert tree(doc) == [("n1", 0, []), ("n2", 0, ["m1", "m2", "m3", "m4"])]
    with pytest.raises(docs.DocumentError):
        structure.edit_heading(doc, "n1", "", "", "x", parent_uid="n1")


def test_a_heading_cannot_go_under_its_own_heading(doc):
    with pytest.raises(docs.DocumentError):
        structure.edit_heading(doc, "n1", "", "1", "Ціль", parent_uid="n2")


def test_measures_step_up_and_down_and_across_headings(doc):
    structure.step_measure(doc, "m2", -1)
    assert tree(doc)[1][2] == ["m2", "m1", "m3", "m4"]
    structure.step_measure(doc, "m2", -1)  # first under its heading: to the heading above
    assert tree(doc) == [("n1", 0, ["m2"]), ("n2", 1, ["m1", "m3", "m4"])]
    structure.step_measure(doc, "m2", 1)  # and back down, first under the next heading
    assert tree(doc)[1][2] == ["m2", "m1", "m3", "m4"]
    with pytest.raises(docs.DocumentError):
        structure.step_measure(doc, "m4", 1)


def test_unplaced_text_becomes_a_measure_or_is_left_out(doc):
    doc["unplaced"] = [{"text": " текст  поза таблицею ", "line": 40}, {"text": "підпис"}]
    made = structure.place_unplaced(doc, 0, "n1")
    assert (made["text"], made["lines"]) == ("текст поза таблицею", [40])
    assert tree(doc)[0][2] == [made["uid"]]
    structure.drop_unplaced(doc, 0)
    assert doc["unplaced"] == []
    with pytest.raises(docs.DocumentError):
        structure.drop_unplaced(doc, 0)


def test_plan_details_are_written_in_the_plan_format(doc):
    import datetime as dt

    changed = document_meta.set_meta(
        doc,
        {
            "title": "План заходів",
            "approval_date": dt.date(2025, 6, 1),
            "approval_number": "12",
            "period_start": 2025,
            "period_end": 2027,
        },
    )
    assert set(changed) == {"title", "approval_date", "approval_number", "period_end"}
    assert doc["approval"]["date"] == "2025-06-01" and doc["approval"]["number"] == "12"
    assert doc["period"] == {"start": 2025, "end": 2027}
    assert doc["approval"]["text"] == "рішенням ради"  # untouched fields stay
    assert document_meta.set_meta(doc, document_meta.meta_values(doc)) == []


def test_a_heading_steps_among_the_headings_of_its_level(doc):
    added = structure.add_heading(doc, "n1", "task", "1.2", "Друге")
    structure.step_heading(doc, added["uid"], -1)
    assert [n["uid"] for n in doc["nodes"][0]["children"]] == [added["uid"], "n2"]
    with pytest.raises(docs.DocumentError):
        structure.step_heading(doc, added["uid"], -1)


def test_measures_before_any_heading_get_a_heading_of_their_own():
    plan = make_plan_dict(1)
    plan["measures"] = [{"number": "1)", "text": "захід до заголовків"}]
    doc = docs.prepare(plan)
    assert "measures" not in doc
    first = doc["nodes"][0]
    assert first["title"] and [m["text"] for m in first["measures"]] == ["захід до заголовків"]
    assert len(list(measures_with_headings(doc))) == 2  # nothing dropped
