"""/api/v1/ — see README.md in this directory."""

from django.urls import path, register_converter
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularJSONAPIView

from planwatch.api.views import meetings, orgs, plans, reports, status
from planwatch.api.views.common import IdConverter
from planwatch.api.views.docs import docs

app_name = "api"
register_converter(IdConverter, "apiid")

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="api:docs"), name="root"),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs/", docs, name="docs"),
    path("organizations/", orgs.OrganizationList.as_view(), name="organizations"),
    path("organizations/<apiid:pk>/", orgs.OrganizationDetail.as_view(), name="organization"),
    path("plans/", plans.PlanList.as_view(), name="plans"),
    path("plans/<apiid:pk>/", plans.PlanDetail.as_view(), name="plan"),
    path("plans/<apiid:pk>/tree/", plans.PlanTree.as_view(), name="plan-tree"),
    path("plans/<apiid:pk>/reporting-status/", status.ReportingStatus.as_view(), name="status"),
    path("measures/", plans.MeasureList.as_view(), name="measures"),
    path("measures/<apiid:pk>/", plans.MeasureDetail.as_view(), name="measure"),
    path("reports/", reports.ReportList.as_view(), name="reports"),
    path("reports/<apiid:pk>/", reports.ReportDetail.as_view(), name="report"),
    path("reports/<apiid:pk>/submit/", reports.ReportSubmit.as_view(), name="report-submit"),
    path("reports/<apiid:pk>/review/", reports.ReportReview.as_view(), name="report-review"),
    path("meetings/", meetings.MeetingList.as_view(), name="meetings"),
    path("meetings/<apiid:pk>/", meetings.MeetingDetail.as_view(), name="meeting"),
    path("decisions/", meetings.DecisionList.as_view(), name="decisions"),
    path("events/", meetings.EventList.as_view(), name="events"),
    path("coverage/", status.Coverage.as_view(), name="coverage"),
    path("strategy/documents/", status.StrategyDocumentList.as_view(), name="documents"),
]
