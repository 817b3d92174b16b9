from django.urls import path

from planwatch.meetings import views

app_name = "meetings"

urlpatterns = [
    path("plans/<int:pk>/", views.plan_meetings, name="plan"),
    path("plans/<int:pk>/add/", views.meeting_add, name="add"),
    path("<int:pk>/", views.meeting, name="meeting"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/delete/", views.meeting_delete, name="delete"),
    path("<int:pk>/minutes/", views.minutes, name="minutes"),
    path("<int:pk>/decisions/", views.decision_add, name="decision_add"),
    path("decisions/<int:pk>/", views.decision, name="decision"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/<str:key>.ics", views.calendar_feed, name="feed"),
]
