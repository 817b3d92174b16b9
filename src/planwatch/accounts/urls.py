"""Login, logout, password change and reset: Django's own views with our templates."""

from django.urls import include, path

from planwatch.accounts import views

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("token/", views.api_token, name="api_token"),
    # before Django's own: the same name and URL, with a limit on letters
    path("password_reset/", views.ThrottledPasswordResetView.as_view(), name="password_reset"),
    path("", include("django.contrib.auth.urls")),
]
