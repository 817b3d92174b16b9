"""The API's world: the monitoring world (tests/monitoring) plus a token per person.

Helpers only. `self.api(user)` is a client authenticated by that user's token (None:
anonymous); every test reads as the person doing it.
"""

from __future__ import annotations

import datetime as dt

import time_machine
from rest_framework.test import APIClient

from planwatch.api.tokens import rotate_token
from tests.support.monitoring_base import KYIV, MonitoringTestCase

NOW = dt.datetime(2025, 10, 12, 9, 0, tzinfo=KYIV)


@time_machine.travel(NOW, tick=False)
class ApiTestCase(MonitoringTestCase):
    def api(self, user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {rotate_token(user).key}")
        return client

    def get_json(self, url: str, user=None, status: int = 200) -> dict:
        response = self.api(user).get(url)
        self.assertEqual(response.status_code, status, response.content[:500])
        return response.json()

    def ids(self, url: str, user=None) -> list[int]:
        return [row["id"] for row in self.get_json(url, user)["results"]]
