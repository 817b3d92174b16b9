"""Every list is paginated: `?page=N&page_size=M` (M ≤ 200), with a count that stops at a cap.

Why not DRF's PageNumberPagination: its exact COUNT(*) over everything a caller may see is
the whole cost of a list at national scale (1.2M visible reports: 2 s for the count, 40 ms
for the page). Here the page is read with one row more than asked (that row says whether
there is a next page) and the count runs over at most `COUNT_CAP + 1` rows, so a list costs
the same whether the country has 1,500 communities or 15. Below the cap the count is exact
(`count_exact: true`); above it `count` is the cap and `count_exact` is false — pages past
the cap still work, and `next` says whether there is more. Two queries (page and count) —
one once a count has been past the cap within a minute (`PAST_CAP_SECONDS`) — so a list's
query count does not grow with the data. A view may name `count_parts`:
disjoint querysets whose union is the list, counted each up to the cap in that one query
(the reports: an OR of the ways in was counted row by row, its parts each from an index).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

DEFAULT_COUNT_CAP = 10_000
# No list has a million pages (1.2M reports nationally are 6,000 pages of 200); a larger
# number would make an OFFSET past the database's 64-bit integer (a 500, not a 404).
MAX_PAGE = 1_000_000


def count_cap() -> int:
    return int(getattr(settings, "PLANWATCH_API_COUNT_CAP", DEFAULT_COUNT_CAP))


# A count past the cap stays past it for a while: what it says ("the cap, not exact") does not
# change within a minute, while counting up to the cap again costs the most of a list at
# national scale (10,001 of the country's accepted reports on public plans, the first part of
# every caller's reports, read on each request). A count within the cap is made every time.
PAST_CAP_SECONDS = 60.0
_PAST_CAP_KEYS = 1_000  # distinct past-cap queries remembered (filters make them differ)
_past_cap: dict[tuple, float] = {}  # (database, SQL, params) → remembered until (monotonic)


def _now() -> float:
    return time.monotonic()


def _key(db: str, sql: str, params: list) -> tuple | None:
    key = (db, sql, *params)
    try:
        hash(key)
    except TypeError:  # a parameter that is a list: not remembered
        return None
    return key


def capped_sum(parts, cap: int) -> int:
    """The size of the union of disjoint querysets, counted up to `cap + 1` each, in one
    query: each part's count stops at the cap (beyond it the sum is past the cap anyway).
    Widest part first: a first part past the cap is remembered (`PAST_CAP_SECONDS`), and
    the sum is then past the cap without a query."""
    counts = []
    for part in parts:
        try:
            sql, params = part.order_by().values("pk")[: cap + 1].query.sql_with_params()
        except EmptyResultSet:  # a filter that matches nothing (as `count()` would: no query)
            continue
        counts.append((f"SELECT COUNT(*) AS n FROM ({sql}) part", list(params)))
    if not counts:
        return 0
    db = parts[0].db
    first = _key(db, *counts[0])
    if first is not None and _past_cap.get(first, 0.0) > _now():
        return cap + 1
    # the next part is counted only while the sum is within the cap; the outermost statement
    # also says the first part's own count
    sql, params = counts.pop()
    for index in reversed(range(len(counts))):
        first_n = ", n" if index == 0 else ""
        sql = (
            f"SELECT CASE WHEN n > {cap:d} THEN n ELSE n + ({sql}) END{first_n} "
            f"FROM ({counts[index][0]}) counted"
        )
        params = params + counts[index][1]  # the ELSE comes before the FROM
    with connections[db].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    total, first_count = (row[0], row[1]) if counts else (row[0], row[0])
    if first is not None and first_count > cap:
        if len(_past_cap) >= _PAST_CAP_KEYS:
            _past_cap.clear()
        _past_cap[first] = _now() + PAST_CAP_SECONDS
    return total


class Pagination(BasePagination):
    page_size = 50
    max_page_size = 200
    page_query_param = "page"
    page_size_query_param = "page_size"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.size = self._size(request)
        self.number = self._number(request)
        offset = (self.number - 1) * self.size
        rows = list(queryset[offset : offset + self.size + 1])
        self.has_next = len(rows) > self.size
        rows = rows[: self.size]
        if not rows and self.number > 1:
            raise NotFound(_("Invalid page."))
        cap = count_cap()
        parts = getattr(view, "count_parts", None)
        counted = capped_sum(parts or [queryset], cap)
        self.count, self.count_exact = min(counted, cap), counted <= cap
        return rows

    def _size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        try:
            size = int(raw) if raw else self.page_size
        except ValueError:
            return self.page_size
        return min(size, self.max_page_size) if size > 0 else self.page_size

    def _number(self, request) -> int:
        raw = request.query_params.get(self.page_query_param) or "1"
        if raw == "last":
            raise NotFound(_("Invalid page."))
        try:
            number = int(raw)
        except ValueError:
            raise NotFound(_("Invalid page.")) from None
        if not 1 <= number <= MAX_PAGE:
            raise NotFound(_("Invalid page."))
        return number

    def _link(self, number: int | None) -> str | None:
        if number is None:
            return None
        url = self.request.build_absolute_uri()
        if number == 1:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, number)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.count,
                "count_exact": self.count_exact,
                "next": self._link(self.number + 1 if self.has_next else None),
                "previous": self._link(self.number - 1 if self.number > 1 else None),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        cap = count_cap()
        return {
            "type": "object",
            "required": ["count", "count_exact", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "example": 123,
                    "description": f"How many there are, counted up to {cap:,}; "
                    "beyond that the cap itself (see count_exact).",
                },
                "count_exact": {
                    "type": "boolean",
                    "description": f"false when there are more than {cap:,}: follow `next` "
                    "or narrow the list with its filters.",
                },
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "A page number within the paginated result set.",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Results per page (default {self.page_size}, "
                f"at most {self.max_page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]
