import datetime as dt

from planwatch.plans.models import AuditAction, AuditEntry, Measure
from tests.support.base import BaseTestCase
from tests.support.factory import make_plan, make_plan_dict


class PlanPagesTestCase(BaseTestCase):
    def setUp(self):
        self.login(self.coordinator)

    def test_the_plan_page_shows_its_tree(self):
        response = self.client.get(f"/plans/{self.plan.pk}/")
        self.assertContains(response, "Ціль перша")
        self.assertContains(response, "захід номер 3 щодо підтримки")

    def test_the_measure_page_shows_its_headings_and_executors(self):
        m = self.first_measure()
        response = self.client.get(f"/plans/{self.plan.pk}/measures/{m.pk}/")
        self.assertContains(response, "Завдання 1")
        self.assertContains(response, self.service.name)

    def test_a_measure_of_another_plan_is_not_found_under_this_plan(self):
        other = make_plan(self.community, measures=1)
        m = other.current_revision.measures.get()
        self.assertEqual(
            self.client.get(f"/plans/{self.plan.pk}/measures/{m.pk}/").status_code, 404
        )

    def test_the_list_filters_by_text(self):
        make_plan(self.community, measures=1, title="Інший план про дозвілля")
        response = self.client.get("/plans/", {"q": "дозвілля"})
        self.assertContains(response, "Інший план про дозвілля")
        self.assertNotContains(response, self.plan.title)


class SearchTestCase(BaseTestCase):
    def setUp(self):
        self.login(self.coordinator)

    def test_it_finds_a_measure_by_words_in_any_case(self):
        response = self.client.get("/plans/search/", {"q": "ЗАХІД НОМЕР 2"})
        self.assertEqual(response.context["page"].paginator.count, 1)

    def test_it_finds_measures_by_executor(self):
        response = self.client.get("/plans/search/", {"executor": self.service.pk})
        self.assertEqual(response.context["page"].paginator.count, 3)

    def test_it_finds_measures_by_deadline_year(self):
        self.assertEqual(
            self.client.get("/plans/search/", {"year": 2026}).context["page"].paginator.count, 3
        )
        self.assertEqual(
            self.client.get("/plans/search/", {"year": 2030}).context["page"].paginator.count, 0
        )

    def test_it_filters_by_where_the_deadline_stands(self):
        response = self.client.get("/plans/search/", {"timing": "ongoing"})
        self.assertEqual(response.context["page"].paginator.count, 0)

    def test_a_bad_year_is_reported_next_to_the_field(self):
        response = self.client.get("/plans/search/", {"year": "soon"})
        self.assertIn("year", response.context["form"].errors)

    def test_it_does_not_find_measures_of_plans_the_user_cannot_see(self):
        make_plan(self.other_community, measures=1, title="Чужий план")
        response = self.client.get("/plans/search/", {"q": "захід"})
        self.assertEqual(response.context["page"].paginator.count, 3)


class EditTestCase(BaseTestCase):
    def setUp(self):
        self.login(self.coordinator)

    def test_editing_a_measure_records_who_and_what(self):
        m = self.first_measure()
        data = {
            "number": m.number,
            "text": "новий текст заходу",
            "deadline": "2027 рік",
            "funding": m.funding_text,
            "executors": m.executors_text,
            "indicator": "",
            "version": 0,
        }
        response = self.client.post(f"/plans/{self.plan.pk}/measures/{m.pk}/edit/", data)
        self.assertRedirects(response, f"/plans/{self.plan.pk}/measures/{m.pk}/")
        m.refresh_from_db()
        self.assertEqual(m.text, "новий текст заходу")
        self.assertEqual(m.deadline_end, dt.date(2027, 12, 31))  # re-normalised
        entry = AuditEntry.objects.get(action=AuditAction.MEASURE_EDITED)
        self.assertEqual(entry.user, self.coordinator)
        self.assertEqual(entry.changes["text"][1], "новий текст заходу")
        self.assertEqual(entry.changes["deadline_text"], ["2025-2026 роки", "2027 рік"])

    def test_the_history_page_shows_the_change(self):
        m = self.first_measure()
        self.client.post(
            f"/plans/{self.plan.pk}/measures/{m.pk}/edit/",
            {"text": "змінений захід", "number": "1)", "version": 0},
        )
        response = self.client.get(f"/plans/{self.plan.pk}/history/")
        self.assertContains(response, "змінений захід")
        self.assertContains(response, "coordinator")

    def test_editing_executors_relinks_them_to_organisations(self):
        m = self.first_measure()
        self.client.post(
            f"/plans/{self.plan.pk}/measures/{m.pk}/edit/",
            {"text": m.text, "executors": "відділ освіти, служба у справах дітей", "version": 0},
        )
        names = sorted(link.organization.name for link in m.executor_links.all())
        self.assertIn(self.service.name, names)
        self.assertEqual(len(names), 2)

    def test_an_empty_text_is_refused_and_nothing_changes(self):
        m = self.first_measure()
        response = self.client.post(f"/plans/{self.plan.pk}/measures/{m.pk}/edit/", {"text": ""})
        self.assertIn("text", response.context["form"].errors)
        self.assertFalse(AuditEntry.objects.filter(action=AuditAction.MEASURE_EDITED).exists())

    def test_editing_the_plan_records_the_change(self):
        response = self.client.post(
            f"/plans/{self.plan.pk}/edit/",
            {"title": "Новий заголовок", "status": "archived", "version": 0},
        )
        self.assertRedirects(response, f"/plans/{self.plan.pk}/")
        entry = AuditEntry.objects.get(action=AuditAction.PLAN_EDITED)
        self.assertEqual(entry.changes["status"], ["active", "archived"])
        self.assertEqual(entry.changes["is_public"], [True, False])

    def test_a_bad_status_is_refused_next_to_the_field(self):
        response = self.client.post(
            f"/plans/{self.plan.pk}/edit/", {"title": "x", "status": "exploded"}
        )
        self.assertIn("status", response.context["form"].errors)

    def test_a_saved_measure_is_found_by_its_new_words(self):
        m = self.first_measure()
        self.client.post(
            f"/plans/{self.plan.pk}/measures/{m.pk}/edit/",
            {"text": "унікальнеслово у заході", "version": 0},
        )
        self.assertTrue(Measure.objects.matching("УНІКАЛЬНЕСЛОВО").exists())

    def test_make_plan_dict_builds_several_tasks(self):
        self.assertEqual(len(make_plan_dict(4, tasks=2)["nodes"][0]["children"]), 2)
