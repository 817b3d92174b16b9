"""Every list is paginated: `?page=N&page_size=M` (M ≤ 200), two queries (count + page)."""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
