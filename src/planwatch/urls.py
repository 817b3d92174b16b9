from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import include, path

from planwatch.lib.views import healthz


def home(request: HttpRequest) -> HttpResponse:
    """Members land on their role's page (accounts/home.py); everyone else on the public pages."""
    if not request.user.is_authenticated:
        return redirect("public:index")
    from planwatch.accounts.home import home_url
    from planwatch.orgs.access import get_access

    return redirect(home_url(get_access(request)))


urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("planwatch.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("orgs/", include("planwatch.orgs.urls")),
    path("plans/", include("planwatch.plans.urls")),
    path("plans/", include("planwatch.strategy.urls.plan_links")),  # /plans/<pk>/upper/, lower/
    path("public/", include("planwatch.public.urls")),
    path("strategy/", include("planwatch.strategy.urls")),
    path("monitoring/", include("planwatch.monitoring.urls")),
    path("monitoring/", include("planwatch.plan_reports.urls.handover")),  # …/plans/<pk>/handover/
    path("meetings/", include("planwatch.meetings.urls")),
    path("reports/", include("planwatch.plan_reports.urls")),
    path("rollup/", include("planwatch.rollup.urls")),
    path("api/v1/", include("planwatch.api.urls")),
]
