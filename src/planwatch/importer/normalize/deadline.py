"""Deadline cells ("Строк виконання") → start/end dates, recurrence, due day, condition.

The value sits beside the cell's ``text``::

    {"start": "2025-03-01", "end": "2025-06-30", "recurrence": None, "due": None,
     "condition": None, "reporting_periods": ["2025-Q1", "2025-Q2"]}

plus ``years`` when the cell lists separate years ("2021, 2024, 2026 роки").

How a cell reads (``calendar_units`` finds the units, this module decides what they mean):

- units joined by a dash or "з … по …" are a range from the first day of the first unit to the
  last day of the last ("ІІ-ІІІ кв. 2019 року" → 2019-04-01 … 2019-09-30);
- "до …", "до кінця …", "не пізніше …" run from the start of the plan period to the end of the
  unit; "до 2020 року" includes 2020 (plans use it as "by the end of 2020");
- "починаючи з …", "з …" without an end run from the unit to the end of the plan period;
- "щороку", "щокварталу", "щомісяця", "щопівроку", "постійно" and "у разі потреби" set the
  recurrence; without dates of their own they span the plan period; a day without a year under
  a yearly recurrence is the ``due`` day ("щороку (до 10 січня)" → "01-10");
- a cell that waits for an event ("протягом трьох місяців після припинення воєнного стану")
  keeps that text as ``condition`` and has no dates;
- "2025/2026 навчальний рік" runs from September to June; "…, далі - щокварталу" runs on to
  the end of the plan period;
- a unit without a year takes the first year of the plan period, with a warning; dates outside
  the plan period are kept and flagged.
"""

from __future__ import annotations

import re
from datetime import date

from planwatch.importer.normalize.calendar_units import Unit, find_units, tokenize
from planwatch.importer.normalize.periods import period_years, reporting_periods
from planwatch.importer.normalize.text import clean, fold

RECURRENCE_VALUES = ("monthly", "quarterly", "half_yearly", "annually", "continuous", "as_needed")
_W = r"[а-яіїєґ']*"
# Checked in this order: a specific rhythm beats "постійно" in "постійно, щокварталу".
# Only the start of a "що…" word is matched, so OCR slips ("щоквагталу") still read.
RECURRENCES = (
    ("monthly", rf"щомі{_W}|кожн{_W} місяц{_W}|раз на місяць"),
    ("quarterly", rf"щокв{_W}|кожн{_W} кварт{_W}|раз на квартал"),
    ("half_yearly", rf"щопів{_W}|раз на півроку|двічі на рік|кожн{_W} півріч{_W}"),
    ("annually", rf"щор[оі]{_W}|кожн{_W} ро[кц]{_W}|раз на рік"),
    # weekly and daily work has no value of its own: it is ongoing
    ("continuous", rf"щотижн{_W}|щодн{_W}|щоденн{_W}|кожн{_W} (?:тиждень|день|дня)"),
    (
        "continuous",
        rf"постійн{_W}|безперервн{_W}|систематичн{_W}|регулярн{_W}|весь період"
        rf"|(?:протягом|впродовж|упродовж) (?:всього |усього )?(?:періоду|терміну) (?:дії|реаліз)"
        rf"|(?:протягом|впродовж|упродовж) дії",
    ),
)
AS_NEEDED_RE = re.compile(
    rf"(?:у|в) разі (?:виникнення )?(?:потреб|необхідн){_W}"
    rf"|(?:за|при|по) (?:потреб|необхідн){_W}|(?:у|в|по) мір[іу] (?:потреб|необхідн){_W}"
    rf"|(?:у|в) (?:разі|випадку) (?:звернен|запит){_W}|(?:за|на) (?:запит|звернен){_W}"
)
CONDITION_RE = re.compile(
    r"(?<![а-яіїєґ])(?:після|у разі|в разі|за умови|з моменту|з дня|від дня|з дати|по завершенн"
    r"|(?:до|з|після|по) (?:завершенн|припиненн|скасуванн|закінченн|набранн|затвердженн"
    r"|прийнятт|отриманн|надходженн|відновленн|деокупаці)|воєнн[а-яіїєґ]* стан)"
)
ACADEMIC_RE = re.compile(r"навчальн|(?<![а-яіїєґ])н\.\s?р\.")
LATER_RE = re.compile(r"(?<![а-яіїєґ])(?:надалі|далі)(?![а-яіїєґ])")
OPEN_START = ("починаючи", "з", "із", "від", "зі")
COMPOUND_PREPOSITIONS = ("відповідно", "згідно", "разом", "порівняно", "паралельно")
OPEN_END = ("до", "кінця", "пізніше", "по")
LATE = ("кінці", "кінець", "наприкінці")
EARLY = ("початку", "початок", "напочатку")
_YEAR_WORD_RE = re.compile(r"(?<![а-яіїєґ])(?:року|рік|роки|років|році)(?![а-яіїєґ])")


def empty_deadline() -> dict:
    """The value of an empty cell: every documented key, nothing known."""
    return {
        "start": None,
        "end": None,
        "recurrence": None,
        "due": None,
        "condition": None,
        "reporting_periods": [],
        "warnings": [],
    }


def parse_deadline(text: str, period: object = None) -> dict:
    """Structured value of a deadline cell; ``period`` is the plan's {"start","end"} years.

    Returns the keys of ``empty_deadline`` (``warnings`` is for the measure, not the cell) and
    ``years`` for a list of years. Never raises: an unreadable cell yields nulls and a warning.
    """
    result = empty_deadline()
    folded = fold(text)
    if not folded:
        return result
    warnings: list[str] = result["warnings"]
    units, unit_warnings = find_units(tokenize(folded))
    warnings.extend(unit_warnings)
    result["recurrence"] = _recurrence(folded)
    result["condition"] = _condition(folded, text)
    result["_folded"] = folded  # read by _academic_or_later, removed below
    units = _take_due(units, result)
    if not units and result["recurrence"] is None and result["condition"] is None:
        units = _year_implied(folded)
    first, last = period_years(period)
    units = _fill_years(units, first, warnings)
    _set_span(result, units, (first, last), warnings)
    del result["_folded"]
    _check_period(result, (first, last), warnings)
    _explain_missing(result, text, warnings)
    result["reporting_periods"] = reporting_periods(result, period)
    return result


def _recurrence(folded: str) -> str | None:
    for name, pattern in RECURRENCES:
        if re.search(pattern, folded):
            return name
    return "as_needed" if AS_NEEDED_RE.search(folded) else None


def _condition(folded: str, text: str) -> str | None:
    """The cell's text when the measure waits for an event; "у разі потреби" is not one."""
    if CONDITION_RE.search(AS_NEEDED_RE.sub(" ", folded)):
        return clean(text)
    return None


def _take_due(units: list[Unit], result: dict) -> list[Unit]:
    """Under a yearly rhythm a day or month without a year is the due day, not a date.

    "щороку (до 10 січня)" → due 01-10; "вересень-жовтень щороку" → by the end of October;
    several due days a year ("до 20 січня та 20 червня") make the rhythm half-yearly (two or
    three) or quarterly (four or more).
    """
    if result["recurrence"] not in ("annually", "half_yearly"):
        return units
    yearless = [u for u in units if u.year is None or u.filled]
    dues = [u for u in yearless if u.kind == "day"] or [u for u in yearless if u.kind == "month"]
    if not dues:
        return units
    is_range = any(u.joined == "range" for u in dues[1:])
    first = dues[-1] if is_range else dues[0]
    result["due"] = _mm_dd(first.bounds(2001)[1])
    times = 1 if is_range else len({(u.number, u.day) for u in dues})
    if result["recurrence"] == "annually" and times > 1:
        result["recurrence"] = "half_yearly" if times < 4 else "quarterly"
    return [u for u in units if u not in dues]


def _mm_dd(day: date) -> str:
    """MM-DD of a day; computed in a non-leap year, so "29 лютого" becomes "02-28"."""
    return f"{day.month:02d}-{day.day:02d}"


def _year_implied(folded: str) -> list[Unit]:
    """ "протягом року", "до кінця року": a year is meant but not given."""
    if not _YEAR_WORD_RE.search(folded):
        return []
    return [Unit("year", None, before=tuple(folded.split()))]


def _fill_years(units: list[Unit], first: int | None, warnings: list[str]) -> list[Unit]:
    """Give yearless units the plan's first year (and say so); drop them if there is none."""
    if all(u.year is not None for u in units):
        return units
    if first is None:
        warnings.append("deadline: no year given and the plan has no period; dates left empty")
        return [u for u in units if u.year is not None]
    for unit in units:
        unit.year = unit.year or first
    warnings.append(f"deadline: no year given; {first} taken from the plan period")
    return units


def _set_span(result: dict, units: list[Unit], period: tuple, warnings: list[str]) -> None:
    first, last = period
    if not units:
        if result["recurrence"] is not None and first is not None:
            _put(result, date(first, 1, 1), date(last, 12, 31))
        elif result["recurrence"] is not None:
            warnings.append("deadline: recurring, but the plan has no period; dates left empty")
        return
    bounds = [u.bounds(first or 2000) for u in units]
    start, end = min(b[0] for b in bounds), max(b[1] for b in bounds)
    start, end = _narrow(units, start, end)
    start, end = _open_ends(units, start, end, period, warnings)
    start, end = _academic_or_later(result.get("_folded", ""), units, (start, end), period)
    _put(result, start, end)
    if _is_year_list(units):
        result["years"] = sorted({u.year for u in units})


def _academic_or_later(folded: str, units: list[Unit], span: tuple, period: tuple) -> tuple:
    """ "2025/2026 навчальний рік" runs September to June; "І квартал 2025 року, далі -
    щокварталу" runs on to the end of the plan."""
    start, end = span
    years = [u.year for u in units if u.kind == "year"]
    if ACADEMIC_RE.search(folded) and len(units) == len(years) == 2 and years[1] == years[0] + 1:
        return date(years[0], 9, 1), date(years[1], 6, 30)
    if LATER_RE.search(folded) and period[1] is not None and period[1] >= end.year:
        return start, date(period[1], 12, 31)
    return start, end


def _is_year_list(units: list[Unit]) -> bool:
    """ "2021, 2024, 2026 роки": separate years, not a range."""
    if len(units) < 2 or any(u.kind != "year" for u in units):
        return False
    return all(u.joined != "range" for u in units[1:])


def _narrow(units: list[Unit], start: date, end: date) -> tuple[date, date]:
    """ "наприкінці 2025 року" is its last quarter, "на початку 2026 року" its first."""
    if len(units) != 1 or units[0].kind != "year":
        return start, end
    opening = _opening_words(units[0].before)
    if any(w in LATE for w in opening) and "до" not in opening:
        return date(end.year, 10, 1), end
    if any(w in EARLY for w in opening):
        return start, date(start.year, 3, 31)
    return start, end


def _open_ends(units: list[Unit], start: date, end: date, period: tuple, warnings: list[str]):
    """Apply "до …" (from the plan start) and "починаючи з …" (to the plan end)."""
    first, last = period
    is_range = any(u.joined == "range" for u in units[1:])
    opening = _opening_words(units[0].before)
    if is_range:
        return start, end
    if any(w in OPEN_START for w in opening) and not any(w in OPEN_END for w in opening):
        if last is not None and last >= start.year:
            return start, date(last, 12, 31)
        warnings.append("deadline: open-ended ('починаючи з'); end of the stated unit taken")
        return start, end
    closing = any(w in OPEN_END for w in opening) and not any(w in OPEN_START for w in opening)
    if closing and first is not None and first <= end.year:
        return min(start, date(first, 1, 1)), end
    return start, end


def _opening_words(before: tuple[str, ...]) -> tuple[str, ...]:
    """The last words before the first unit, without the "до"/"з" of "відповідно до"."""
    kept = [w for i, w in enumerate(before) if not (i and before[i - 1] in COMPOUND_PREPOSITIONS)]
    return tuple(kept[-3:])


def _check_period(result: dict, period: tuple, warnings: list[str]) -> None:
    """Dates outside the plan period are kept but flagged: usually a typo in the year."""
    first, last = period
    if result["start"] is None or first is None:
        return
    if int(result["start"][:4]) < first or int(result["end"][:4]) > last:
        warnings.append(
            f"deadline: {result['start']} … {result['end']} lies outside the plan period "
            f"{first}-{last}"
        )


def _put(result: dict, start: date, end: date) -> None:
    if start > end:
        start, end = end, start
    result["start"], result["end"] = start.isoformat(), end.isoformat()


def _explain_missing(result: dict, text: str, warnings: list[str]) -> None:
    """Every non-empty cell left without dates says why, so a person can set them."""
    if result["start"] is not None or result["recurrence"] == "as_needed":
        return
    if result["condition"] is not None:
        warnings.append(
            "deadline: depends on a condition; no dates and no reporting periods until a "
            "coordinator sets them"
        )
    elif not any(w.startswith("deadline: no year") or "plan has no period" in w for w in warnings):
        warnings.append(f"deadline: no date found in «{clean(text)}»; set the dates by hand")
