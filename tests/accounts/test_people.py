from unittest import mock

from django.contrib.auth import get_user_model
from django.core import mail

from planwatch.orgs.models import Membership, Role
from planwatch.orgs.people import AddPersonForm
from tests.support.base import BaseTestCase
from tests.support.factory import make_user


class PeopleTestCase(BaseTestCase):
    def setUp(self):
        self.admin = make_user("district-admin", self.district, Role.ADMIN)
        self.login(self.admin)
        self.url = f"/orgs/{self.community.pk}/people/"

    def test_an_admin_sees_the_people_below(self):
        response = self.client.get(self.url)
        self.assertContains(response, "coordinator")
        self.assertContains(response, "executor")

    def test_an_admin_gives_an_existing_user_a_role(self):
        self.client.post(
            self.url, {"username": "outsider", "role": Role.VIEWER, "org": self.community.pk}
        )
        self.assertTrue(
            Membership.objects.filter(
                user=self.outsider, org=self.community, role=Role.VIEWER
            ).exists()
        )

    def test_a_new_person_is_invited_by_email(self):
        self.client.post(
            self.url,
            {
                "username": "new-person",
                "email": "new@example.org",
                "role": Role.EXECUTOR,
                "org": self.community.pk,
            },
        )
        user = get_user_model().objects.get(username="new-person")
        self.assertTrue(Membership.objects.filter(user=user, org=self.community).exists())
        self.assertEqual(mail.outbox[0].to, ["new@example.org"])

    def test_a_new_person_without_email_is_refused_next_to_the_field(self):
        response = self.client.post(
            self.url, {"username": "ghost", "role": Role.VIEWER, "org": self.community.pk}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("email", response.context["form"].errors)
        self.assertFalse(get_user_model().objects.filter(username="ghost").exists())

    def test_a_duplicate_role_is_refused(self):
        response = self.client.post(
            self.url,
            {"username": "coordinator", "role": Role.COORDINATOR, "org": self.community.pk},
        )
        self.assertIn("role", response.context["form"].errors)

    def test_a_role_added_by_another_admin_meanwhile_is_a_message_not_an_error(self):
        """Both admins' checks pass; the second write meets the unique key: 400, not 500."""

        def checked_before_the_other_admin_wrote(form):
            form.user = get_user_model().objects.get(username="coordinator")
            return form.cleaned_data

        with mock.patch.object(AddPersonForm, "clean", checked_before_the_other_admin_wrote):
            data = {"username": "coordinator", "role": Role.COORDINATOR, "org": self.community.pk}
            response = self.client.post(self.url, data)
        self.assertContains(response, "Хтось інший щойно додав", status_code=400)
        self.assertEqual(self.coordinator.memberships.filter(role=Role.COORDINATOR).count(), 1)

    def test_an_admin_removes_a_role(self):
        membership = Membership.objects.get(user=self.coordinator)
        self.client.post(f"{self.url}{membership.pk}/remove/")
        self.assertFalse(Membership.objects.filter(pk=membership.pk).exists())

    def test_coordinators_manage_people_but_give_no_admin_role(self):
        self.login(self.coordinator)
        self.assertEqual(self.client.get(self.url).status_code, 200)
        response = self.client.post(self.url, {"username": "outsider", "role": Role.ADMIN})
        self.assertIn("role", response.context["form"].errors)
        self.assertFalse(Membership.objects.filter(user=self.outsider, role=Role.ADMIN).exists())
