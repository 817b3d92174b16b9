"""Outside DEBUG every error is a plain Ukrainian page that says what happened — never Django's
debug page with its traceback and settings. The 500 and 400 pages render with no request and
no context at all (the error may be in either)."""

from __future__ import annotations

from unittest import mock

from django.template import loader
from django.test import Client, TestCase, override_settings

from planwatch.orgs.models import OrgKind, Role
from tests.support.factory import PASSWORD, make_org, make_user


class Boom(Exception):
    pass


@override_settings(DEBUG=False)
class ErrorPagesTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.community = make_org("Альфівська сільська рада", OrgKind.COMMUNITY)
        cls.user = make_user("coordinator", cls.community, Role.COORDINATOR)

    def test_a_crash_gives_the_ukrainian_500_page_not_the_debug_page(self):
        client = Client(raise_request_exception=False)
        client.login(username="coordinator", password=PASSWORD)
        with mock.patch("planwatch.urls.redirect", side_effect=Boom("secret detail")):
            response = client.get("/")
        self.assertEqual(response.status_code, 500)
        text = response.content.decode()
        self.assertIn("Помилка на сервері", text)
        self.assertIn("її не збережено", text)  # what happened to what was sent
        for leak in ("Traceback", "secret detail", "Boom", "SECRET_KEY", "Server error"):
            self.assertNotIn(leak, text)

    def test_500_and_400_render_without_a_request_or_context(self):
        for name, words in (("500.html", "Помилка на сервері"), ("400.html", "Некоректний")):
            html = loader.get_template(name).render()
            self.assertIn(words, html)
            self.assertIn('lang="uk"', html)

    def test_an_unknown_host_gets_the_ukrainian_400_page(self):
        response = Client().get("/", HTTP_HOST="evil.example")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Некоректний запит", status_code=400)

    def test_a_missing_page_gets_the_ukrainian_404_page(self):
        response = Client().get("/no-such-page/")
        self.assertContains(response, "Сторінку не знайдено", status_code=404)

    def test_a_form_without_its_csrf_token_gets_the_ukrainian_403_page(self):
        client = Client(enforce_csrf_checks=True)
        response = client.post("/accounts/login/", {"username": "x", "password": "y"})
        self.assertContains(response, "Форму не прийнято", status_code=403)
        self.assertContains(response, "Нічого не збережено", status_code=403)
        self.assertNotContains(response, "CSRF verification failed", status_code=403)

    def test_a_forbidden_action_gets_the_ukrainian_403_page(self):
        from django.core.exceptions import PermissionDenied

        client = Client()
        client.login(username="coordinator", password=PASSWORD)
        with mock.patch("planwatch.urls.redirect", side_effect=PermissionDenied):
            response = client.get("/")
        self.assertContains(response, "Доступ заборонено", status_code=403)
