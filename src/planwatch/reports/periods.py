"""The period a report covers: a quarter, a half-year, a year, or the whole plan so far.

Monitoring's `Period` knows the first three; a report may also cover "all" — everything from
the plan's first year up to the day it is made. Titles are written the way a document names
its period ("за III квартал 2025 року"), which differs from the dashboard's short label.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from planwatch.formats import prose_date
from planwatch.monitoring.periods import ROMAN, Period

ALL = "all"


@dataclass(frozen=True)
class ReportPeriod:
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
            return _("for the whole term of the plan as of %(date)s") % {
                "date": prose_date(self.end)
            }
        year, _sep, part = self.label.partition("-")
        if not part:
            return _("for %(year)s") % {"year": year}
        n = ROMAN[int(part[1])]
        if part[0] == "Q":
            return _("for quarter %(n)s of %(year)s") % {"n": n, "year": year}
        return _("for half-year %(n)s of %(year)s") % {"n": n, "year": year}

    def holds(self, start: dt.date, end: dt.date) -> bool:
        """A reporting period (of the schedule) lies inside this one."""
        return self.start <= start and end <= self.end


def choices(labels: list[str]) -> list[str]:
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
