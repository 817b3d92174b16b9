"""A community's coordinator adds people and sub-organisations in its own subtree; newcomers
join through a Ukrainian invitation with a one-time, expiring link."""

from __future__ import annotations

import datetime as dt
import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from planwatch.orgs.models import Invitation, Membership, Organization, OrgKind, Role
from tests.support.base import BaseTestCase

NEW_PASSWORD = "Shchaslyvi-dity-2026"


class InvitationTestCase(BaseTestCase):
    def setUp(self):
        self.login(self.coordinator)

    def invite(self, username="olena", org=None, role=Role.EXECUTOR):
        org = org or self.service
        response = self.client.post(
            f"/orgs/{self.community.pk}/people/",
            {
                "username": username,
                "email": f"{username}@example.org",
                "first_name": "Олена",
                "last_name": "Петренко",
                "org": org.pk,
                "role": role,
            },
        )
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))
        return re.search(r"https?://[^/\s]+(/orgs/invitation/\S+/)", mail.outbox[-1].body).group(1)

    def accept(self, path):
        self.client.logout()
        form = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
        return self.client.post(path, form)


class CoordinatorManagesPeopleTests(InvitationTestCase):
    def test_the_coordinator_opens_the_people_of_its_own_department(self):
        self.assertEqual(self.client.get(f"/orgs/{self.service.pk}/people/").status_code, 200)

    def test_the_letter_is_ukrainian_and_says_role_and_organisation(self):
        path = self.invite()
        letter = mail.outbox[-1]
        self.assertEqual(letter.to, ["olena@example.org"])
        self.assertIn("Вас запрошено до planwatch", letter.subject)
        self.assertIn("Вас запрошено до planwatch", letter.body)
        self.assertIn("Роль: Виконавець", letter.body)
        self.assertIn("Організація: Служба у справах дітей — Альфівська сільська рада", letter.body)
        self.assertIn(path, letter.body)
        user = get_user_model().objects.get(username="olena")
        self.assertFalse(user.has_usable_password())
        self.assertTrue(Membership.objects.filter(user=user, org=self.service).exists())

    def test_the_link_sets_the_password_once(self):
        path = self.invite()
        self.assertContains(self.client.get(path), "Служба у справах дітей")
        response = self.accept(path)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.user("olena").pk)
        self.client.logout()
        self.assertTrue(self.client.login(username="olena", password=NEW_PASSWORD))
        self.client.logout()
        self.assertEqual(self.client.get(path).status_code, 404)
        self.assertEqual(self.accept(path).status_code, 404)

    def test_a_weak_password_is_refused_on_the_page(self):
        path = self.invite()
        self.client.logout()
        response = self.client.post(path, {"new_password1": "123", "new_password2": "123"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.user("olena").has_usable_password())

    def test_an_expired_link_does_not_work(self):
        path = self.invite()
        Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
        self.assertContains(self.accept(path), "Посилання із запрошення не діє", status_code=404)
        self.assertFalse(self.user("olena").has_usable_password())

    def test_resend_kills_the_old_link(self):
        old = self.invite()
        Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(days=1))
        invitation = Invitation.objects.get()
        self.client.post(f"/orgs/{self.community.pk}/invitations/{invitation.pk}/resend/")
        self.assertEqual(len(mail.outbox), 2)
        new = re.search(r"(/orgs/invitation/\S+/)", mail.outbox[-1].body).group(1)
        self.assertNotEqual(old, new)
        self.assertEqual(self.accept(old).status_code, 404)
        self.assertEqual(self.accept(new).status_code, 302)

    def test_revoke_kills_the_link_and_takes_the_role_back(self):
        path = self.invite()
        invitation = Invitation.objects.get()
        self.client.post(f"/orgs/{self.community.pk}/invitations/{invitation.pk}/revoke/")
        self.assertFalse(Membership.objects.filter(user=invitation.user).exists())
        self.assertEqual(self.accept(path).status_code, 404)

    def test_the_people_page_shows_each_invitations_state(self):
        self.invite("olena")
        self.invite("petro", role=Role.VIEWER, org=self.community)
        accepted = self.invite("ivan", role=Role.REVIEWER)
        Invitation.objects.filter(user__username="petro").update(
            expires_at=timezone.now() - dt.timedelta(days=1)
        )
        self.accept(accepted)
        self.login(self.coordinator)
        page = self.client.get(f"/orgs/{self.community.pk}/people/").content.decode()
        self.assertIn('data-invitation="pending">Запрошення надіслано', page)
        self.assertIn('data-invitation="expired">Запрошення прострочене', page)
        self.assertIn('data-invitation="accepted">Приєднався', page)

    def test_password_reset_stays_separate(self):
        self.invite()
        self.client.post("/accounts/password_reset/", {"email": "olena@example.org"})
        self.assertEqual(len(mail.outbox), 1)  # only the invitation: no password yet

    def test_every_role_but_admin(self):
        for role in (Role.EXECUTOR, Role.REVIEWER, Role.VIEWER, Role.COORDINATOR):
            self.invite(f"person-{role}", role=role)
        response = self.client.post(
            f"/orgs/{self.community.pk}/people/",
            {
                "username": "boss",
                "email": "b@example.org",
                "org": self.community.pk,
                "role": "admin",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(get_user_model().objects.filter(username="boss").exists())

    def user(self, username):
        return get_user_model().objects.get(username=username)


class CoordinatorAddsOrganisationsTests(InvitationTestCase):
    def test_a_department_with_its_edrpou(self):
        response = self.client.post(
            f"/orgs/{self.community.pk}/add/",
            {"kind": OrgKind.DEPARTMENT, "name": "Відділ освіти", "edrpou": "43005393"},
        )
        org = Organization.objects.get(name="Відділ освіти")
        self.assertRedirects(response, f"/orgs/{org.pk}/")
        self.assertEqual((org.parent, org.edrpou), (self.community, "43005393"))
        self.assertTrue(org.path.startswith(self.community.path))

    def test_a_partner_under_a_department(self):
        self.client.post(
            f"/orgs/{self.service.pk}/add/",
            {"kind": OrgKind.PARTNER, "name": "Благодійний фонд «Діти»", "edrpou": ""},
        )
        self.assertEqual(Organization.objects.get(kind=OrgKind.PARTNER).parent, self.service)

    def test_a_wrong_edrpou_and_a_duplicate_name_are_named(self):
        response = self.client.post(
            f"/orgs/{self.community.pk}/add/",
            {"kind": OrgKind.INSTITUTION, "name": "служба у справах дітей", "edrpou": "43005394"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "неправильне контрольне число", status_code=400)
        self.assertContains(response, "вже має", status_code=400)


class OtherCommunityTests(InvitationTestCase):
    """`outsider` coordinates the neighbouring community: nothing of ours is theirs."""

    def setUp(self):
        self.login(self.coordinator)
        self.invite()
        self.invitation = Invitation.objects.get()
        self.login(self.outsider)

    def test_no_people_page_no_adding_no_invitations(self):
        c = self.community.pk
        self.assertEqual(self.client.get(f"/orgs/{c}/people/").status_code, 404)
        self.assertEqual(self.client.get(f"/orgs/{self.service.pk}/people/").status_code, 404)
        self.assertEqual(self.client.post(f"/orgs/{c}/add/", {"name": "x"}).status_code, 404)
        for action in ("resend", "revoke"):
            url = f"/orgs/{c}/invitations/{self.invitation.pk}/{action}/"
            self.assertEqual(self.client.post(url).status_code, 404)
        own = self.other_community.pk
        url = f"/orgs/{own}/invitations/{self.invitation.pk}/revoke/"
        self.assertEqual(self.client.post(url).status_code, 404)
        self.assertIsNone(Invitation.objects.get().revoked_at)

    def test_its_own_people_form_cannot_reach_our_organisations(self):
        response = self.client.post(
            f"/orgs/{self.other_community.pk}/people/",
            {"username": "outsider", "org": self.service.pk, "role": Role.COORDINATOR},
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Membership.objects.filter(user=self.outsider, org=self.service).exists())


class MailDownTests(InvitationTestCase):
    def test_a_letter_that_cannot_go_saves_nothing_and_says_so(self):
        from unittest import mock

        with mock.patch("planwatch.orgs.invitations.send_mail", side_effect=ConnectionRefusedError):
            response = self.client.post(
                f"/orgs/{self.community.pk}/people/",
                {
                    "username": "olena",
                    "email": "o@example.org",
                    "org": self.service.pk,
                    "role": Role.EXECUTOR,
                },
                follow=True,
            )
        self.assertContains(response, "Лист із запрошенням не вдалося надіслати")
        self.assertFalse(get_user_model().objects.filter(username="olena").exists())


class EdrpouOfAnOrganisationTests(InvitationTestCase):
    def test_the_coordinator_sets_it_and_a_typo_is_refused(self):
        url = f"/orgs/{self.community.pk}/edrpou/"
        page = self.client.post(url, {"edrpou": "04054904"}, follow=True)
        self.assertContains(page, "неправильне контрольне число")
        self.client.post(url, {"edrpou": "43005393"})
        self.community.refresh_from_db()
        self.assertEqual(self.community.edrpou, "43005393")
        self.login(self.outsider)
        self.assertEqual(self.client.post(url, {"edrpou": ""}).status_code, 404)
        self.community.refresh_from_db()
        self.assertEqual(self.community.edrpou, "43005393")
