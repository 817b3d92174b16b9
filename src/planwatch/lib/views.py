"""Operational endpoints that need no login."""

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 "ok" when the database answers: what a load balancer or uptime check needs."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


class HealthzMiddleware:
    """Early in MIDDLEWARE: `/healthz` is answered before anything checks the Host.

    A load balancer or uptime probe asks over plain HTTP, often by the server's own address
    (``Host: 10.0.0.5:8000``) rather than the site's name: past this point ALLOWED_HOSTS would
    answer 400 and the HTTPS redirect 301, and a healthy server would be taken out of service.
    The answer uses nothing from the request, so skipping the host check here is safe.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == "/healthz" and request.method in ("GET", "HEAD"):
            return healthz(request)
        return self.get_response(request)
