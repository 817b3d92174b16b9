"""Reporting periods of a schedule: quarters "2025-Q3", half-years "2025-H2", years "2025".

A measure's normalised deadline lists the quarters it owes (`deadline.reporting_periods`, see
planwatch.importer.normalize.periods). A slower schedule folds those quarters into its own
periods: Q1/Q2 → H1, Q3/Q4 → H2; any quarter → the year. Dates are plain `date`s (no time zone):
a period is a span of calendar days in Kyiv, and due dates are counted in days after its end.

The one home of "period": the schedule's `Period`, the `ReportPeriod` a document or roll-up
covers (those, or "all" — the plan so far), the choices the pages offer, and the period a page
opens on. Here rather than in reports because monitoring (the lower app) owns the schedule and
everything else — dashboard, reminders, API, roll-up, reports, public pages — reads it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from planwatch.formats import prose_date

QUARTERLY, HALF_YEARLY, ANNUAL = "quarterly", "half_yearly", "annual"
ALL = "all"  # a report (not a schedule) may cover the whole plan so far
MONTHLY = "monthly"  # only duties (a plan's "щомісяця"); reports are never asked monthly
_LABEL_RE = re.compile(r"^(\d{4})(?:-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$")
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date
    label: str

    @classmethod
    def parse(cls, label: str) -> Period | None:
        match = _LABEL_RE.match(str(label or "").strip())
        if not match:
            return None
        year, part = int(match.group(1)), match.group(2)
        if part is None:
            return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), str(year))
        if part.isdigit():
            month = int(part)
            return cls(dt.date(year, month, 1), _month_end(year, month), f"{year}-{part}")
        if part[0] == "Q":
            q = int(part[1])
            return cls(dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q), f"{year}-{part}")
        h = int(part[1])
        return cls(dt.date(year, 6 * h - 5, 1), _month_end(year, 6 * h), f"{year}-{part}")

    @property
    def title(self) -> str:
        """How a coordinator writes it: "III квартал 2025", "I півріччя 2025", "2025 рік"."""
        year, _sep, part = self.label.partition("-")
        if not part:
            return str(_("%(year)s year") % {"year": year})
        if part.isdigit():
            return f"{part}.{year}"
        if part[0] == "Q":
            return str(_("quarter %(n)s %(year)s") % {"n": ROMAN[int(part[1])], "year": year})
        return str(_("half-year %(n)s %(year)s") % {"n": ROMAN[int(part[1])], "year": year})

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def fold_quarter(label: str, frequency: str) -> str | None:
    """The schedule's period that holds the quarter "2025-Q3"; None for a malformed label."""
    period = Period.parse(label)
    if period is None or "-Q" not in period.label:
        return None
    year, quarter = period.start.year, int(period.label[-1])
    if frequency == HALF_YEARLY:
        return f"{year}-H{1 if quarter <= 2 else 2}"
    if frequency == ANNUAL:
        return str(year)
    return period.label


def period_of(day: dt.date, frequency: str) -> Period:
    """The schedule's period that contains `day`."""
    label = fold_quarter(f"{day.year}-Q{(day.month - 1) // 3 + 1}", frequency)
    return Period.parse(label)  # type: ignore[arg-type]


def previous_period(period: Period, frequency: str) -> Period:
    return period_of(period.start - dt.timedelta(days=1), frequency)


def periods_in_year(year: int, frequency: str) -> list[Period]:
    """The periods of `frequency` in the calendar year, in order (a duty's periods)."""
    if frequency == MONTHLY:
        labels = [f"{year}-{m:02d}" for m in range(1, 13)]
    elif frequency == HALF_YEARLY:
        labels = [f"{year}-H1", f"{year}-H2"]
    elif frequency == ANNUAL:
        labels = [str(year)]
    else:
        labels = [f"{year}-Q{q}" for q in range(1, 5)]
    return [Period.parse(label) for label in labels]  # type: ignore[misc]


@dataclass(frozen=True)
class ReportPeriod:
    """The period a report covers: a quarter, a half-year, a year, or "all" — everything from
    the plan's first year up to the day it is made. Titles are written the way a document
    names its period ("за III квартал 2025 року"), which differs from the dashboard's label."""

    label: str
    start: dt.date
    end: dt.date

    @classmethod
    def parse(
        cls, label: str, today: dt.date, first_year: int | None = None
    ) -> ReportPeriod | None:
        """None for a malformed label. "all" starts with the plan's first year (or 2000)."""
        label = str(label or "").strip()
        if label == ALL:
            return cls(ALL, dt.date(first_year or 2000, 1, 1), today)
        period = Period.parse(label)
        if period is None:
            return None
        return cls(period.label, period.start, period.end)

    @property
    def is_all(self) -> bool:
        return self.label == ALL

    @property
    def title(self) -> str:
        """For the document: "за III квартал 2025 року", "за 2025 рік", "станом на …"."""
        if self.is_all:
            return gettext("for the whole term of the plan as of %(date)s") % {
                "date": prose_date(self.end)
            }
        year, _sep, part = self.label.partition("-")
        if not part:
            return gettext("for %(year)s") % {"year": year}
        n = ROMAN[int(part[1])]
        if part[0] == "Q":
            return gettext("for quarter %(n)s of %(year)s") % {"n": n, "year": year}
        return gettext("for half-year %(n)s of %(year)s") % {"n": n, "year": year}

    def holds(self, start: dt.date, end: dt.date) -> bool:
        """A reporting period (of the schedule) lies inside this one."""
        return self.start <= start and end <= self.end


def report_choices(labels: list[str]) -> list[str]:
    """Periods worth offering for a plan whose schedule has periods `labels` (sorted): each of
    them, the half-years and years they make up, newest first, then "all"."""
    out: set[str] = set()
    for label in labels:
        out.add(label)
        year, _sep, part = label.partition("-")
        out.add(year)
        if part.startswith("Q"):
            out.add(f"{year}-H{1 if int(part[1]) <= 2 else 2}")
    parsed = [Period.parse(label) for label in out]
    ordered = sorted((p for p in parsed if p), key=lambda p: (-p.end.toordinal(), p.start))
    return [p.label for p in ordered] + [ALL]


def years_so_far(
    first_year: int | None, last_year: int | None, today: dt.date
) -> list[tuple[str, str]]:
    """(label, title) of each year of a plan's term begun so far, newest first, then the whole
    plan to date: what the public pages offer."""
    first = first_year or today.year
    last = min(last_year or today.year, today.year)
    out = []
    for year in range(last, first - 1, -1):
        p = ReportPeriod.parse(str(year), today, first)
        if p is not None:
            out.append((p.label, p.title))
    whole = ReportPeriod.parse(ALL, today, first)
    return out + ([(whole.label, whole.title)] if whole else [])


def latest_ended_or_first(labels: list[str], today: dt.date) -> str | None:
    """The period a plan's dashboard opens on: the last of `labels` (in the order given, the
    plan's periods by end) that has ended — the one being reported on —, else the first.
    The dashboard, the status API and the reminder digest."""
    ended = [label for label in labels if Period.parse(label).end < today]
    return ended[-1] if ended else (labels[0] if labels else None)


def latest_ended_or_this_year(labels: list[str], today: dt.date) -> str:
    """The period a roll-up opens on: of many plans' periods (any order, malformed skipped),
    the one ending last before today (by dates); this year when none has ended."""
    ended = [p for p in (Period.parse(label) for label in labels) if p and p.end < today]
    return max(ended).label if ended else str(today.year)


def latest_ended_or_none(newest_first: list[str], today: dt.date | None) -> str | None:
    """The document form's preselected period: the first of `newest_first` (report choices,
    "all" among them) that has ended — the one a coordinator reports on —; none preselected
    when none has (or no day is given)."""
    for label in newest_first:
        period = Period.parse(label)
        if period is not None and today is not None and period.end < today:
            return label
    return None
