"""Every write request in one transaction: a POST that fails half-way leaves nothing behind.

`AtomicWritesMiddleware` (last in MIDDLEWARE, so it wraps only the view and its template)
runs POST, PUT, PATCH and DELETE requests inside `transaction.atomic()` and rolls back when
the response is a server error: an exception in the view has become a 500 response by the
time it reaches us, and Django's ATOMIC_REQUESTS would commit nothing either. GET and HEAD
stay outside (they read; the few that write, like the first dashboard visit computing
expected reports, use their own `transaction.atomic`), so pages pay no extra round trips.
Views keep their own atomic blocks where a part must fail alone (they become savepoints).
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class AtomicWritesMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in WRITE_METHODS:
            return self.get_response(request)
        with transaction.atomic():
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
        return response
