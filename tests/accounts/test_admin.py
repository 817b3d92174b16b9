from django.contrib import admin

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
