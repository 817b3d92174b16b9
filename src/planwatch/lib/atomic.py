"""Every write request in one transaction: a POST that fails half-way leaves nothing behind.

`AtomicWritesMiddleware` (last in MIDDLEWARE, so it wraps only the view and its template)
runs POST, PUT, PATCH and DELETE requests inside `transaction.atomic()` and rolls back when
the response is a server error: an exception in the view has become a 500 response by the
time it reaches us, and Django's ATOMIC_REQUESTS would commit nothing either. GET and HEAD
stay outside (they read; the few that write, like the first dashboard visit computing
expected reports, use their own `transaction.atomic`), so pages pay no extra round trips.
Views keep their own atomic blocks where a part must fail alone (they become savepoints).

On SQLite a transaction takes the database's one write lock when it begins (IMMEDIATE, see
settings.py), so a write request holds it for as long as its view runs. A view that spends
long on work that is not the database — the login checking a password (~0.5 s of hashing),
the upload form parsing a plan — is marked `@non_atomic_writes` and opens its own short
transaction around its writes, so the other requests do not queue behind its CPU work.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
NON_ATOMIC = "planwatch_non_atomic_writes"


def non_atomic_writes(view):
    """This view's write requests run outside the request transaction (see the module)."""
    setattr(view, NON_ATOMIC, True)
    return view


def _exempt(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return False
    return getattr(match.func, NON_ATOMIC, False)


class AtomicWritesMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in WRITE_METHODS or _exempt(request):
            return self.get_response(request)
        with transaction.atomic():
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
        return response
