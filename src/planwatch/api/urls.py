"""/api/v1/ — see README.md in this directory."""

from django.urls import path, re_path, register_converter
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularJSONAPIView

from planwatch.api.errors import not_found
from planwatch.api.views import chain, figures, links, meetings, orgs, plans, reports, status
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
    path("plans/<apiid:pk>/figures/", figures.PlanFigures.as_view(), name="figures"),
    path("plans/<apiid:pk>/links/", links.PlanLinks.as_view(), name="plan-links"),
    path("measures/", plans.MeasureList.as_view(), name="measures"),
    path("measures/<apiid:pk>/", plans.MeasureDetail.as_view(), name="measure"),
    path("reports/", reports.ReportList.as_view(), name="reports"),
    path("reports/<apiid:pk>/", reports.ReportDetail.as_view(), name="report"),
    path("reports/<apiid:pk>/submit/", reports.ReportSubmit.as_view(), name="report-submit"),
    path("reports/<apiid:pk>/review/", reports.ReportReview.as_view(), name="report-review"),
    path("approvals/", chain.ApprovalList.as_view(), name="approvals"),
    path("approvals/<apiid:pk>/", chain.ApprovalDetail.as_view(), name="approval"),
    path("approvals/<apiid:pk>/review/", chain.ApprovalReview.as_view(), name="approval-review"),
    path("handovers/", chain.HandoverList.as_view(), name="handovers"),
    path("handovers/<apiid:pk>/", chain.HandoverDetail.as_view(), name="handover"),
    path("handovers/<apiid:pk>/sign/", chain.HandoverSign.as_view(), name="handover-sign"),
    path(
        "handovers/<apiid:pk>/register/",
        chain.HandoverRegister.as_view(),
        name="handover-register",
    ),
    path("meetings/", meetings.MeetingList.as_view(), name="meetings"),
    path("meetings/<apiid:pk>/", meetings.MeetingDetail.as_view(), name="meeting"),
    path("decisions/", meetings.DecisionList.as_view(), name="decisions"),
    path("events/", meetings.EventList.as_view(), name="events"),
    path("coverage/", status.Coverage.as_view(), name="coverage"),
    path("strategy/documents/", status.StrategyDocumentList.as_view(), name="documents"),
    # Anything else under /api/v1/ ending in "/": a JSON 404 in the request's language.
    re_path(r"^(?P<path>.*/)$", not_found, name="not-found"),
]
