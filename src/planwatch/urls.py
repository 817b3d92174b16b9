from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import include, path

from planwatch.lib.views import healthz


def home(request: HttpRequest) -> HttpResponse:
    """Staff land on their plans; everyone else on the public pages."""
    return redirect("plans:index" if request.user.is_authenticated else "public:index")


urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("planwatch.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("orgs/", include("planwatch.orgs.urls")),
    path("plans/", include("planwatch.plans.urls")),
    path("public/", include("planwatch.public.urls")),
    path("strategy/", include("planwatch.strategy.urls")),
    path("monitoring/", include("planwatch.monitoring.urls")),
    path("reports/", include("planwatch.reports.urls")),
    path("rollup/", include("planwatch.rollup.urls")),
    path("api/v1/", include("planwatch.api.urls")),
]
