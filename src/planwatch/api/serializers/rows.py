"""Values as DRF's fields would write them, for the hand-written `to_representation` of the
serializers the lists use.

Why: going through DRF's fields one by one (attribute lookup, `SkipField`, a nested
serializer per related object) was most of a list's CPU at national scale — about half of a
50-row page of reports or measures. The serializers still declare their fields (the OpenAPI
schema comes from them); their `to_representation` writes the same dict directly.
`tests/api/test_rows.py` compares every endpoint's bytes with DRF's own field-by-field path.
"""

from __future__ import annotations

from django.utils import timezone
from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings

_DATE = serializers.DateField()
_DATETIME = serializers.DateTimeField()


def date(value) -> str | None:
    return _DATE.to_representation(value)


def datetime(value, tz=None) -> str | None:
    """ISO 8601 in the current time zone (`tz` if the caller looked it up), "Z" for UTC; None
    for None. DRF's field looks the zone up for every value, the costly part of it."""
    if value is None:
        return None
    if timezone.is_naive(value) or str(api_settings.DATETIME_FORMAT).lower() != ISO_8601:
        return _DATETIME.to_representation(value)
    text = value.astimezone(tz or timezone.get_current_timezone()).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def org_ref(org) -> dict | None:
    return None if org is None else {"id": org.pk, "name": org.name, "kind": org.kind}
