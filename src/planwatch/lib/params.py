"""Query parameters: ids within 64 bits (`MAX_ID`, `id_form_field`), and a NUL character
refused for every URL at once.

PostgreSQL cannot store or compare a string with NUL (0x00): a ``?q=x%00y`` reaching a
filter raised ValueError, a 500, on any page that passed a parameter to the database
unchecked. Forms and API serializers refuse NUL already; this covers everything else.
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

# Ids are 64-bit: a larger number is refused by the form or serializer, rather than
# overflowing the database (a filter on a foreign key with 10**20 was a 500).
MAX_ID = 2**63 - 1


def id_form_field(**kwargs) -> forms.IntegerField:
    """A form field for an object id given in the query string: 1 … `MAX_ID`."""
    return forms.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


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
