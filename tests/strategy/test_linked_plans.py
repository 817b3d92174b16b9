"""Linked plans (issue 17 item 4): a district plan's measures linked to the oblast plan's."""

from __future__ import annotations

import time_machine

from planwatch.monitoring.models import ExpectedReport, Outcome, ReportState
from planwatch.orgs.models import OrgKind, Role
from planwatch.plans.models import LinkState, MeasureLink, PlanLink
from tests.support.chain_base import ChainTestCase
from tests.support.factory import make_draft, make_org, make_plan, make_plan_dict, make_user
from tests.support.monitoring_base import make_report, measure

OBLAST_TEXTS = [
    "Забезпечити функціонування мережі прийомних сімей та дитячих будинків сімейного типу",
    "Провести навчання фахівців служб у справах дітей з питань захисту прав дитини",
    "Створити безбар'єрні дитячі майданчики в населених пунктах області",
]
DISTRICT_TEXTS = [  # the oblast's measures, reworded, and one of the district's own
    "Провести навчання фахівців районної служби у справах дітей щодо захисту прав дитини",
    "Забезпечити розвиток мережі прийомних сімей та дитячих будинків сімейного типу в районі",
    "Відремонтувати приміщення районного архіву",
]
DISTRICT_SERVICE = "Служба у справах дітей районної державної адміністрації"


def plan_doc(texts, executor, title):
    doc = make_plan_dict(measures=0, title=title)
    doc["nodes"][0]["children"][0]["measures"] = [
        measure(n, [(executor, False)], text=text) for n, text in enumerate(texts, start=1)
    ]
    return doc


class LinkedPlansTestCase(ChainTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.oblast_service = make_org("Служба у справах дітей ОДА", OrgKind.DEPARTMENT, cls.oblast)
        cls.district_service = make_org(DISTRICT_SERVICE, OrgKind.DEPARTMENT, cls.district)
        cls.district_executor = make_user("district-executor", cls.district_service, Role.EXECUTOR)
        cls.oblast_plan = make_plan(
            cls.oblast,
            doc=plan_doc(OBLAST_TEXTS, "Служба у справах дітей ОДА", "Обласний план"),
            user=cls.oblast_coordinator,
        )
        cls.district_plan = make_plan(
            cls.district,
            doc=plan_doc(DISTRICT_TEXTS, DISTRICT_SERVICE, "Районний план"),
            user=cls.district_coordinator,
        )

    def upper_url(self) -> str:
        return f"/plans/{self.district_plan.pk}/upper/"

    def lower_url(self, period="2025-Q3") -> str:
        return f"/plans/{self.oblast_plan.pk}/lower/?period={period}"

    def link(self):
        self.login(self.district_coordinator)
        response = self.client.post(self.upper_url(), {"upper_plan": self.oblast_plan.pk})
        self.assertRedirects(response, self.upper_url())
        return PlanLink.objects.get(lower=self.district_plan)

    def lower_measures(self, plan=None):
        return self.measures(plan or self.district_plan)

    def test_the_district_coordinator_links_with_suggestions_and_decides(self):
        self.login(self.district_coordinator)
        page = self.client.get(f"/plans/{self.district_plan.pk}/")
        self.assertContains(page, self.upper_url())
        page = self.client.get(self.upper_url())
        self.assertContains(page, "Обласний план")  # offered: the oblast's plan, not its own
        self.assertNotContains(page, f'value="{self.mplan.pk}"')
        link = self.link()
        self.assertEqual(link.upper, self.oblast_plan)
        lower, upper = self.lower_measures(), self.measures(self.oblast_plan)
        rows = {r.lower_id: r for r in MeasureLink.objects.filter(plan_link=link)}
        self.assertEqual(len(rows), 3)
        self.assertTrue(all(r.state == LinkState.SUGGESTED for r in rows.values()))
        # the reworded measures are suggested their oblast originals first
        self.assertEqual(rows[lower[0].pk].upper_id, upper[1].pk)
        self.assertEqual(rows[lower[1].pk].upper_id, upper[0].pk)
        page = self.client.get(self.upper_url())
        self.assertContains(page, f'data-pick="{upper[1].pk}"')
        # confirm the first, correct the second, the third implements nothing
        response = self.client.post(
            self.upper_url(),
            {
                f"accept_{lower[0].pk}": "1",
                f"upper_{lower[0].pk}": str(upper[1].pk),
                f"accept_{lower[1].pk}": "1",
                f"upper_{lower[1].pk}": str(upper[2].pk),
                f"accept_{lower[2].pk}": "1",
                f"upper_{lower[2].pk}": "",
                f"upper_{lower[2].pk}x": "ignored",
            },
        )
        self.assertRedirects(response, self.upper_url())
        rows = {r.lower_id: r for r in MeasureLink.objects.filter(plan_link=link)}
        self.assertEqual(
            [(rows[m.pk].state, rows[m.pk].upper_id) for m in lower],
            [
                (LinkState.CONFIRMED, upper[1].pk),
                (LinkState.CONFIRMED, upper[2].pk),
                (LinkState.NOTHING, None),
            ],
        )
        self.assertEqual(rows[lower[0].pk].decided_by, self.district_coordinator)

    def test_bulk_confirms_the_suggestions_and_foreign_measures_are_ignored(self):
        link = self.link()
        lower, upper = self.lower_measures(), self.measures(self.oblast_plan)
        foreign = self.measures()[0]  # the community's plan: not this plan's measure
        self.client.post(
            self.upper_url(), {f"accept_{foreign.pk}": "1", f"upper_{foreign.pk}": upper[0].pk}
        )
        self.assertFalse(MeasureLink.objects.filter(lower=foreign).exists())
        self.client.post(self.upper_url(), {"bulk": "suggested"})
        states = set(MeasureLink.objects.filter(plan_link=link).values_list("state", flat=True))
        self.assertEqual(states, {LinkState.CONFIRMED})
        self.assertEqual(MeasureLink.objects.get(lower=lower[0]).upper, upper[1])

    def test_only_the_lower_coordinator_links(self):
        for user in (self.district_executor, self.coordinator, self.reviewer, self.outsider):
            self.login(user)
            with self.subTest(user=user.username):
                response = self.client.post(self.upper_url(), {"upper_plan": self.oblast_plan.pk})
                self.assertEqual(response.status_code, 404)
        self.assertFalse(PlanLink.objects.exists())
        self.login(self.district_coordinator)  # a plan that is not above: refused
        self.client.post(self.upper_url(), {"upper_plan": self.mplan.pk})
        self.assertFalse(PlanLink.objects.exists())

    def test_decisions_teach_the_suggestions_of_this_plan_and_of_others(self):
        # The district decides that its archive repair carries out the playgrounds measure
        # (a reading no text supports); a community plan of the same oblast that writes the
        # same deed is then suggested that measure first — a confirmation is an example.
        from planwatch.strategy import plan_links

        link = self.link()
        lower, upper = self.lower_measures(), self.measures(self.oblast_plan)
        before = MeasureLink.objects.get(lower=lower[1])
        plan_links.decide(link, {lower[2].pk: upper[2].pk}, self.district_coordinator)
        after = MeasureLink.objects.get(lower=lower[1])  # still only suggested: made anew
        self.assertEqual(after.state, LinkState.SUGGESTED)
        self.assertNotEqual(after.pk, before.pk)
        self.assertEqual(after.upper_id, upper[0].pk)
        community_plan = make_plan(
            self.community,
            doc=plan_doc(
                [OBLAST_TEXTS[1], "Відремонтувати приміщення сільського архіву"],
                "Виконавчий комітет",
                "План громади",
            ),
            user=self.coordinator,
        )
        other = plan_links.link_plan(community_plan, self.oblast_plan, self.coordinator)
        rows = MeasureLink.objects.filter(plan_link=other).order_by("lower__position")
        self.assertEqual([r.upper_id for r in rows], [upper[1].pk, upper[2].pk])

    def decide_all(self):
        self.link()
        lower, upper = self.lower_measures(), self.measures(self.oblast_plan)
        self.client.post(
            self.upper_url(),
            {
                f"accept_{lower[0].pk}": "1",
                f"upper_{lower[0].pk}": upper[1].pk,
                f"accept_{lower[1].pk}": "1",
                f"upper_{lower[1].pk}": upper[0].pk,
                f"accept_{lower[2].pk}": "1",
                f"upper_{lower[2].pk}": "",
            },
        )
        return lower, upper

    def test_the_oblast_coordinator_reads_what_the_district_reported(self):
        lower, _upper = self.decide_all()
        expected_report = ExpectedReport.objects.get(measure=lower[0], period="2025-Q3")
        make_report(
            expected_report,
            ReportState.ACCEPTED,
            Outcome.DONE,
            narrative="Навчено 40 фахівців району.",
        )
        draft_expected_report = ExpectedReport.objects.get(measure=lower[1], period="2025-Q3")
        make_report(draft_expected_report, ReportState.DRAFT, narrative="Чернетка, не для області.")
        with time_machine.travel("2025-11-20 10:00 +0200", tick=False):
            self.login(self.oblast_coordinator)
            page = self.client.get(f"/plans/{self.oblast_plan.pk}/")
            self.assertContains(page, f"/plans/{self.oblast_plan.pk}/lower/")
            page = self.client.get(f"/plans/{self.oblast_plan.pk}/lower/")
            self.assertEqual(page.context["period"], "2025-Q3")
            self.assertContains(page, "Навчено 40 фахівців району.")
            self.assertContains(page, f"/monitoring/reports/{expected_report.pk}/")
            self.assertContains(page, DISTRICT_TEXTS[1][:40])  # linked, nothing handed in
            self.assertNotContains(page, "Чернетка")
            self.assertNotContains(page, DISTRICT_TEXTS[2][:40])  # implements nothing
            self.assertEqual(
                self.client.get(f"/monitoring/reports/{expected_report.pk}/").status_code, 200
            )
            # the oblast's roll-up shows it too
            rollup = self.client.get(f"/rollup/{self.oblast.pk}/?period=2025-Q3")
            self.assertContains(rollup, "Навчено 40 фахівців району.")
        # the district coordinator is not a monitor of the oblast plan
        self.login(self.district_coordinator)
        self.assertEqual(self.client.get(self.lower_url()).status_code, 404)
        self.login(self.district_executor)
        self.assertEqual(self.client.get(self.lower_url()).status_code, 404)

    def revise(self, plan, texts, executor, title, user):
        draft = make_draft(plan.owner, plan_doc(texts, executor, title), user=user)
        draft.plan = plan
        draft.save(update_fields=["plan"])
        from planwatch.plans.publish import publish_draft

        publish_draft(draft, user)
        plan.refresh_from_db()

    def test_decided_links_carry_to_the_next_revision_of_either_plan(self):
        self.decide_all()
        # the district plan's next revision: same first two measures, the third rewritten
        new_texts = [*DISTRICT_TEXTS[:2], "Облаштувати інклюзивний простір у районній бібліотеці"]
        self.revise(
            self.district_plan,
            new_texts,
            DISTRICT_SERVICE,
            "Районний план",
            self.district_coordinator,
        )
        lower, upper = self.lower_measures(), self.measures(self.oblast_plan)
        found = {r.lower_id: r for r in MeasureLink.objects.filter(lower__in=lower)}
        self.assertEqual(found[lower[0].pk].upper_id, upper[1].pk)
        self.assertEqual(found[lower[1].pk].state, LinkState.CONFIRMED)
        self.assertNotIn(lower[2].pk, found)  # a new measure: to be suggested again
        # the oblast plan's next revision: links follow the upper measures
        self.revise(
            self.oblast_plan,
            [OBLAST_TEXTS[1], OBLAST_TEXTS[0], OBLAST_TEXTS[2]],
            "Служба у справах дітей ОДА",
            "Обласний план",
            self.oblast_coordinator,
        )
        new_upper = self.measures(self.oblast_plan)
        self.assertEqual(MeasureLink.objects.get(lower=lower[0]).upper, new_upper[0])
        self.assertEqual(MeasureLink.objects.get(lower=lower[1]).upper, new_upper[1])
        self.login(self.district_coordinator)
        page = self.client.get(self.upper_url())  # the new measure gets its suggestion
        self.assertEqual(page.status_code, 200)
        self.assertEqual(MeasureLink.objects.get(lower=lower[2]).state, LinkState.SUGGESTED)

    def test_the_api_lists_both_sides_to_their_monitors(self):
        from rest_framework.test import APIClient

        from planwatch.api.tokens import rotate_token

        lower, upper = self.decide_all()

        def get(user, plan, status=200):
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Token {rotate_token(user).key}")
            response = client.get(f"/api/v1/plans/{plan.pk}/links/")
            self.assertEqual(response.status_code, status)
            return response.json()

        data = get(self.district_coordinator, self.district_plan)
        self.assertEqual(data["upper_plan"]["id"], self.oblast_plan.pk)
        self.assertEqual(
            [(m["measure"], m["upper_measure"], m["state"]) for m in data["measures"]],
            [
                (lower[0].pk, upper[1].pk, "confirmed"),
                (lower[1].pk, upper[0].pk, "confirmed"),
                (lower[2].pk, None, "nothing"),
            ],
        )
        data = get(self.oblast_coordinator, self.oblast_plan)
        self.assertIsNone(data["upper_plan"])
        self.assertEqual(
            [(r["measure"], r["lower_measure"]) for r in data["lower"]],
            [(upper[0].pk, lower[1].pk), (upper[1].pk, lower[0].pk)],
        )
        self.assertEqual(data["lower"][0]["lower_plan"]["owner"]["id"], self.district.pk)
        get(self.district_coordinator, self.oblast_plan, 404)
        get(self.district_executor, self.district_plan, 404)

    def test_the_new_pages_speak_ukrainian(self):
        from tests.support.english import english_in_html

        lower, _upper = self.decide_all()
        self.client.post(self.upper_url(), {f"accept_{lower[0].pk}": "1"})  # → implements nothing
        expected_report = ExpectedReport.objects.get(measure=lower[1], period="2025-Q3")
        make_report(expected_report, ReportState.SUBMITTED, Outcome.IN_PROGRESS)
        pages = [(self.district_coordinator, self.upper_url())]
        pages += [
            (self.oblast_coordinator, url)
            for url in (self.lower_url(), f"/rollup/{self.oblast.pk}/?period=2025-Q3")
        ]
        for user, url in pages:
            self.login(user)
            with self.subTest(url=url):
                page = self.client.get(url)
                self.assertEqual(page.status_code, 200)
                html = page.content.decode().replace(user.username, "")  # a test login name
                self.assertEqual(english_in_html(html), [])
        self.assertContains(page, "Пов’язані нижчі плани")
