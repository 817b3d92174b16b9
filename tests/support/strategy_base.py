"""make_* helpers for the strategy tests: a small Strategy and plans that print or don't print it.

No tests here; the `StrategyBaseTestCase` world extends the project's `BaseTestCase`.
"""

from __future__ import annotations

from planwatch.strategy.crosswalk import suggest_crosswalk
from planwatch.strategy.models import Level, StrategyDocument, StrategyItem
from tests.support.base import BaseTestCase
from tests.support.factory import make_measure_dict, make_plan, make_plan_dict

# (number, title, [(task number, task title)]) under two strategic goals.
GOALS = {
    "1": (
        "Підвищення спроможності сімей з дітьми здійснювати догляд та виховання дітей",
        [
            (
                "1.1",
                "Запровадження підтримки сімей з дітьми, фінансової та матеріальної допомоги",
                [("1.1.1", "Забезпечення доступу сімей з дітьми до універсальних послуг")],
            ),
            (
                "1.2",
                "Забезпечення участі дітей з особливими освітніми потребами та інвалідністю",
                [("1.2.1", "Раннє виявлення порушень розвитку дитини та реабілітація")],
            ),
        ],
    ),
    "2": (
        "Зростання дітей-сиріт та дітей, позбавлених батьківського піклування, в сім'ях",
        [
            (
                "2.1",
                "Розвиток прийомних сімей, дитячих будинків сімейного типу та патронату",
                [
                    (
                        "2.1.1",
                        "Інформування та рекрутинг прийомних батьків і патронатних вихователів",
                    )
                ],
            ),
            (
                "2.2",
                "Реалізація права дитини на сім'ю шляхом усиновлення",
                [("2.2.1", "Підбір, підготовка та супровід осіб, які бажають усиновити дитину")],
            ),
        ],
    ),
}

# Measures a plan prints under each task (and that a second plan words a little differently).
MEASURES = {
    "1.1.1": [
        "інформування вагітних жінок та сімей з дітьми про універсальні послуги",
        "надання матеріальної допомоги сім'ям з дітьми у складних обставинах",
    ],
    "1.2.1": [
        "облаштування ресурсних кімнат та інклюзивного середовища в закладах освіти",
        "забезпечення реабілітації дітей з інвалідністю та раннього втручання",
    ],
    "2.1.1": [
        "інформаційна кампанія з популяризації прийомних сімей та патронату",
        "первинний відбір кандидатів у патронатні вихователі та прийомні батьки",
    ],
    "2.2.1": [
        "проведення інформаційних кампаній щодо популяризації усиновлення дітей",
        "підготовка кандидатів в усиновлювачі та супровід сімей усиновлювачів",
    ],
}

# The same deeds in another community's words, under its own task titles.
OWN_WORDS = [
    (
        "Підтримка молодих сімей",
        "інформування сімей з дітьми та вагітних жінок про послуги громади",
    ),
    ("Інклюзія", "створення інклюзивного середовища та ресурсних кімнат у школах громади"),
    ("Сімейні форми", "популяризація патронату та прийомних сімей у громаді"),
    ("Усиновлення", "інформаційні кампанії про усиновлення дітей у громаді"),
]


def make_strategy(code: str = "strategy-2024-2028", current: bool = True) -> StrategyDocument:
    document = StrategyDocument.objects.create(
        code=code,
        title="Стратегія забезпечення права кожної дитини на зростання в сімейному оточенні",
        short_title="Стратегія 2024–2028",
        approved_by="розпорядження КМУ від 26.11.2024 № 1201-р",
        period_start=2024,
        period_end=2028,
        is_current=current,
    )
    position = 0
    for sg_number, (sg_title, goals) in GOALS.items():
        position += 1
        sg = StrategyItem.objects.create(
            document=document,
            level=Level.STRATEGIC_GOAL,
            number=sg_number,
            title=sg_title,
            position=position,
        )
        for og_number, og_title, tasks in goals:
            position += 1
            og = StrategyItem.objects.create(
                document=document,
                parent=sg,
                level=Level.OPERATIONAL_GOAL,
                number=og_number,
                title=og_title,
                position=position,
            )
            for task_number, task_title in tasks:
                position += 1
                StrategyItem.objects.create(
                    document=document,
                    parent=og,
                    level=Level.TASK,
                    number=task_number,
                    title=task_title,
                    position=position,
                )
    return document


def strategy_plan_dict(title: str = "План заходів з реалізації Стратегії", copies: int = 1) -> dict:
    """A plan that prints the Strategy's headings, `copies` measures per listed measure."""
    doc = make_plan_dict(0, title=title)
    n = 0
    doc["nodes"] = []
    for sg_number, (sg_title, goals) in GOALS.items():
        sg = {
            "kind": "strategic_goal",
            "number": sg_number,
            "title": sg_title,
            "children": [],
            "measures": [],
        }
        for og_number, og_title, tasks in goals:
            og = {
                "kind": "operational_goal",
                "number": og_number.split(".")[1],
                "title": og_title,
                "children": [],
                "measures": [],
            }
            for task_number, task_title in tasks:
                task = {
                    "kind": "task",
                    "number": task_number[2:],
                    "title": task_title,
                    "children": [],
                    "measures": [],
                }
                for text in MEASURES[task_number] * copies:
                    n += 1
                    task["measures"].append(make_measure_dict(n, text=text))
                og["children"].append(task)
            sg["children"].append(og)
        doc["nodes"].append(sg)
    return doc


def own_words_plan_dict(title: str = "План заходів громади", copies: int = 1) -> dict:
    """A plan with its own task titles, no Strategy headings."""
    doc = make_plan_dict(0, title=title)
    n = 0
    doc["nodes"] = []
    for task_title, text in OWN_WORDS:
        task = {
            "kind": "task",
            "number": str(len(doc["nodes"]) + 1),
            "title": task_title,
            "children": [],
            "measures": [],
        }
        for _ in range(copies):
            n += 1
            task["measures"].append(make_measure_dict(n, text=text))
        doc["nodes"].append(task)
    return doc


def publish_linked(owner, doc: dict, user=None):
    """Publish a plan and run the crosswalk step on it, as the queue would."""
    plan = make_plan(owner, doc=doc, user=user)
    suggest_crosswalk(plan.current_revision)
    return plan


class StrategyBaseTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.document = make_strategy()
        cls.printed = publish_linked(cls.community, strategy_plan_dict(), cls.coordinator)
        cls.own = publish_linked(cls.other_community, own_words_plan_dict())

    def item(self, number: str) -> StrategyItem:
        return StrategyItem.objects.get(document=self.document, number=number)
