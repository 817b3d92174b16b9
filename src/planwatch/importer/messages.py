"""Every importer warning: a stable code, its English template, and its parameters.

Django-free: the importer runs from the CLI too. The templates are wrapped in a local
``gettext_noop`` so ``makemessages`` extracts them into the project's catalogue; the web app
shows a warning in the user's language with ``render(warning, translate=gettext)``.

A warning is ``{"line": n, "code": "...", "params": {...}, "message": "English text"}``. Code
that builds warnings calls ``warning(code, line, **params)``; text that reaches the plan as a
plain message (a measure's ``warnings`` strings, modules that still pass English text) gets
its code back with ``code_of(message)``, which reads the parameters out of the template.
"""

from __future__ import annotations

import re
from functools import cache

from planwatch.importer.walk import iter_measures


def gettext_noop(s: str) -> str:
    """Marks a template for makemessages; the translation happens where it is shown."""
    return s


TEMPLATES: dict[str, str] = {
    # structure: the table
    "shifted_cells": gettext_noop(
        "cells of this row were shifted by the converter; placed in columns by their meaning"
    ),
    "cell_holds_measures": gettext_noop(
        "one cell holds measures {first}–{last}; each is imported as a measure with the row's "
        "deadline, funding and executors"
    ),
    "cells_without_measure": gettext_noop(
        "cells with no measure text; merged into the measure above"
    ),
    "heading_number_incomplete": gettext_noop(
        "heading number '{number}' looks incomplete; kept as printed"
    ),
    "duplicate_row": gettext_noop(
        "row repeats measure {number} of line {first_line} (a converter duplicated it); "
        "imported once"
    ),
    "number_recognition_slip": gettext_noop(
        "measure number printed '{number}' read as '6)' (a recognition slip)"
    ),
    "consent_moved_up": gettext_noop(
        "'(за згодою)' at the start of the executors cell moved to the row above"
    ),
    "text_without_measure": gettext_noop(
        "text with no measure above it; attached to nothing: «{text}»"
    ),
    "text_outside_rows": gettext_noop("text outside any row, not attached to a measure: «{text}»"),
    "unplaced_text": gettext_noop(
        "text that no heading, measure or title took; kept under «unplaced»: «{text}»"
    ),
    # readers
    "continuation_note_skipped": gettext_noop(
        "paragraph between plan tables skipped as a continuation note: {text}"
    ),
    "text_between_pages_skipped": gettext_noop("text between table pages skipped: {text}"),
    "page_break_row_merged": gettext_noop(
        "page {page}: the first row continues the row cut by the page break; merged"
    ),
    "page_break_merges_carried": gettext_noop(
        "page {page}: cells at the top of the page taken as continuing the merged cells of the "
        "page before (column {columns})"
    ),
    "ocr_low_confidence": gettext_noop(
        "page {page}, row {row}, column {column}: OCR confidence {confidence} %; check the text"
    ),
    # normalisation
    "period_from_deadlines": gettext_noop(
        "normalize: the plan states no period; {first}-{last} taken from the deadlines"
    ),
    "lone_consent": gettext_noop(
        "executors: a lone «(за згодою)» after «{executor}» is taken to mark it"
    ),
    "invalid_date": gettext_noop("deadline: «{text}» is not a valid date"),
    "unit_number_out_of_range": gettext_noop(
        "deadline: a {unit} number outside 1-{limit} was ignored"
    ),
    "no_year_no_period": gettext_noop(
        "deadline: no year given and the plan has no period; dates left empty"
    ),
    "year_from_period": gettext_noop("deadline: no year given; {year} taken from the plan period"),
    "recurring_no_period": gettext_noop(
        "deadline: recurring, but the plan has no period; dates left empty"
    ),
    "open_ended": gettext_noop(
        "deadline: open-ended ('починаючи з'); end of the stated unit taken"
    ),
    "outside_period": gettext_noop(
        "deadline: {start} … {end} lies outside the plan period {first}-{last}"
    ),
    "conditional_deadline": gettext_noop(
        "deadline: depends on a condition; no dates and no reporting periods until a "
        "coordinator sets them"
    ),
    "no_date_found": gettext_noop("deadline: no date found in «{text}»; set the dates by hand"),
    "amount_not_a_number": gettext_noop("funding: «{text}» is not an amount; enter it by hand"),
    "funding_total_mismatch": gettext_noop(
        "funding: the total {total} is not the sum of the years {sum}"
    ),
    "totals_amount_not_a_number": gettext_noop(
        "totals: funding: «{text}» is not an amount; enter it by hand"
    ),
    "totals_total_mismatch": gettext_noop(
        "totals: funding: the total {total} is not the sum of the years {sum}"
    ),
    "unknown_funding_source": gettext_noop(
        "funding: no known source in «{text}»; categorise it by hand"
    ),
}
OTHER = "other"  # a message no template matches: shown as it is ({"text": message})


def warning(code: str, line: int | None = None, **params) -> dict:
    """A warning for the plan: the code, its parameters and the English message."""
    params = {k: v for k, v in params.items()}
    return {"line": line, "code": code, "params": params, "message": format_message(code, params)}


def format_message(code: str, params: dict, translate=lambda s: s) -> str:
    template = TEMPLATES.get(code)
    if template is None:
        return str(params.get("text", ""))
    try:
        return translate(template).format(**params)
    except (KeyError, IndexError, ValueError):
        return template.format(**params)  # a translation that lost a parameter: English


def render(warning: dict, translate=lambda s: s) -> str:
    """The warning in a language: ``render(w, gettext)`` in the web app, English by default."""
    code = warning.get("code")
    if code not in TEMPLATES:
        return str(warning.get("message", ""))
    return format_message(code, warning.get("params") or {}, translate)


@cache
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for code, template in TEMPLATES.items():
        parts = re.split(r"\{(\w+)\}", template)
        regex = "".join(f"(?P<{p}>.*?)" if k % 2 else re.escape(p) for k, p in enumerate(parts))
        out.append((code, re.compile(f"^{regex}$", re.S)))
    return out


def code_of(message: str) -> tuple[str, dict]:
    """The code and parameters of an English message built from a template."""
    for code, pattern in _patterns():
        m = pattern.match(message)
        if m:
            return code, m.groupdict()
    return OTHER, {"text": message}


def add_codes(plan: dict) -> None:
    """Give every warning of a plan its code and parameters: plan-level warnings in place,
    a measure's (plain strings, kept so) in ``warning_codes`` beside them, in the same order."""
    for w in plan.get("warnings") or []:
        if isinstance(w, dict) and "code" not in w:
            w["code"], w["params"] = code_of(str(w.get("message", "")))
    for measure in iter_measures(plan):
        texts = measure.get("warnings") or []
        if texts:
            measure["warning_codes"] = [
                {"code": c, "params": p} for c, p in (code_of(str(t)) for t in texts)
            ]
