"""Values as DRF's fields would write them, for the hand-written `to_representation` of the
serializers the lists use.

Why: going through DRF's fields one by one (attribute lookup, `SkipField`, a nested
serializer per related object) was most of a list's CPU at national scale — about half of a
50-row page of reports or measures. The serializers still declare their fields (the OpenAPI
schema comes from them); their `to_representation` writes the same dict directly.
`tests/api/test_rows.py` compares every endpoint's bytes with DRF's own field-by-field path.
"""

from __future__ import annotations

from rest_framework import serializers

_DATE = serializers.DateField()
_DATETIME = serializers.DateTimeField()


def date(value) -> str | None:
    return _DATE.to_representation(value)


def datetime(value) -> str | None:
    """ISO 8601 in the current time zone ("Z" for UTC), None for None."""
    return _DATETIME.to_representation(value)


def org_ref(org) -> dict | None:
    return None if org is None else {"id": org.pk, "name": org.name, "kind": org.kind}
