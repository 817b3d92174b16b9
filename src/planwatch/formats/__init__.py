"""Date formats that differ from Django's (FORMAT_MODULE_PATH): Ukrainian prose writes the day
without a leading zero, "5 грудня 2026 р."; tables keep SHORT_DATE_FORMAT, 05.12.2026."""

from datetime import date

from django.utils import translation
from django.utils.formats import date_format


def prose_date(day: date, language: str | None = None) -> str:
    """A date inside a sentence in the active (or given) language: "5 грудня 2026 р."."""
    with translation.override(language or translation.get_language()):
        return date_format(day, "DATE_FORMAT")
