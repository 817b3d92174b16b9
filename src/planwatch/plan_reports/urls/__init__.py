from django.urls import path

from planwatch.plan_reports import views

app_name = "reports"

urlpatterns = [
    path("plans/<int:pk>/", views.plan_reports, name="plan"),
    path("files/<int:pk>/", views.file_status, name="status"),
    path("files/<int:pk>/download/", views.download, name="download"),
]
