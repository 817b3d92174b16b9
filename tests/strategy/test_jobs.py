"""Publishing queues the Strategy suggestions; the report worker makes them; the plan page says
where they are; every measure gets an answer (top-3, or "no goal fits well")."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.management import call_command

from planwatch.orgs.models import Role
from planwatch.strategy import jobs
from planwatch.strategy.crosswalk import Fit, fit_of
from planwatch.strategy.models import Crosswalk, CrosswalkJob, CrosswalkRun, JobStatus, Source
from tests.support.factory import make_measure_dict, make_plan, make_user
from tests.support.strategy_base import StrategyBaseTestCase, own_words_plan_dict

# A deed no goal of the test Strategy is about.
OFF_TOPIC = "ремонт покрівлі адміністративної будівлі та заміна вікон у приміщенні архіву"


def off_topic_plan_dict() -> dict:
    doc = own_words_plan_dict()
    doc["nodes"].append(
        {
            "kind": "task",
            "number": "5",
            "title": "Господарські питання",
            "children": [],
            "measures": [make_measure_dict(9, text=OFF_TOPIC)],
        }
    )
    return doc


class SuggestionJobTestCase(StrategyBaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.editor = make_user("jobs-coordinator", cls.other_community, Role.COORDINATOR)

    def publish(self):
        return make_plan(self.other_community, doc=off_topic_plan_dict(), user=self.editor)

    def work(self) -> str:
        out = io.StringIO()
        call_command("run_report_jobs", stdout=out)
        return out.getvalue()

    def test_publishing_queues_one_job_and_the_report_worker_makes_the_suggestions(self):
        plan = self.publish()
        revision = plan.current_revision
        job = CrosswalkJob.objects.get(revision=revision)
        self.assertEqual(job.status, JobStatus.QUEUED)
        self.assertFalse(Crosswalk.objects.filter(measure__revision=revision).exists())
        self.assertIn("done", self.work())
        job.refresh_from_db()
        self.assertEqual(job.status, JobStatus.DONE)
        self.assertIsNotNone(job.seconds)
        self.assertTrue(CrosswalkRun.objects.filter(revision=revision).exists())

    def test_every_measure_gets_three_ranked_goals_or_an_explicit_no_fit(self):
        revision = self.publish().current_revision
        self.work()
        for measure in revision.measures.all():
            links = list(measure.strategy_links.filter(source=Source.SUGGESTED).order_by("rank"))
            self.assertEqual([link.rank for link in links], [1, 2, 3], measure.text)
            self.assertTrue(all(link.similarity is not None for link in links))
            fit = fit_of(links[0])
            if measure.text == OFF_TOPIC:
                self.assertEqual(fit, Fit.NONE)
            else:
                self.assertNotEqual(fit, Fit.NONE, measure.text)

    def test_the_plan_page_says_preparing_then_links_to_the_review(self):
        plan = self.publish()
        self.login(self.editor)
        page = self.client.get(f"/plans/{plan.pk}/").content.decode()
        self.assertIn("Пропозиції відповідності Стратегії готуються", page)
        # the plan's toolbar always links to the review; the status card only once ready
        card = page.split('id="strategy-status"', 1)[1].split("</div>", 1)[0]
        self.assertNotIn(f"/strategy/review/{plan.pk}/", card)
        self.work()
        page = self.client.get(f"/plans/{plan.pk}/").content.decode()
        self.assertNotIn("готуються", page)
        self.assertIn(f"/strategy/review/{plan.pk}/", page)
        self.assertIn("жодна ціль не підходить добре", page)

    def test_the_review_marks_no_fit_rows_and_does_not_preselect_them(self):
        plan = self.publish()
        self.work()
        self.login(self.editor)
        response = self.client.get(f"/strategy/review/{plan.pk}/")
        rows = {row["measure"].text: row for row in response.context["rows"]}
        off = rows[OFF_TOPIC]
        self.assertEqual(off["fit"], Fit.NONE)
        self.assertIsNone(off["choice"].value())
        self.assertFalse(off["accept"].value())
        self.assertEqual(len(off["links"]["suggested"]), 3)  # the best candidates, shown
        self.assertContains(response, "жодна ціль не підходить добре")

    def test_the_review_without_suggestions_does_not_claim_a_best_one_is_chosen(self):
        plan = self.publish()
        self.login(self.editor)
        response = self.client.get(f"/strategy/review/{plan.pk}/")
        self.assertNotContains(response, "Найкраща пропозиція вже вибрана")
        self.assertContains(response, "Пропозиції відповідності Стратегії готуються")

    def test_a_job_for_a_revision_a_batch_already_processed_does_no_work_twice(self):
        plan = self.publish()
        revision = plan.current_revision
        call_command("suggest_crosswalk", stdout=io.StringIO())
        before = set(Crosswalk.objects.filter(measure__revision=revision).values_list("pk"))
        self.work()
        after = set(Crosswalk.objects.filter(measure__revision=revision).values_list("pk"))
        self.assertEqual(before, after)  # not deleted and made again
        self.assertEqual(CrosswalkJob.objects.get(revision=revision).status, JobStatus.DONE)

    def test_a_failing_job_fails_alone_and_the_page_says_so(self):
        plan = self.publish()
        CrosswalkJob.objects.filter(revision=plan.current_revision).update(
            status=JobStatus.RUNNING,
            attempts=3,
            started_at=jobs.timezone.now() - timedelta(hours=1),
        )
        self.work()
        job = CrosswalkJob.objects.get(revision=plan.current_revision)
        self.assertEqual(job.status, JobStatus.FAILED)
        self.login(self.editor)
        page = self.client.get(f"/plans/{plan.pk}/").content.decode()
        self.assertIn("не вдалося", page.lower())


class ReSuggestAfterEditTestCase(StrategyBaseTestCase):
    """A coordinator rewords a measure: its suggestions are made again (queued as on publish),
    unless a person already confirmed its goal."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.editor = make_user("edit-coordinator", cls.other_community, Role.COORDINATOR)

    publish = SuggestionJobTestCase.publish
    work = SuggestionJobTestCase.work

    def edit_text(self, plan, measure, text: str):
        self.login(self.editor)
        response = self.client.post(
            f"/plans/{plan.pk}/measures/{measure.pk}/edit/",
            {
                "number": measure.number,
                "text": text,
                "deadline": measure.deadline_text,
                "funding": measure.funding_text,
                "executors": measure.executors_text,
                "indicator": measure.indicator_text,
                "version": measure.version,
            },
        )
        self.assertEqual(response.status_code, 302)

    def suggested(self, measure) -> list:
        return list(
            measure.strategy_links.filter(source=Source.SUGGESTED)
            .order_by("rank")
            .values_list("item_id", "similarity")
        )

    def test_rewording_a_measure_queues_new_suggestions_that_follow_the_new_text(self):
        plan = self.publish()
        revision = plan.current_revision
        self.work()
        measure = revision.measures.exclude(text=OFF_TOPIC).order_by("position").first()
        before = self.suggested(measure)
        self.assertNotEqual(fit_of(measure.strategy_links.get(rank=1)), Fit.NONE)
        self.edit_text(plan, measure, OFF_TOPIC + " у приміщенні старостату")
        job = CrosswalkJob.objects.filter(revision=revision).latest("pk")
        self.assertEqual(job.status, JobStatus.QUEUED)
        self.work()
        after = self.suggested(measure)
        self.assertNotEqual(before, after)
        self.assertEqual(fit_of(measure.strategy_links.get(rank=1)), Fit.NONE)

    def test_editing_only_the_deadline_queues_nothing(self):
        plan = self.publish()
        self.work()
        measure = plan.current_revision.measures.order_by("position").first()
        jobs_before = CrosswalkJob.objects.count()
        self.login(self.editor)
        self.client.post(
            f"/plans/{plan.pk}/measures/{measure.pk}/edit/",
            {
                "number": measure.number,
                "text": measure.text,
                "deadline": "2027 рік",
                "funding": measure.funding_text,
                "executors": measure.executors_text,
                "indicator": measure.indicator_text,
                "version": measure.version,
            },
        )
        measure.refresh_from_db()
        self.assertEqual(measure.deadline_text, "2027 рік")
        self.assertEqual(CrosswalkJob.objects.count(), jobs_before)

    def test_a_confirmed_goal_is_kept_and_nothing_is_queued(self):
        plan = self.publish()
        self.work()
        measure = plan.current_revision.measures.exclude(text=OFF_TOPIC).first()
        best = measure.strategy_links.get(rank=1)
        Crosswalk.objects.filter(measure=measure, source=Source.SUGGESTED).delete()
        Crosswalk.objects.create(
            measure=measure, item=best.item, source=Source.CONFIRMED, confirmed_by=self.editor
        )
        jobs_before = CrosswalkJob.objects.count()
        self.edit_text(plan, measure, measure.text + " (уточнено)")
        self.assertEqual(CrosswalkJob.objects.count(), jobs_before)
        self.work()
        self.assertEqual(
            list(measure.strategy_links.values_list("item_id", "source")),
            [(best.item_id, Source.CONFIRMED)],
        )
