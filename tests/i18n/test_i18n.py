from tests.support.base import BaseTestCase


class LanguageTestCase(BaseTestCase):
    def test_the_interface_is_ukrainian_by_default(self):
        response = self.client.get("/public/")
        self.assertContains(response, "Опубліковані плани")
        self.assertContains(response, '<html lang="uk">')

    def test_english_is_a_switch_away(self):
        response = self.client.post("/i18n/setlang/", {"language": "en", "next": "/public/"})
        self.assertRedirects(response, "/public/", fetch_redirect_response=False)
        self.assertContains(self.client.get("/public/"), "Published plans")

    def test_form_errors_are_ukrainian_too(self):
        self.login(self.coordinator)
        response = self.client.post(
            f"/orgs/{self.service.pk}/rename/", {"name": "Служба", "katottg": "12"}
        )
        self.assertContains(response, "Код КАТОТТГ — це «UA» і 17 цифр.", status_code=400)


class CatalogTestCase(BaseTestCase):
    def test_the_ukrainian_catalog_is_complete_and_compiled(self):
        from pathlib import Path

        from django.conf import settings

        po = Path(settings.LOCALE_PATHS[0]) / "uk" / "LC_MESSAGES" / "django.po"
        text = po.read_text(encoding="utf-8")
        self.assertNotIn("#, fuzzy", text)
        entries = text.split("\n\n")[1:]
        empty = [e for e in entries if e.rstrip().endswith('msgstr ""') and "msgid_plural" not in e]
        self.assertEqual(empty, [])
        import gettext

        with po.with_suffix(".mo").open("rb") as mo:
            catalog = gettext.GNUTranslations(mo)
        last = entries[-1].split('msgid "')[1].split('"')[0]
        self.assertNotEqual(catalog.gettext(last), last, "the .mo is older than the .po")
