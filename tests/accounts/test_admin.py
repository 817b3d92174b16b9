from django.contrib import admin

from planwatch.lib.admin_a11y import LabelledRowsFormSet
from planwatch.orgs.models import Organization
from tests.support.base import BaseTestCase
from tests.support.factory import make_user


class AdminTestCase(BaseTestCase):
    def setUp(self):
        self.client.force_login(make_user("root", is_staff=True, is_superuser=True))

    def test_every_planwatch_model_has_a_working_admin(self):
        for model in admin.site._registry:
            if not model.__module__.startswith(("planwatch.orgs", "planwatch.plans")):
                continue
            meta = model._meta
            url = f"/admin/{meta.app_label}/{meta.model_name}/"
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)
                obj = model.objects.first()
                if obj is not None:
                    self.assertEqual(self.client.get(f"{url}{obj.pk}/change/").status_code, 200)

    def test_every_inline_row_names_its_fields(self):
        """A tabular inline's cells have no <label> (the field names are column headings):
        each input is named by field and row, in the reader's language."""
        request = self.client.get("/admin/").wsgi_request
        inlines = [
            inline
            for model_admin in admin.site._registry.values()
            for inline in model_admin.get_inline_instances(request)
        ]
        self.assertGreaterEqual(len(inlines), 5)
        for inline in inlines:
            with self.subTest(inline=type(inline).__name__):
                self.assertTrue(issubclass(inline.formset, LabelledRowsFormSet))
        url = f"/admin/orgs/organization/{self.community.pk}/change/"
        html = self.client.get(url, HTTP_ACCEPT_LANGUAGE="uk").content.decode()
        self.assertIn('name="memberships-0-role" aria-label="Роль — рядок 1"', html)
        self.assertIn('aria-label="Видалити — рядок 1"', html)
        self.assertIn('aria-label="Роль — новий рядок"', html)

    def test_date_and_time_inputs_have_labels(self):
        root = self.client.get("/admin/").wsgi_request.user
        html = self.client.get(f"/admin/auth/user/{root.pk}/change/").content.decode()
        self.assertIn('<label for="id_date_joined_0">', html)
        self.assertIn('<label for="id_date_joined_1">', html)

    def test_reparenting_in_the_admin_moves_the_subtree(self):
        data = {
            "name": self.community.name,
            "kind": "community",
            "katottg": "",
            "parent": self.oblast.pk,
            "aliases-TOTAL_FORMS": 0,
            "aliases-INITIAL_FORMS": 0,
            "memberships-TOTAL_FORMS": 0,
            "memberships-INITIAL_FORMS": 0,
        }
        response = self.client.post(f"/admin/orgs/organization/{self.community.pk}/change/", data)
        self.assertEqual(response.status_code, 302)
        # An admin edit raises the version: a rename form opened before it is now stale.
        self.assertEqual(Organization.objects.get(pk=self.community.pk).version, 1)
        service = Organization.objects.get(pk=self.service.pk)
        self.assertEqual(
            service.path, f"{self.oblast.pk:06d}/{self.community.pk:06d}/{self.service.pk:06d}/"
        )
