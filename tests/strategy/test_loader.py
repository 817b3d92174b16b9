from io import StringIO

from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import translation

from planwatch.strategy.models import Level, StrategyDocument, StrategyItem
from tests.conftest import SHARED


@override_settings(PLANWATCH_SAMPLES_DIR=SHARED / "samples")
class LoadStrategyTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_strategy", stdout=StringIO())

    def items(self, code: str, level: str):
        return StrategyItem.objects.filter(document__code=code, level=level)

    def test_it_seeds_the_2024_strategy_from_the_sample_plans_headings(self):
        document = StrategyDocument.objects.current()
        self.assertEqual(document.code, "strategy-2024-2028")
        self.assertIn("1201-р", document.approved_by)
        self.assertEqual(self.items(document.code, Level.STRATEGIC_GOAL).count(), 6)
        goals = self.items(document.code, Level.OPERATIONAL_GOAL)
        self.assertGreaterEqual(goals.count(), 18)
        self.assertTrue(
            goals.filter(number="1.2", title__startswith="Забезпечення участі").exists()
        )

    def test_what_only_the_city_plan_prints_is_added_with_its_source(self):
        added = StrategyItem.objects.get(
            document__code="strategy-2024-2028", title__startswith="Підвищення рівня поінформ"
        )
        self.assertEqual((added.level, added.number), (Level.OPERATIONAL_GOAL, "6.5"))
        self.assertIn("001-", added.added_from)
        self.assertEqual(added.note, "")
        with translation.override("uk"):
            self.assertEqual(added.note_shown, f"додано з {added.added_from}")

    def test_tasks_keep_the_strategy_numbers_under_their_goals(self):
        task = StrategyItem.objects.get(
            document__code="strategy-2024-2028", title__startswith="Підвищення економічної"
        )
        self.assertEqual((task.number, task.parent.number), ("1.1.2", "1.1"))

    def test_the_oblast_plan_gives_the_2017_strategy(self):
        document = StrategyDocument.objects.get(code="national-strategy-2017-2026")
        self.assertFalse(document.is_current)
        self.assertIn("526-р", document.approved_by)
        self.assertGreaterEqual(self.items(document.code, Level.DIRECTION).count(), 6)
        self.assertGreaterEqual(self.items(document.code, Level.TASK).count(), 8)

    def test_loading_again_keeps_what_an_admin_changed(self):
        item = StrategyItem.objects.get(document__code="strategy-2024-2028", number="1.1")
        item.title = "Змінено адміністратором"
        item.save(update_fields=["title"])
        before = StrategyItem.objects.count()
        call_command("load_strategy", stdout=StringIO())
        self.assertEqual(StrategyItem.objects.count(), before)
        item.refresh_from_db()
        self.assertEqual(item.title, "Змінено адміністратором")


@override_settings(PLANWATCH_SAMPLES_DIR=SHARED / "samples")
@override_settings(PLANWATCH_SAMPLES_DIR=SHARED / "samples")
class GoalPhrasingsTestCase(TestCase):
    """The product's suggester reads the goals' phrasings (`strategy.phrases`) for the
    2024–2028 Strategy: every operational goal in the database has some, and a measure in a
    community's words that shares no word with its goal's title or tasks finds the goal."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_strategy", stdout=StringIO())

    def test_every_operational_goal_has_phrasings_and_the_suggester_reads_them(self):
        from planwatch.strategy.crosswalk import build_suggester
        from planwatch.strategy.phrases import goal_phrases

        document = StrategyDocument.objects.get(code="strategy-2024-2028")
        goals = StrategyItem.objects.filter(document=document, level="operational_goal")
        phrases = goal_phrases(document.code)
        self.assertEqual({g.number for g in goals}, set(phrases))
        suggester = build_suggester(document)
        headings = {t.key: t.headings for t in suggester.targets}
        for goal in goals:
            self.assertTrue(set(phrases[goal.number]) <= set(headings[goal.pk]), goal.number)
        funding = goals.get(number="6.4")
        text = "подати дві грантові заявки до благодійних фондів на облаштування кімнати для сімей"
        self.assertEqual(suggester.suggest(text)[0].key, funding.pk)
        self.assertEqual(goal_phrases("national-strategy-2017-2026"), {})


class LoadStrategyQueueTestCase(TestCase):
    def test_plans_processed_before_the_reference_existed_are_queued_again(self):
        from planwatch.orgs.models import OrgKind
        from planwatch.strategy.crosswalk import pending_revisions, suggest_crosswalk
        from tests.support.factory import make_org, make_plan

        plan = make_plan(make_org("Громада", OrgKind.COMMUNITY))
        suggest_crosswalk(plan.current_revision)
        self.assertEqual(list(pending_revisions()), [])
        call_command("load_strategy", stdout=StringIO())
        self.assertEqual(list(pending_revisions()), [plan.current_revision])
        call_command("load_strategy", stdout=StringIO())  # nothing new: the queue stays
        suggest_crosswalk(plan.current_revision)
        call_command("load_strategy", stdout=StringIO())
        self.assertEqual(list(pending_revisions()), [])


class AddedFromMigrationTestCase(TestCase):
    def test_an_english_note_becomes_the_bare_source_and_other_notes_stay(self):
        from importlib import import_module

        from django.apps import apps

        migration = import_module("planwatch.strategy.migrations.0006_added_from")
        document = StrategyDocument.objects.create(
            code="s", title="Стратегія", short_title="Стратегія"
        )
        old = StrategyItem.objects.create(
            document=document, level=Level.TASK, number="1", title="А", note="added from 002.docx"
        )
        own = StrategyItem.objects.create(
            document=document, level=Level.TASK, number="2", title="Б", note="уточнено вручну"
        )
        migration.notes_to_sources(apps, None)
        old.refresh_from_db()
        own.refresh_from_db()
        self.assertEqual((old.note, old.added_from), ("", "002.docx"))
        self.assertEqual((own.note, own.added_from), ("уточнено вручну", ""))
