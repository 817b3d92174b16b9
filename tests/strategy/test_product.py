"""Issue 22 from the database: decisions carried to the next revision, the plan's own headings
(their kind, their nesting, strategic goals alone) change no answer, and the review page
confirms in bulk and by keyboard. The pure, labelled evaluation is in test_layouts.py."""

from planwatch.orgs.models import Role
from planwatch.strategy.crosswalk import confirm, suggest_crosswalk
from planwatch.strategy.models import Crosswalk, Source
from tests.support.factory import make_user
from tests.support.strategy_base import (
    StrategyBaseTestCase,
    own_words_plan_dict,
    publish_linked,
    strategy_plan_dict,
)


class NextRevisionTestCase(StrategyBaseTestCase):
    """Issue 22: a confirmation is never asked for again for the same measure."""

    def publish_next(self, doc):
        from planwatch.plans.publish import publish_draft
        from tests.support.factory import make_draft

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
        from tests.support.factory import make_user

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


class ReviewBulkTestCase(StrategyBaseTestCase):
    """Issue 22: confirm in bulk without ticking row by row; the keyboard reaches everything."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other_coordinator = make_user(
            "other-coordinator", cls.other_community, Role.COORDINATOR
        )

    def setUp(self):
        self.login(self.other_coordinator)

    def url(self):
        return f"/strategy/review/{self.own.pk}/"

    def test_one_button_confirms_the_best_suggestion_of_every_well_fitting_row(self):
        from planwatch.strategy.crosswalk import Fit

        rows = self.client.get(self.url()).context["rows"]
        good = {
            r["measure"].pk: r["links"]["suggested"][0].item_id
            for r in rows
            if r["fit"] == Fit.GOOD
        }
        self.assertTrue(good)
        response = self.client.post(self.url(), {"bulk": "good"})
        self.assertEqual(response.status_code, 302)
        confirmed = dict(
            Crosswalk.objects.filter(
                measure__revision=self.own.current_revision, source=Source.CONFIRMED
            ).values_list("measure_id", "item_id")
        )
        self.assertEqual(confirmed, good)

    def test_the_measures_own_candidates_come_first_in_its_goal_list(self):
        response = self.client.get(self.url())
        row = response.context["rows"][0]
        html = str(row["choice"])
        first_group = html.split("<optgroup", 2)[1]
        for link in row["links"]["suggested"]:
            self.assertIn(f'value="{link.item_id}"', first_group)
        self.assertContains(response, 'data-pick="')
        self.assertContains(response, "Ctrl+Enter")
        self.assertContains(response, 'name="bulk" value="good"')
        # Enter submits with the form's first submit button: the ticked rows, not a bulk one
        page = response.content.decode()
        self.assertLess(page.index("<button>"), page.index('name="bulk"'))

    def test_a_bulk_confirmation_never_takes_a_row_where_no_goal_fits(self):
        from planwatch.strategy.crosswalk import Fit

        Crosswalk.objects.filter(
            measure__revision=self.own.current_revision, source=Source.SUGGESTED
        ).update(similarity=0.05)
        rows = self.client.get(self.url()).context["rows"]
        self.assertTrue(all(r["fit"] == Fit.NONE for r in rows))
        self.client.post(self.url(), {"bulk": "suggested"})
        self.assertFalse(
            Crosswalk.objects.filter(
                measure__revision=self.own.current_revision, source=Source.CONFIRMED
            ).exists()
        )
