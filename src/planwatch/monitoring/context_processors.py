"""`unread_notifications` for the header: one COUNT query, and only when a page shows it
(a lazy value; anonymous users cost nothing)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def notifications(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}

    def count() -> int:
        from planwatch.monitoring.models import Notification

        return Notification.objects.for_user(user).unread().count()

    return {"unread_notifications": SimpleLazyObject(count)}
