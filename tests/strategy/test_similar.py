from planwatch.strategy.models import SimilarMeasure
from planwatch.strategy.similar import refresh_all
from tests.support.factory import make_org
from tests.support.strategy_base import (
    StrategyBaseTestCase,
    own_words_plan_dict,
    publish_linked,
    strategy_plan_dict,
)


class SimilarMeasuresTestCase(StrategyBaseTestCase):
    def setUp(self):
        self.login(self.coordinator)

    def measure(self, plan, position=1):
        return plan.current_revision.measures.get(position=position)

    def page(self, plan, measure):
        return self.client.get(f"/plans/{plan.pk}/measures/{measure.pk}/")

    def test_it_finds_the_same_deed_in_another_plan(self):
        inclusion = self.measure(self.printed, 3)  # "облаштування ресурсних кімнат …"
        others = list(
            SimilarMeasure.objects.filter(measure=inclusion).values_list("other_id", flat=True)
        )
        self.assertEqual(others[0], self.measure(self.own, 2).pk)

    def test_it_never_offers_a_measure_of_the_same_plan(self):
        plan_of = dict(
            SimilarMeasure.objects.values_list("measure_id", "measure__revision__plan_id")
        )
        for link in SimilarMeasure.objects.select_related("other__revision"):
            self.assertNotEqual(link.other.revision.plan_id, plan_of[link.measure_id])

    def test_the_measure_page_shows_similar_measures_and_their_owner(self):
        response = self.page(self.printed, self.measure(self.printed, 3))
        self.assertContains(response, "Схожі заходи в інших планах")
        self.assertContains(response, "ресурсних кімнат у школах громади")
        self.assertContains(response, self.other_community.name)

    def test_the_measure_page_shows_its_strategy_links(self):
        response = self.page(self.printed, self.measure(self.printed, 1))
        self.assertContains(response, "1.1.1. Забезпечення доступу сімей")

    def test_measures_of_plans_the_user_may_not_open_stay_hidden(self):
        self.own.is_public = False
        self.own.save(update_fields=["is_public"])
        response = self.page(self.printed, self.measure(self.printed, 3))
        self.assertNotContains(response, "ресурсних кімнат у школах громади")

    def test_a_full_refresh_gives_the_same_neighbours(self):
        before = list(
            SimilarMeasure.objects.order_by("measure", "rank").values_list("measure", "other")
        )
        refresh_all()
        after = list(
            SimilarMeasure.objects.order_by("measure", "rank").values_list("measure", "other")
        )
        self.assertEqual(before, after)

    def test_the_measure_page_query_count_does_not_grow_with_the_data(self):
        measure = self.measure(self.printed, 3)
        self.page(self.printed, measure)
        with self.assertNumQueries(13) as small:
            self.page(self.printed, measure)
        far = make_org("Гамівська сільська рада", parent=self.district)
        for n in range(3):
            publish_linked(far, own_words_plan_dict(f"План {n}", copies=2))
            publish_linked(far, strategy_plan_dict(f"План з Стратегією {n}"))
        self.assertEqual(SimilarMeasure.objects.filter(measure=measure).count(), 5)
        with self.assertNumQueries(len(small.captured_queries)):
            self.page(self.printed, measure)

    def test_a_new_revision_takes_the_place_of_the_old_one_in_others_lists(self):
        from planwatch.strategy.crosswalk import suggest_crosswalk
        from tests.support.factory import make_draft

        old_ids = set(self.own.current_revision.measures.values_list("pk", flat=True))
        draft = make_draft(
            self.other_community, own_words_plan_dict("Нова редакція"), plan=self.own
        )
        from planwatch.plans.publish import publish_draft

        revision = publish_draft(draft, None)
        suggest_crosswalk(revision)
        inclusion = self.measure(self.printed, 3)
        others = set(
            SimilarMeasure.objects.filter(measure=inclusion).values_list("other_id", flat=True)
        )
        self.assertFalse(others & old_ids)
        self.assertTrue(others & set(revision.measures.values_list("pk", flat=True)))

    def test_lemmas_are_cached_and_follow_an_edited_text(self):
        from planwatch.strategy.models import MeasureTerms
        from planwatch.strategy.similar import current_index

        measure = self.measure(self.own, 1)
        self.assertIn("інформування", MeasureTerms.objects.get(measure=measure).terms)
        measure.text = "облаштування спортивних майданчиків"
        measure.save(update_fields=["text"])
        current_index()
        self.assertEqual(
            MeasureTerms.objects.get(measure=measure).terms, "облаштування спортивний майданчик"
        )
