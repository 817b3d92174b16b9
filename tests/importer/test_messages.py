"""Importer warnings carry a stable code and parameters, shown in the user's language."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from planwatch.importer import messages, parse_file
from planwatch.importer.walk import iter_measures
from tests.conftest import SHARED
from tests.importer.samples import require_shared

EXAMPLES = {
    "number": "б)",
    "first_line": 12,
    "text": "Продовження таблиці",
    "page": 2,
    "row": 5,
    "column": "'Виконавці'",
    "confidence": 41,
    "columns": "Виконавці",
    "start": "2024-01-01",
    "end": "2027-12-31",
    "first": 2024,
    "last": 2026,
    "executor": "відділ освіти",
    "unit": "quarter",
    "limit": 4,
    "year": 2025,
    "total": "12.5",
    "sum": "10.0",
}


def params_of(code: str) -> dict:
    return {k: EXAMPLES[k] for k in re.findall(r"\{(\w+)\}", messages.TEMPLATES[code])}


@pytest.mark.parametrize("code", list(messages.TEMPLATES))
def test_a_message_gives_its_code_and_params_back(code):
    w = messages.warning(code, 7, **params_of(code))
    assert w["line"] == 7 and w["code"] == code
    got_code, got_params = messages.code_of(w["message"])
    assert got_code == code
    assert got_params == {k: str(v) for k, v in w["params"].items()}
    assert messages.render(w) == w["message"]


@pytest.mark.parametrize("code", list(messages.TEMPLATES))
def test_every_template_has_a_ukrainian_translation(code):
    w = messages.warning(code, **params_of(code))
    with translation.override("uk"):
        shown = messages.render(w, translation.gettext)
    assert shown != w["message"]
    assert re.search("[а-яіїєґ]", shown)
    for value in w["params"].values():
        assert str(value) in shown


def test_a_message_no_template_knows_is_kept_as_text():
    assert messages.code_of("something new") == ("other", {"text": "something new"})
    assert messages.render({"code": "other", "message": "something new"}) == "something new"


def test_every_warning_of_the_samples_has_a_known_code():
    require_shared()
    for path in [
        *sorted((SHARED / "samples" / "text").glob("*.txt")),
        *sorted((SHARED / "samples" / "docx").glob("*.docx")),
    ]:
        plan = parse_file(path)
        for w in plan["warnings"]:
            assert w["code"] in messages.TEMPLATES, (path.name, w)
            assert messages.render(w) == w["message"]
        for m in iter_measures(plan):
            codes = m.get("warning_codes", [])
            assert len(codes) == len(m["warnings"])
            assert all(c["code"] in messages.TEMPLATES for c in codes), (path.name, m["warnings"])
