"""Hand-over pages sit under /monitoring/plans/<pk>/ (root urls.py) but are reports' views."""

from django.urls import path

from planwatch.plan_reports.views import handover

app_name = "handover"

urlpatterns = [
    path("plans/<int:pk>/handover/", handover.handovers, name="list"),
    path("plans/<int:pk>/handover/<int:hpk>/", handover.handover, name="detail"),
    path("plans/<int:pk>/handover/<int:hpk>/signed/", handover.signed_file, name="file"),
]
