"""Seeding a Strategy reference from plan outlines: numbering and merging across plans."""

from __future__ import annotations

import unittest

from planwatch.strategy.outline import SECTION_LEVELS, Heading, outline
from planwatch.strategy.reference import build_reference, last_number, roman


def node(kind, number, title, children=(), measures=()):
    return {
        "kind": kind,
        "number": number,
        "title": title,
        "children": list(children),
        "measures": [{"text": t} for t in measures],
    }


VILLAGE = {  # numbers as Pishchanska prints them: tasks "1.1" restart per strategic goal
    "nodes": [
        node(
            "strategic_goal",
            "1",
            "Підвищення спроможності сімей з дітьми",
            [
                node(
                    "operational_goal",
                    "1",
                    "Запровадження підтримки сімей з дітьми",
                    [
                        node(
                            "task",
                            "1.1",
                            "Забезпечення доступу кожної дитини до послуг",
                            measures=["a"],
                        ),
                        node("task", "1.2", "Підвищення економічної спроможності сімей з дітьми"),
                    ],
                ),
                node(
                    "operational_goal",
                    "2",
                    "Забезпечення участі усіх дітей з інвалідністю",
                    [
                        node("task", ".2", "Створення умов для залучення дітей з інвалідністю"),
                    ],
                ),
            ],
        ),
    ]
}
CITY = {  # Kalush: a section above, goals "1.1", tasks numbered 1…n in one run
    "nodes": [
        node(
            "section",
            "І",
            "Забезпечення досягнення цілей Стратегії",
            [
                node(
                    "strategic_goal",
                    "1",
                    "Підвищення спроможності сімей з дітьми",
                    [
                        node(
                            "operational_goal",
                            "1.1",
                            "Запровадження підтримки сімей з дітьми",
                            [
                                node("task", "1", "Забезпечення доступу кожній дитині до послуг"),
                                node(
                                    "task",
                                    "2",
                                    "Налагодження співпраці з громадськими організаціями",
                                ),
                            ],
                        ),
                        node(
                            "operational_goal", "1.2", "Підвищення рівня поінформованості громадян"
                        ),
                    ],
                ),
            ],
        ),
    ]
}


def flat(roots):
    return [(i.level, i.number, i.title[:30], i.added_from) for r in roots for i in r.walk()]


class OutlineTestCase(unittest.TestCase):
    def test_sections_above_the_goals_are_see_through(self):
        (goal,) = outline(CITY)
        self.assertEqual((goal.kind, goal.number), ("strategic_goal", "1"))
        self.assertEqual([c.number for c in goal.children], ["1.1", "1.2"])

    def test_measures_stay_with_their_task(self):
        (goal,) = outline(VILLAGE)
        self.assertEqual([m["text"] for m in goal.all_measures()], ["a"])

    def test_the_2017_levels_read_sections_and_tasks(self):
        doc = {"nodes": [node("section", "I", "Координація", [node("task", "1", "Механізми")])]}
        (section,) = outline(doc, SECTION_LEVELS)
        self.assertIsInstance(section.children[0], Heading)
        self.assertEqual(section.children[0].kind, "task")


class NumberingTestCase(unittest.TestCase):
    def test_it_reads_the_last_component_of_printed_numbers(self):
        self.assertEqual(
            [last_number(n) for n in ["1.2", ".2", "12", "IV", "ІІ", ""]], [2, 2, 12, 4, 2, None]
        )

    def test_roman_numerals(self):
        self.assertEqual([roman(r) for r in ["i", "iv", "viii", "x", "abc"]], [1, 4, 8, 10, None])

    def test_one_plan_gives_dotted_strategy_numbers(self):
        numbers = [n for _, n, _, _ in flat(build_reference([outline(VILLAGE)]))]
        self.assertEqual(numbers, ["1", "1.1", "1.1.1", "1.1.2", "1.2", "1.2.2"])


class MergeTestCase(unittest.TestCase):
    def setUp(self):
        self.items = flat(build_reference([outline(VILLAGE), outline(CITY)], ["000", "001"]))

    def test_the_same_headings_worded_a_little_differently_merge(self):
        titles = [t for _, _, t, _ in self.items]
        self.assertEqual(sum(t.startswith("Забезпечення доступу кожн") for t in titles), 1)

    def test_what_only_the_second_plan_prints_is_added_with_a_note_and_a_free_number(self):
        added = [(level, number) for level, number, _, source in self.items if source]
        self.assertEqual(added, [("task", "1.1.3"), ("operational_goal", "1.3")])
        self.assertTrue(all(source == "001" for *_, source in self.items if source))
