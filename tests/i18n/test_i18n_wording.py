"""Ukrainian that is not only translated but right: plural forms, dates, people's names, the
open-data descriptions, charts, API errors, e-mails; the English detector itself; the
catalogs complete and compiled; links only to pages the role may open."""

from __future__ import annotations

import datetime as dt
import gettext
import re
from pathlib import Path

from django.conf import settings
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import SimpleTestCase
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import ngettext, npgettext

from planwatch.monitoring.models import ReportEvent, ReportState
from tests.support.english import english_in_html, english_in_json, english_phrases
from tests.support.factory import make_user
from tests.support.monitoring_base import MonitoringTestCase, make_report


class DetectorTestCase(SimpleTestCase):
    def test_it_finds_english_phrases_and_single_words_and_codes(self):
        self.assertEqual(
            english_phrases("completeness and on-time rate by period"),
            ["completeness and on-time rate by period"],
        )
        self.assertEqual(english_phrases("all"), ["all"])
        self.assertEqual(english_phrases("as_needed"), ["as_needed"])
        html = '<p>Заходи</p><label>Email</label><svg aria-label="reports by period"></svg>'
        self.assertEqual(english_in_html(html), ["Email", "reports by period"])

    def test_it_lets_ukrainian_names_and_addresses_through(self):
        for text in (
            "Завантажте план у форматі Word або PDF",
            "Документація REST API (OpenAPI) — https://example.org/api/v1/docs/",
            "Пишіть на it@rada.example.ua",
            "Відкриті дані: CSV · JSON · XLSX",
            "2025-Q3",
            "planwatch",
        ):
            self.assertEqual(english_phrases(text), [], text)
        self.assertEqual(english_in_html("<script>var a = 'not text';</script><p>Так</p>"), [])
        self.assertEqual(english_in_json({"detail": "Не знайдено.", "status": "not_done"}), [])
        self.assertEqual(english_in_json({"detail": "Not found."}), ["Not found"])


def _po_entries(path: Path) -> list[dict]:
    """A .po file's entries: {"msgctxt", "msgid", "msgid_plural", "msgstr" / "msgstr[n]",
    "fuzzy"} (enough of the format for a completeness check; no dependency)."""
    import ast

    entries, current, key, fuzzy = [], {}, None, False
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if current:
                entries.append({**current, "fuzzy": fuzzy})
            current, key, fuzzy = {}, None, False
        elif line.startswith("#,"):
            fuzzy = fuzzy or "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif match := re.match(
            r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$", line
        ):
            key = match.group(1)
            current[key] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and key:
            current[key] += ast.literal_eval(line)
    return [e for e in entries if e.get("msgid")]


def catalogs() -> list[Path]:
    root = Path(settings.LOCALE_PATHS[0]).parent
    return sorted(root.rglob("locale/uk/LC_MESSAGES/django.po"))


class CatalogsTestCase(SimpleTestCase):
    def test_every_catalog_is_complete(self):
        """Every msgid of every Ukrainian catalog (the main one and each app's) has a msgstr,
        every plural all four Ukrainian forms, nothing fuzzy."""
        found = catalogs()
        self.assertGreaterEqual(len(found), 8)
        problems, total = [], 0
        for po in found:
            for e in _po_entries(po):
                total += 1
                if "msgid_plural" in e:
                    forms = [e.get(f"msgstr[{i}]", "") for i in range(4)]
                    missing = not all(forms)
                else:
                    missing = not e.get("msgstr")
                if missing or e["fuzzy"]:
                    problems.append(f"{po.parent.parent.parent.parent.name}: {e['msgid'][:70]!r}")
        print(f"{len(found)} catalogs, {total} messages, {len(problems)} untranslated")
        self.assertEqual(problems, [])

    def test_every_catalog_is_compiled(self):
        """The .mo beside each .po holds every translation of it (compilemessages was run)."""
        stale = []
        for po in catalogs():
            with po.with_suffix(".mo").open("rb") as mo:
                compiled = gettext.GNUTranslations(mo)
            for e in _po_entries(po):
                msgid = e["msgid"] if "msgctxt" not in e else f"{e['msgctxt']}\x04{e['msgid']}"
                if "msgid_plural" in e:
                    got = compiled._catalog.get((msgid, 0))
                    want = e.get("msgstr[0]")
                else:
                    got, want = compiled._catalog.get(msgid), e.get("msgstr")
                if want and got != want:
                    stale.append(f"{po}: {e['msgid'][:60]!r}")
        self.assertEqual(stale, [], "run manage.py compilemessages")


class PluralsAndDatesTestCase(SimpleTestCase):
    def test_plural_forms(self):
        with translation.override("uk"):
            plans = [ngettext("%(n)s plan", "%(n)s plans", n) % {"n": n} for n in (1, 2, 5, 11, 21)]
            self.assertEqual(plans, ["1 план", "2 плани", "5 планів", "11 планів", "21 план"])
            measures = [npgettext("count", "measure", "measures", n) for n in (1, 3, 12, 22)]
            self.assertEqual(measures, ["захід", "заходи", "заходів", "заходи"])
            within = [
                ngettext("the summary within %(s)s day", "the summary within %(s)s days", n)
                % {"s": n}
                for n in (1, 3, 35, 21)
            ]
            self.assertEqual(
                within,
                [
                    "узагальнення — протягом 1 дня",
                    "узагальнення — протягом 3 днів",
                    "узагальнення — протягом 35 днів",
                    "узагальнення — протягом 21 дня",
                ],
            )

    def test_ukrainian_dates(self):
        day = dt.date(2026, 12, 5)
        with translation.override("uk"):
            self.assertEqual(date_format(day, "SHORT_DATE_FORMAT"), "05.12.2026")
            self.assertEqual(date_format(day, "DATE_FORMAT"), "5 грудня 2026 р.")
            self.assertEqual(
                date_format(dt.datetime(2026, 12, 5, 9, 3), "DATETIME_FORMAT"),
                "5 грудня 2026 р., 09:03",
            )
            html = Template(
                "{% load planwatch %}{{ d|iso_date }} · {{ r|recurrence_label }}"
            ).render(Context({"d": "2025-01-31", "r": "as_needed"}))
            self.assertEqual(html, "31.01.2025 · у разі потреби")

    def test_chart_text_is_translated(self):
        from planwatch.monitoring import charts

        with translation.override("uk"):
            svg = charts.columns([("2025-Q3", 80, 50)])
        self.assertIn('aria-label="Отримані звіти та звіти, подані вчасно, за періодами"', svg)
        self.assertIn("2025-Q3 · вчасно: 50%", svg)
        self.assertEqual(english_in_html(svg), [])


class PagesTestCase(MonitoringTestCase):
    def test_public_kpis_count_in_ukrainian(self):
        response = self.client.get(f"/public/plans/{self.mplan.pk}/")
        text = re.sub(r"\s+", " ", response.content.decode())
        self.assertIn('<div class="n">3</div><div class="what">заходи</div>', text)
        overdue = re.search(r'<div class="n[^"]*">(\d+)</div><div class="what">(\w+) і?з ', text)
        want = {"0": "заходів", "1": "захід", "2": "заходи", "3": "заходи"}[overdue.group(1)]
        self.assertEqual(overdue.group(2), want)
        self.assertNotIn("сплилим", text)

    def test_the_dashboard_says_days_for_both_due_dates(self):
        self.login(self.coordinator)
        response = self.client.get(f"/monitoring/plans/{self.mplan.pk}/")
        self.assertContains(response, "виконавці звітують протягом 20 днів після періоду")
        self.assertContains(response, "узагальнення — протягом 35 днів")

    def test_report_history_shows_people_not_logins(self):
        expected_report = self.expected_report()
        report = make_report(expected_report, ReportState.ACCEPTED, user=self.executor)
        named = make_user("novoodesa", first_name="Олена", last_name="Петренко")
        ReportEvent.objects.create(report=report, action="submitted", user=self.executor)
        ReportEvent.objects.create(report=report, action="accepted", user=named)
        self.login(self.coordinator)
        response = self.client.get(f"/monitoring/reports/{expected_report.pk}/")
        self.assertContains(response, "користувач executor подав(ла)")
        self.assertContains(response, "Олена Петренко прийняв(ла)")
        self.assertNotContains(response, "novoodesa")

    def test_the_excel_link_is_only_for_those_who_may_use_it(self):
        self.login(self.executor)
        self.assertContains(self.client.get("/monitoring/"), 'href="/monitoring/xlsx/"')
        self.assertEqual(self.client.get("/monitoring/xlsx/").status_code, 200)
        for user in (self.coordinator, self.reviewer):
            self.login(user)
            response = self.client.get("/monitoring/")
            self.assertEqual(response.status_code, 200)
            self.assertNotContains(response, "/monitoring/xlsx/")
            self.assertEqual(self.client.get("/monitoring/xlsx/").status_code, 404)

    def test_open_data_descriptions_are_ukrainian_and_english_a_switch_away(self):
        response = self.client.get("/public/open-data/")
        self.assertEqual(english_in_html(response.content.decode()), [])
        self.assertContains(response, "Ідентифікатор плану на цьому сайті.")
        self.assertContains(response, "<td>ціле число</td>", html=False)
        english = self.client.get("/public/open-data/", HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(english, "The plan&#x27;s id on this site.")
        # The passport is for the Ukrainian portal: Ukrainian whatever the reader's language.
        passport = self.client.get(
            f"/public/plans/{self.plan.pk}/passport.json", HTTP_ACCEPT_LANGUAGE="en"
        ).json()
        self.assertEqual(english_in_json(passport), [])
        self.assertIn("Creative Commons", passport["license_title"])

    def test_e_mails_greet_without_a_login(self):
        nameless = make_user("pishchanka")
        ctx = {"user": nameless, "plan": self.mplan, "period": None, "items": []}
        with translation.override("uk"):
            body = render_to_string("monitoring/email/after.txt", ctx)
        self.assertTrue(body.startswith("Вітаємо!"), body[:40])
        self.assertNotIn("pishchanka", body)

    def test_e_mails_are_ukrainian(self):
        from types import SimpleNamespace as NS

        expected_report = self.expected_report()
        ctx = {
            "user": self.executor,
            "plan": self.mplan,
            "period": NS(title="III квартал 2025"),
            "items": [expected_report],
            "current": NS(received=1, expected=2, completeness=50, on_time=1, on_time_rate=100),
            "executors": [NS(label="Служба у справах дітей", overdue=1)],
            "url": "https://planwatch.example.ua/monitoring/plans/1/",
        }
        names = ["after", "after_subject", "before", "before_subject", "digest", "digest_subject"]
        found = {}
        with translation.override("uk"):
            for name in names:
                text = render_to_string(f"monitoring/email/{name}.txt", ctx)
                found[name] = [p for line in text.splitlines() for p in english_phrases(line)]
        self.assertEqual({k: v for k, v in found.items() if v}, {})


class ApiErrorsTestCase(MonitoringTestCase):
    def test_api_errors_are_ukrainian_by_default_and_follow_accept_language(self):
        self.login(self.coordinator)
        for headers in ({}, {"HTTP_ACCEPT_LANGUAGE": "uk"}):
            for url in ("/api/v1/plans/999999/", "/api/v1/nothing/", "/api/v1/plans/?page=x"):
                response = self.client.get(url, **headers)
                self.assertEqual(response.status_code, 404, url)
                body = response.json()
                self.assertEqual(english_in_json(body), [], (url, body))
                self.assertRegex(body["detail"], "[а-яіїєґ]", url)
            refused = self.client.post("/api/v1/plans/", {}, content_type="application/json")
            self.assertEqual(english_in_json(refused.json()), [])
        english = self.client.get("/api/v1/plans/999999/", HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(english.json(), {"detail": "Not found."})

    def test_our_own_api_refusals_are_translated(self):
        expected_report = self.expected_report()
        self.login(self.executor)
        response = self.client.post(
            f"/api/v1/reports/{expected_report.pk}/review/",
            {"action": "accept"},
            content_type="application/json",
        )
        self.assertIn(response.status_code, (403, 404))
        self.assertEqual(english_in_json(response.json()), [], response.json())
