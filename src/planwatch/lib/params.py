"""Query parameters no view should see: a NUL character is refused for every URL at once.

PostgreSQL cannot store or compare a string with NUL (0x00): a ``?q=x%00y`` reaching a
filter raised ValueError, a 500, on any page that passed a parameter to the database
unchecked. Forms and API serializers refuse NUL already; this covers everything else.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _


class RefuseNulQueryMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in v for v in values):
                message = _("The address has a NUL character in the parameter “%(name)s”.")
                return HttpResponseBadRequest(
                    message % {"name": key.replace("\x00", "?")[:50]},
                    content_type="text/plain; charset=utf-8",
                )
        return self.get_response(request)
