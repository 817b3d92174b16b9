from io import StringIO

from django.core.management import call_command

from planwatch.strategy.crosswalk import confirm, pending_revisions, suggest_crosswalk
from planwatch.strategy.models import Crosswalk, CrosswalkRun, Source
from tests.support.factory import make_plan
from tests.support.strategy_base import StrategyBaseTestCase, own_words_plan_dict


class ExplicitLinksTestCase(StrategyBaseTestCase):
    def test_it_links_the_headings_a_plan_prints(self):
        links = Crosswalk.objects.filter(
            node__revision=self.printed.current_revision, source=Source.EXPLICIT
        )
        self.assertEqual(
            sorted(link.item.number for link in links),
            ["1", "1.1", "1.1.1", "1.2", "1.2.1", "2", "2.1", "2.1.1", "2.2", "2.2.1"],
        )

    def test_it_links_each_measure_to_the_task_it_is_printed_under(self):
        measure = self.printed.current_revision.measures.order_by("position").first()
        link = measure.strategy_links.get()
        self.assertEqual((link.item.number, link.source), ("1.1.1", Source.EXPLICIT))

    def test_measures_under_printed_headings_get_no_suggestions(self):
        self.assertFalse(
            Crosswalk.objects.filter(
                measure__revision=self.printed.current_revision, source=Source.SUGGESTED
            ).exists()
        )


class SuggestionsTestCase(StrategyBaseTestCase):
    def suggestions(self, measure):
        return list(measure.strategy_links.filter(source=Source.SUGGESTED).order_by("rank"))

    def test_it_suggests_three_goals_per_measure_best_first(self):
        for measure in self.own.current_revision.measures.all():
            ranked = self.suggestions(measure)
            self.assertEqual([s.rank for s in ranked], [1, 2, 3])
            self.assertGreaterEqual(ranked[0].score, ranked[1].score)

    def test_the_best_suggestion_is_the_goal_of_the_same_deed_elsewhere(self):
        best = [
            self.suggestions(m)[0].item.number
            for m in self.own.current_revision.measures.order_by("position")
        ]
        self.assertEqual(best, ["1.1", "1.2", "2.1", "2.2"])

    def test_confirming_replaces_the_suggestions_with_a_firm_link(self):
        measure = self.own.current_revision.measures.order_by("position").first()
        confirm(measure, self.item("1.2"), self.coordinator)
        links = list(measure.strategy_links.all())
        self.assertEqual(len(links), 1)
        self.assertEqual((links[0].item.number, links[0].source), ("1.2", Source.CONFIRMED))
        self.assertEqual(links[0].confirmed_by, self.coordinator)

    def test_a_rerun_keeps_what_a_person_confirmed(self):
        measure = self.own.current_revision.measures.order_by("position").first()
        confirm(measure, self.item("2.2"), self.coordinator)
        suggest_crosswalk(self.own.current_revision)
        self.assertEqual(
            list(measure.strategy_links.values_list("item__number", "source")),
            [("2.2", Source.CONFIRMED)],
        )


class CrosswalkQueueTestCase(StrategyBaseTestCase):
    def test_the_command_works_through_unprocessed_plans_once(self):
        plan = make_plan(self.community, doc=own_words_plan_dict("Ще один план"))
        self.assertIn(plan.current_revision, pending_revisions())
        call_command("suggest_crosswalk", stdout=StringIO())
        self.assertTrue(CrosswalkRun.objects.filter(revision=plan.current_revision).exists())
        self.assertEqual(list(pending_revisions()), [])
        self.assertTrue(Crosswalk.objects.filter(measure__revision=plan.current_revision).exists())


class EvidenceTestCase(StrategyBaseTestCase):
    def test_a_measure_is_read_from_its_text_and_indicator_not_its_own_heading(self):
        from planwatch.strategy.crosswalk import document_index, plan_measures
        from planwatch.strategy.evidence import read

        revision = self.own.current_revision
        measure = revision.measures.first()
        (row,) = plan_measures(revision, [measure])
        reading = read(row, document_index(self.document))
        self.assertEqual(row.headings[-1], measure.node.title)
        self.assertTrue(reading.text.startswith(measure.text))
        self.assertNotIn(measure.node.title, reading.text)
        self.assertEqual(reading.hint, measure.node.title)

    def test_a_printed_strategy_heading_answers_the_measure_whatever_its_kind(self):
        from planwatch.strategy.crosswalk import document_index, plan_measures
        from planwatch.strategy.evidence import read

        revision = self.printed.current_revision
        measure = revision.measures.order_by("position").first()
        (row,) = plan_measures(revision, [measure])
        reading = read(row, document_index(self.document))
        self.assertEqual(reading.explicit_goal, self.item("1.1").pk)


class ItemPageTestCase(StrategyBaseTestCase):
    def setUp(self):
        self.login(self.reviewer)

    def test_it_lists_what_visible_plans_do_for_a_goal_and_its_tasks(self):
        response = self.client.get(f"/strategy/items/{self.item('2.1').pk}/")
        self.assertContains(response, "первинний відбір кандидатів у патронатні вихователі")
        self.assertEqual(len(response.context["links"]), 2)

    def test_its_query_count_does_not_grow_with_the_data(self):
        from tests.support.strategy_base import publish_linked, strategy_plan_dict

        url = f"/strategy/items/{self.item('2.1').pk}/"
        self.client.get(url)
        with self.assertNumQueries(7) as small:
            self.client.get(url)
        publish_linked(self.other_community, strategy_plan_dict("Ще план", copies=3))
        with self.assertNumQueries(len(small.captured_queries)):
            response = self.client.get(url)
        self.assertEqual(len(response.context["links"]), 8)
