from unittest import mock

from django.db import DatabaseError
from django.test import TestCase


class HealthzTestCase(TestCase):
    def test_it_says_ok_when_the_database_answers(self):
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"ok")

    def test_it_says_unavailable_when_the_database_fails(self):
        with mock.patch("planwatch.lib.views.connection.cursor", side_effect=DatabaseError):
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
