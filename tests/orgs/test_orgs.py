from planwatch.orgs.models import Membership, OrgAlias, Organization, OrgKind, Role
from planwatch.plans.models import MeasureExecutor
from planwatch.plans.resolve import Resolver
from tests.support.base import BaseTestCase
from tests.support.factory import make_org, make_user


class OrganizationTreeTestCase(BaseTestCase):
    def test_the_path_puts_every_organisation_below_its_parents(self):
        below = set(Organization.objects.below(self.district))
        self.assertEqual(below, {self.district, self.community, self.other_community, self.service})

    def test_moving_an_organisation_carries_its_subtree(self):
        self.community.move_under(self.oblast)
        self.service.refresh_from_db()
        self.assertTrue(self.service.path.startswith(self.community.path))
        self.assertNotIn(self.service, Organization.objects.below(self.district))

    def test_a_rename_keeps_the_old_name_as_an_alias(self):
        self.service.rename("Служба у справах дітей сільської ради")
        self.assertTrue(self.service.aliases.filter(name="Служба у справах дітей").exists())

    def test_a_katottg_code_must_be_ua_and_17_digits(self):
        self.login(self.coordinator)
        response = self.client.post(
            f"/orgs/{self.service.pk}/rename/", {"name": "Служба", "katottg": "UA123"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("katottg", response.context["rename_form"].errors)
        self.service.refresh_from_db()
        self.assertEqual(self.service.name, "Служба у справах дітей")


class ResolverTestCase(BaseTestCase):
    def test_an_executor_is_found_by_another_spelling(self):
        found = Resolver(self.community).suggest({"name": "СЛУЖБА у справах  дітей (за згодою)"})
        self.assertEqual(found, self.service)

    def test_an_unknown_executor_becomes_an_organisation_of_the_owner(self):
        org = Resolver(self.community).resolve("x", {"name": "відділ освіти", "kind": "department"})
        self.assertEqual((org.parent, org.kind), (self.community, OrgKind.DEPARTMENT))

    def test_a_known_alias_resolves(self):
        OrgAlias.objects.create(org=self.service, name="ССД")
        self.assertEqual(Resolver(self.community).suggest({"name": "ссд"}), self.service)


class MergeTestCase(BaseTestCase):
    def test_a_merge_moves_measures_people_and_spellings(self):
        duplicate = make_org("Служба у справах дітей громади", OrgKind.DEPARTMENT, self.community)
        link = MeasureExecutor.objects.first()
        link.organization = duplicate
        link.save()
        person = make_user("dup-person", duplicate, Role.EXECUTOR)
        self.login(self.coordinator)
        response = self.client.post(f"/orgs/{self.service.pk}/merge/", {"other": duplicate.pk})
        self.assertRedirects(response, f"/orgs/{self.service.pk}/")
        self.assertFalse(Organization.objects.filter(pk=duplicate.pk).exists())
        link.refresh_from_db()
        self.assertEqual(link.organization, self.service)
        self.assertEqual(Membership.objects.get(user=person).org, self.service)
        self.assertTrue(self.service.aliases.filter(name=duplicate.name).exists())

    def test_only_editors_may_merge(self):
        duplicate = make_org("Дубль", OrgKind.DEPARTMENT, self.community)
        self.login(self.reviewer)
        response = self.client.post(f"/orgs/{self.service.pk}/merge/", {"other": duplicate.pk})
        self.assertEqual(response.status_code, 404)
        self.assertTrue(Organization.objects.filter(pk=duplicate.pk).exists())

    def test_a_merge_target_outside_the_siblings_is_refused(self):
        self.login(self.coordinator)
        response = self.client.post(
            f"/orgs/{self.service.pk}/merge/", {"other": self.other_community.pk}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("other", response.context["merge_form"].errors)

    def test_the_outsider_cannot_see_the_organisation(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(f"/orgs/{self.service.pk}/").status_code, 404)
