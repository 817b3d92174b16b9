"""Counts take the Ukrainian plural form: "після 1 спроби", "після 2 спроб", "після 5 спроб"."""

from __future__ import annotations

import dataclasses

import pytest
from django.utils import translation
from django.utils.translation import ngettext

from planwatch.plan_reports import jobs as report_jobs
from planwatch.plans import import_jobs
from planwatch.strategy import jobs as strategy_jobs


@pytest.mark.parametrize(
    "queue, start",
    [
        (import_jobs.QUEUE, "Файл не вдалося обробити після {}"),
        (report_jobs.QUEUE, "Звіт не вдалося підготувати після {}"),
        (strategy_jobs.QUEUE, "Не вдалося підготувати пропозиції відповідності Стратегії після {}"),
    ],
)
def test_given_up_after_attempts(queue, start):
    said = {
        n: dataclasses.replace(queue, max_attempts=n).gave_up_text() for n in (1, 2, 5, 11, 21, 22)
    }
    assert said[1].startswith(start.format("1 спроби"))
    assert said[2].startswith(start.format("2 спроб"))
    assert said[5].startswith(start.format("5 спроб"))
    assert said[11].startswith(start.format("11 спроб"))
    assert said[21].startswith(start.format("21 спроби"))
    assert said[22].startswith(start.format("22 спроб"))


@pytest.mark.parametrize(
    "singular, plural, n, expected",
    [
        ("At most %(n)s report at once.", "At most %(n)s reports at once.", 1, "Не більше 1 звіту"),
        ("At most %(n)s report at once.", "At most %(n)s reports at once.", 200, "200 звітів"),
        ("At most %(n)d row per file.", "At most %(n)d rows per file.", 3, "3 рядків"),
        ("At most %(n)s category.", "At most %(n)s categories.", 21, "21 категорії"),
        (
            "Date saved; the measures of %(n)d plan got their deadlines.",
            "Date saved; the measures of %(n)d plans got their deadlines.",
            1,
            "заходи 1 плану",
        ),
        (
            "Date saved; the measures of %(n)d plan got their deadlines.",
            "Date saved; the measures of %(n)d plans got their deadlines.",
            4,
            "заходи 4 планів",
        ),
    ],
)
def test_counted_messages(singular, plural, n, expected):
    with translation.override("uk"):
        assert expected in ngettext(singular, plural, n) % {"n": n}
