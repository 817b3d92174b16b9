from planwatch.plans import document as docs
from planwatch.plans.models import DraftStatus, ImportDraft, Measure, Plan
from tests.support.base import BaseTestCase
from tests.support.factory import make_draft, make_measure_dict, make_plan_dict


class ReviewTestCase(BaseTestCase):
    def setUp(self):
        doc = make_plan_dict(3, title="Новий план громади")
        doc["nodes"][0]["children"][0]["measures"][1]["warnings"] = ["deadline not understood"]
        doc["warnings"] = [{"line": 4, "message": "row split by a page break; merged"}]
        self.draft = make_draft(self.community, doc, user=self.coordinator)
        self.login(self.coordinator)

    def url(self, tail: str = "") -> str:
        return f"/plans/import/{self.draft.pk}/{tail}"

    def reload(self) -> dict:
        self.draft.refresh_from_db()
        return self.draft.document

    def measure(self, uid: str) -> dict:
        return docs.find_measure(self.reload(), uid)[0]

    def test_the_review_page_lists_every_warning(self):
        response = self.client.get(self.url())
        self.assertContains(response, "deadline not understood")
        self.assertContains(response, "row split by a page break")

    def test_correcting_a_measure_saves_the_text_and_clears_its_warning(self):
        response = self.client.post(
            self.url("m/m2/edit/"),
            {
                "number": "2)",
                "text": "виправлений текст заходу",
                "deadline": "2025 рік",
                "funding": "місцевий бюджет",
                "executors": "служба у справах дітей",
                "indicator": "",
            },
        )
        self.assertRedirects(response, self.url() + "#m2")
        measure = self.measure("m2")
        self.assertEqual(measure["text"], "виправлений текст заходу")
        self.assertEqual(measure["deadline"]["text"], "2025 рік")
        self.assertNotIn("deadline not understood", measure["warnings"])

    def test_an_empty_measure_text_is_refused_next_to_the_field(self):
        response = self.client.post(self.url("m/m2/edit/"), {"text": "   "})
        self.assertEqual(response.status_code, 200)
        self.assertIn("text", response.context["form"].errors)
        self.assertNotEqual(self.measure("m2")["text"], "")

    def test_a_measure_moves_under_another_heading(self):
        self.client.post(self.url("m/m3/move/"), {"node": "n1"})
        goal = docs.find_node(self.reload(), "n1")
        self.assertEqual([m["uid"] for m in goal["measures"]], ["m3"])

    def test_moving_under_an_unknown_heading_changes_nothing(self):
        before = self.reload()
        self.client.post(self.url("m/m3/move/"), {"node": "n99"})
        self.assertEqual(self.reload(), before)

    def test_two_rows_merge_into_one_measure(self):
        self.client.post(self.url("m/m1/merge/"))
        task = docs.find_node(self.reload(), "n2")
        self.assertEqual(len(task["measures"]), 2)
        self.assertIn("захід номер 2", self.measure("m1")["text"])

    def test_the_last_measure_has_nothing_to_merge_with(self):
        response = self.client.post(self.url("m/m3/merge/"), follow=True)
        levels = [m.level_tag for m in response.context["messages"]]
        self.assertEqual(levels, ["error"])
        self.assertEqual(len(docs.find_node(self.reload(), "n2")["measures"]), 3)

    def test_a_measure_splits_in_two(self):
        self.client.post(
            self.url("m/m1/split/"),
            {"first": "перша частина", "second": "друга частина", "number": "1а)"},
        )
        task = docs.find_node(self.reload(), "n2")
        self.assertEqual(
            [m["text"] for m in task["measures"][:2]], ["перша частина", "друга частина"]
        )

    def test_a_split_without_a_second_part_is_refused(self):
        response = self.client.post(self.url("m/m1/split/"), {"first": "лише одна", "second": ""})
        self.assertIn("second", response.context["form"].errors)
        self.assertEqual(len(docs.find_node(self.reload(), "n2")["measures"]), 3)

    def test_a_warning_can_be_dismissed(self):
        self.client.post(self.url("warnings/dismiss/"), {"index": 0})
        self.assertEqual(self.reload()["warnings"], [])

    def test_an_executor_is_mapped_to_an_existing_organisation(self):
        response = self.client.get(self.url())
        rows = response.context["executor_form"].rows()
        self.assertEqual(len(rows), 1)
        self.client.post(self.url("executors/"), {"org_0": str(self.service.pk)})
        self.draft.refresh_from_db()
        self.assertEqual(list(self.draft.executor_map.values()), [str(self.service.pk)])

    def test_a_mapping_to_a_foreign_organisation_is_refused(self):
        response = self.client.post(self.url("executors/"), {"org_0": str(self.other_community.pk)})
        self.assertEqual(response.status_code, 400)

    def test_publish_creates_the_plan_in_one_go(self):
        response = self.client.post(self.url("publish/"))
        plan = Plan.objects.get(title="Новий план громади")
        self.assertRedirects(response, f"/plans/{plan.pk}/")
        self.assertEqual(plan.current_revision.measures.count(), 3)
        self.reload()
        self.assertEqual(self.draft.status, DraftStatus.PUBLISHED)
        link = Measure.objects.filter(revision__plan=plan).first().executor_links.get()
        self.assertEqual(link.organization, self.service)

    def test_a_published_draft_cannot_be_published_twice(self):
        self.client.post(self.url("publish/"))
        self.assertEqual(self.client.post(self.url("publish/")).status_code, 404)

    def test_a_failing_publish_leaves_nothing_behind(self):
        from unittest import mock

        plans_before, measures_before = Plan.objects.count(), Measure.objects.count()
        with mock.patch("planwatch.plans.publish.link_previous", side_effect=RuntimeError):
            self.draft.plan = self.plan
            self.draft.save()
            with self.assertRaises(RuntimeError):
                self.client.post(self.url("publish/"))
        self.assertEqual(
            (Plan.objects.count(), Measure.objects.count()), (plans_before, measures_before)
        )
        self.reload()
        self.assertEqual(self.draft.status, DraftStatus.PENDING)

    def test_discard_closes_the_draft(self):
        self.client.post(self.url("discard/"))
        self.reload()
        self.assertEqual(self.draft.status, DraftStatus.DISCARDED)
        self.assertEqual(self.client.get(self.url()).status_code, 404)

    def test_others_cannot_see_or_change_the_draft(self):
        for user in (self.outsider, self.reviewer, self.executor):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url()).status_code, 404, user)
            self.assertEqual(self.client.post(self.url("publish/")).status_code, 404, user)
        self.assertEqual(ImportDraft.objects.get(pk=self.draft.pk).status, DraftStatus.PENDING)


class DocumentEditsTestCase(BaseTestCase):
    def test_split_executors_marks_partners_by_consent(self):
        orgs = docs.split_executors("служба у справах дітей, ювенальна поліція (за згодою)")
        self.assertEqual([o["by_consent"] for o in orgs], [False, True])
        self.assertEqual(orgs[1]["name"], "ювенальна поліція")

    def test_prepare_gives_every_measure_a_uid_and_every_cell_a_text(self):
        doc = {"nodes": [{"kind": "task", "measures": [{"text": "x", "deadline": None}]}]}
        docs.prepare(doc)
        measure = doc["nodes"][0]["measures"][0]
        self.assertEqual(measure["uid"], "m1")
        self.assertEqual(measure["deadline"], {"text": ""})

    def test_make_measure_dict_is_a_valid_measure(self):
        self.assertEqual(make_measure_dict(1)["number"], "1)")


class RenormalizeTestCase(BaseTestCase):
    def test_a_corrected_deadline_gets_dates_again(self):
        doc = docs.prepare(make_plan_dict(1))
        docs.edit_measure(doc, "m1", {"deadline": "2027 рік"})
        deadline = docs.find_measure(doc, "m1")[0]["deadline"]
        self.assertEqual(deadline["end"][:4], "2027")

    def test_a_correction_does_not_bring_back_warnings_about_untouched_cells(self):
        doc = make_plan_dict(1)
        measure = doc["nodes"][0]["children"][0]["measures"][0]
        measure["executors"] = {"text": "КП «Центр», (за згодою)"}
        docs.prepare(doc)
        docs.renormalize(measure)  # as the importer would: the lone "(за згодою)" warning
        self.assertTrue(measure["warnings"])
        docs.edit_measure(doc, "m1", {"text": "виправлений текст"})
        self.assertEqual(measure["warnings"], [])
