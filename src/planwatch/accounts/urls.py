"""Login, logout, password change and reset: Django's own views with our templates."""

from django.urls import include, path

from planwatch.accounts import views

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("token/", views.api_token, name="api_token"),
    path("", include("django.contrib.auth.urls")),
]
