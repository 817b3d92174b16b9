"""Login, logout, password change and reset: Django's own views with our templates."""

from django.urls import include, path

from planwatch.accounts import views

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("", include("django.contrib.auth.urls")),
]
