from planwatch.plans.diff import diff_revisions
from planwatch.plans.models import AuditAction, AuditEntry
from planwatch.plans.publish import publish_draft
from tests.support.base import BaseTestCase
from tests.support.factory import make_draft, make_measure_dict, make_plan_dict


class RevisionTestCase(BaseTestCase):
    def amend(self):
        """Revision 2: measure 1 reworded, measure 2 dropped, measure 3 kept, a new measure 4."""
        doc = make_plan_dict(3, title=self.plan.title)
        task = doc["nodes"][0]["children"][0]
        task["measures"][0]["deadline"] = {"text": "2025-2028 роки"}
        task["measures"].pop(1)
        task["measures"].append(make_measure_dict(4, text="зовсім новий захід про наставництво"))
        draft = make_draft(self.community, doc, user=self.coordinator, plan=self.plan)
        return publish_draft(draft, self.coordinator)

    def test_an_amended_plan_is_a_new_revision_of_the_same_plan(self):
        revision = self.amend()
        self.plan.refresh_from_db()
        self.assertEqual((revision.plan, revision.number), (self.plan, 2))
        self.assertEqual(self.plan.current_revision, revision)
        self.assertEqual(self.plan.revisions.filter(is_current=True).count(), 1)
        self.assertTrue(AuditEntry.objects.filter(action=AuditAction.REVISED).exists())

    def test_the_diff_shows_added_removed_and_changed_measures(self):
        old, new = self.revision, self.amend()
        diff = diff_revisions(old, new)
        self.assertEqual([m.text for m in diff.added], ["зовсім новий захід про наставництво"])
        self.assertEqual([m.number for m in diff.removed], ["2)"])
        self.assertEqual([c.fields for c in diff.changed], [["deadline_text"]])
        self.assertEqual(diff.unchanged, 1)

    def test_each_measure_links_to_its_earlier_self(self):
        old, new = self.revision, self.amend()
        kept = new.measures.get(number="3)")
        self.assertEqual(kept.previous, old.measures.get(number="3)"))
        self.login(self.coordinator)
        response = self.client.get(f"/plans/{self.plan.pk}/measures/{kept.pk}/")
        self.assertContains(response, f"/plans/{self.plan.pk}/measures/{kept.previous_id}/")

    def test_the_diff_page_renders(self):
        self.amend()
        self.login(self.reviewer)
        response = self.client.get(f"/plans/{self.plan.pk}/revisions/2/diff/")
        self.assertContains(response, "зовсім новий захід про наставництво")
        self.assertEqual(
            self.client.get(f"/plans/{self.plan.pk}/revisions/1/diff/").status_code, 404
        )

    def test_search_finds_only_the_current_revision(self):
        self.amend()
        self.login(self.coordinator)
        response = self.client.get("/plans/search/", {"q": "захід номер 3"})
        self.assertEqual(response.context["page"].paginator.count, 1)

    def test_earlier_revisions_are_readable_but_not_editable(self):
        old = self.revision
        self.amend()
        self.login(self.coordinator)
        m = old.measures.first()
        self.assertEqual(self.client.get(f"/plans/{self.plan.pk}/?r=1").status_code, 200)
        response = self.client.post(
            f"/plans/{self.plan.pk}/measures/{m.pk}/edit/", {"text": "спроба"}
        )
        m.refresh_from_db()
        self.assertNotEqual(m.text, "спроба")
        self.assertEqual(response.status_code, 302)
