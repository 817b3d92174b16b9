from io import StringIO

from django.core.management import call_command

from planwatch.strategy.crosswalk import confirm, pending_revisions, suggest_crosswalk
from planwatch.strategy.models import Crosswalk, CrosswalkRun, Source
from tests.web.factory import make_plan
from tests.web.test_strategy_base import (
    StrategyBaseTestCase,
    own_words_plan_dict,
    publish_linked,
    strategy_plan_dict,
)


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
        from tests.web.test_strategy_base import publish_linked, strategy_plan_dict

        url = f"/strategy/items/{self.item('2.1').pk}/"
        self.client.get(url)
        with self.assertNumQueries(7) as small:
            self.client.get(url)
        publish_linked(self.other_community, strategy_plan_dict("Ще план", copies=3))
        with self.assertNumQueries(len(small.captured_queries)):
            response = self.client.get(url)
        self.assertEqual(len(response.context["links"]), 8)


class NextRevisionTestCase(StrategyBaseTestCase):
    """Issue 22: a confirmation is never asked for again for the same measure."""

    def publish_next(self, doc):
        from planwatch.plans.publish import publish_draft
        from tests.web.factory import make_draft

        draft = make_draft(self.other_community, doc, plan=self.own)
        revision = publish_draft(draft, self.coordinator)
        suggest_crosswalk(revision)
        return revision

    def test_confirmed_and_rejected_measures_stay_decided_in_the_next_revision(self):
        first = list(self.own.current_revision.measures.order_by("position"))
        confirm(first[0], self.item("2.2"), self.coordinator)  # against the suggestion
        confirm(first[1], self.item("1.2"), self.coordinator)
        from planwatch.strategy.crosswalk import reject_suggestions

        reject_suggestions(first[2], self.document, self.coordinator)
        doc = own_words_plan_dict()
        # the second revision rewords one measure a little and adds one
        doc["nodes"][1]["measures"][0]["text"] += " громади"
        doc["nodes"][3]["measures"].append(
            {**doc["nodes"][3]["measures"][0], "number": "9)", "text": "новий захід про патронат"}
        )
        revision = self.publish_next(doc)
        second = list(revision.measures.order_by("position"))

        def links(measure):
            return sorted(
                measure.strategy_links.values_list("item__number", "source", "confirmed_by")
            )

        uid = self.coordinator.pk
        self.assertEqual(links(second[0]), [("2.2", Source.CONFIRMED, uid)])
        self.assertEqual(links(second[1]), [("1.2", Source.CONFIRMED, uid)])
        rejected = [s for _, s, _ in links(second[2])]
        self.assertIn(Source.REJECTED, rejected)
        self.assertNotIn(Source.CONFIRMED, rejected)
        # an undecided measure and the new one are suggested for, as before
        for measure in (second[3], second[4]):
            sources = {s for _, s, _ in links(measure)}
            self.assertEqual(sources, {Source.SUGGESTED}, measure.text)
        # the review page asks only about what is still open
        from planwatch.orgs.models import Role
        from tests.web.factory import make_user

        self.login(make_user("own-coordinator", self.other_community, Role.COORDINATOR))
        response = self.client.get(f"/strategy/review/{self.own.pk}/")
        open_texts = [r["measure"].text for r in response.context["rows"]]
        # the rejected one is offered other goals (as a rerun does in the same revision)
        self.assertEqual(open_texts, [m.text for m in second[2:]])
        offered = {n for n, s, _ in links(second[2]) if s == Source.SUGGESTED}
        refused = {n for n, s, _ in links(second[2]) if s == Source.REJECTED}
        self.assertEqual(len(refused), 3)
        self.assertFalse(offered & refused)

    def test_a_measure_reworded_beyond_recognition_is_asked_again(self):
        first = self.own.current_revision.measures.order_by("position").first()
        confirm(first, self.item("1.1"), self.coordinator)
        doc = own_words_plan_dict()
        doc["nodes"][0]["measures"][0]["text"] = "ремонт даху будинку культури"
        revision = self.publish_next(doc)
        measure = revision.measures.order_by("position").first()
        self.assertFalse(measure.strategy_links.filter(source=Source.CONFIRMED).exists())


class LayoutIndependenceTestCase(StrategyBaseTestCase):
    """Issue 22, from the database: the same measures published with their headings read as
    another kind, as one flat list, or under strategic goals only get the same answers."""

    def top3(self, plan):
        out = []
        for m in plan.current_revision.measures.order_by("position"):
            ranked = m.strategy_links.filter(source=Source.SUGGESTED).order_by("rank")
            out.append((m.text, [link.item.number for link in ranked]))
        return out

    def test_kind_and_nesting_of_the_plans_own_headings_change_nothing(self):
        base = own_words_plan_dict("Як завдання")
        as_goals = own_words_plan_dict("Як цілі")
        for node in as_goals["nodes"]:
            node["kind"] = "operational_goal"
        flat = own_words_plan_dict("Без заголовків")
        measures = [m for node in flat["nodes"] for m in node["measures"]]
        flat["nodes"] = [{**flat["nodes"][0], "title": "", "measures": measures}]
        answers = [self.top3(publish_linked(self.community, doc)) for doc in (base, as_goals, flat)]
        self.assertEqual(len(answers[0]), 4)
        self.assertTrue(all(len(ranked) == 3 for _, ranked in answers[0]))
        self.assertEqual(answers[1], answers[0])
        self.assertEqual(answers[2], answers[0])

    def test_a_printed_goal_read_as_another_kind_still_answers_its_measures(self):
        doc = strategy_plan_dict("Цілі як завдання")
        for sg in doc["nodes"]:
            for og in sg["children"]:
                og["kind"] = "task"  # e.g. a first-column layout read one level down
        plan = publish_linked(self.community, doc)
        first = plan.current_revision.measures.order_by("position").first()
        self.assertEqual(
            list(first.strategy_links.values_list("item__number", "source")),
            [("1.1.1", Source.EXPLICIT)],
        )

    def test_measures_under_a_strategic_goal_alone_get_three_goals_of_it_first(self):
        doc = strategy_plan_dict("Лише стратегічні цілі")
        for sg in doc["nodes"]:
            sg["measures"] = [
                m for og in sg["children"] for t in og["children"] for m in t["measures"]
            ]
            sg["children"] = []
        plan = publish_linked(self.community, doc)
        for m in plan.current_revision.measures.order_by("position"):
            ranked = list(m.strategy_links.filter(source=Source.SUGGESTED).order_by("rank"))
            self.assertEqual(len(ranked), 3, m.text)
            self.assertTrue(
                m.strategy_links.filter(
                    source=Source.EXPLICIT, item__number__in=["1", "2"]
                ).exists()
            )
