from planwatch.orgs.models import Role
from planwatch.strategy.models import Source
from tests.support.factory import make_user
from tests.support.strategy_base import (
    StrategyBaseTestCase,
    own_words_plan_dict,
    publish_linked,
)


class ReviewTestCase(StrategyBaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other_coordinator = make_user(
            "other-coordinator", cls.other_community, Role.COORDINATOR
        )

    def setUp(self):
        self.login(self.other_coordinator)

    def url(self, plan=None, **params):
        return f"/strategy/review/{(plan or self.own).pk}/"

    def test_it_lists_measures_with_their_suggestions_chosen_and_ticked(self):
        response = self.client.get(self.url())
        rows = response.context["rows"]
        self.assertEqual(len(rows), 4)
        first = rows[0]
        self.assertEqual(first["choice"].value(), self.item("1.1").pk)
        self.assertTrue(first["accept"].value())

    def test_it_confirms_ticked_rows_in_bulk_with_changes(self):
        measures = list(self.own.current_revision.measures.order_by("position"))
        data = {f"item_{m.pk}": self.item("1.1").pk for m in measures}
        data.update({f"accept_{m.pk}": "on" for m in measures[:3]})
        data[f"item_{measures[1].pk}"] = self.item("2.1").pk  # a coordinator's change
        response = self.client.post(self.url(), data)
        self.assertEqual(response.status_code, 302)
        firm = [
            list(
                m.strategy_links.filter(source=Source.CONFIRMED).values_list(
                    "item__number", flat=True
                )
            )
            for m in measures
        ]
        self.assertEqual(firm, [["1.1"], ["2.1"], ["1.1"], []])
        remaining = self.client.get(self.url()).context["rows"]
        self.assertEqual([r["measure"] for r in remaining], [measures[3]])

    def test_someone_who_cannot_edit_the_plan_gets_not_found(self):
        self.client.logout()
        self.login(self.reviewer)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.client.logout()
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url(self.printed)).status_code, 404)

    def test_its_query_count_does_not_grow_with_the_data(self):
        self.client.get(self.url())
        with self.assertNumQueries(9) as small:
            self.client.get(self.url())
        big = publish_linked(self.other_community, own_words_plan_dict("Великий", copies=5))
        with self.assertNumQueries(len(small.captured_queries)):
            response = self.client.get(self.url(big))
        self.assertEqual(len(response.context["rows"]), 20)

    def test_ticked_with_no_goal_means_nothing_fits_and_is_not_offered_again(self):
        from planwatch.strategy.crosswalk import suggest_crosswalk

        first = self.own.current_revision.measures.order_by("position").first()
        offered = set(
            first.strategy_links.filter(source=Source.SUGGESTED).values_list("item_id", flat=True)
        )
        response = self.client.post(
            self.url(), {f"accept_{first.pk}": "on", f"item_{first.pk}": ""}
        )
        self.assertEqual(response.status_code, 302)
        rows = self.client.get(self.url()).context["rows"]
        self.assertNotIn(first, [r["measure"] for r in rows])
        suggest_crosswalk(self.own.current_revision)
        again = set(
            first.strategy_links.filter(source=Source.SUGGESTED).values_list("item_id", flat=True)
        )
        self.assertFalse(again & offered)
        self.assertEqual(first.strategy_links.filter(source=Source.REJECTED).count(), 3)
