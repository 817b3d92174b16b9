"""Login, logout, password change and reset: Django's own views with our templates."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from planwatch.accounts import views
from planwatch.lib.atomic import non_atomic_writes

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("token/", views.api_token, name="api_token"),
    # Checking a password is ~0.5 s of hashing: not inside the request transaction, which on
    # SQLite holds the write lock (lib/atomic.py). Its writes (session, last login) stand alone.
    path("login/", non_atomic_writes(auth_views.LoginView.as_view()), name="login"),
    # before Django's own: the same name and URL, with a limit on letters. Sending a letter
    # waits on the mail server: not inside the request transaction either (SQLite's write lock).
    path(
        "password_reset/",
        non_atomic_writes(views.ThrottledPasswordResetView.as_view()),
        name="password_reset",
    ),
    path("", include("django.contrib.auth.urls")),
]
