from django.urls import path

from planwatch.monitoring.views import (
    approvals,
    bulk,
    dashboard,
    duties,
    executor,
    indicators,
    notifications,
    reports,
    xlsx,
)

app_name = "monitoring"

urlpatterns = [
    path("", executor.my_reports, name="my_reports"),
    path("notifications/", notifications.notifications, name="notifications"),
    path("notifications/read/", notifications.mark_all_read, name="notifications_read"),
    path("notifications/<int:pk>/", notifications.open_notification, name="notification"),
    path("xlsx/", xlsx.xlsx_page, name="xlsx"),
    path("xlsx/template.xlsx", xlsx.xlsx_template, name="xlsx_template"),
    path("plans/<int:pk>/", dashboard.dashboard, name="dashboard"),
    path("plans/<int:pk>/reports/", dashboard.report_list, name="report_list"),
    path("plans/<int:pk>/reports/review/", bulk.bulk_review, name="bulk_review"),
    path("plans/<int:pk>/schedule/", dashboard.schedule, name="schedule"),
    path("plans/<int:pk>/duties/", duties.duties, name="duties"),
    path("plans/<int:pk>/duties/<int:duty_pk>/", duties.duty_edit, name="duty_edit"),
    path("plans/<int:pk>/duties/<int:duty_pk>/delete/", duties.duty_delete, name="duty_delete"),
    path(
        "plans/<int:pk>/measures/<int:mid>/indicators/",
        indicators.indicators,
        name="indicators",
    ),
    path(
        "plans/<int:pk>/measures/<int:mid>/indicators/<int:iid>/delete/",
        indicators.indicator_delete,
        name="indicator_delete",
    ),
    path("plans/<int:pk>/approval/", approvals.approval, name="approval"),
    path("approvals/", approvals.inbox, name="approvals"),
    path("reports/<int:pk>/", reports.report, name="report"),
    path("reports/<int:pk>/review/", reports.review, name="review"),
    path("evidence/<int:pk>/", reports.evidence_file, name="evidence"),
    path("evidence/<int:pk>/delete/", reports.evidence_delete, name="evidence_delete"),
]
