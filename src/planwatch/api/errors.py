"""API errors in the request's language (Ukrainian by default): DRF's own messages come from
its catalog, ours from planwatch's. Django's `Http404("No Plan matches the given query.")` is
English text meant for logs, so it becomes DRF's translated "Not found."; an address under
/api/v1/ that names nothing answers the same JSON instead of the HTML 404 page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, JsonResponse
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)


def not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    return JsonResponse({"detail": str(exceptions.NotFound.default_detail)}, status=404)
