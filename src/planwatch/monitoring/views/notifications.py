"""The "Сповіщення" page: the user's own notifications, newest first; unread ones stand out.
Only ever the requesting user's rows (another user's id is 404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from planwatch.monitoring.models import Notification

PAGE_SIZE = 30


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    rows = Notification.objects.for_user(request.user)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "monitoring/notifications.html", {"page": page})


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = Notification.objects.for_user(request.user).unread().update(read_at=timezone.now())
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("monitoring:notifications")


@login_required
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one read and go where it points (only ever a path on this site)."""
    note = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    safe = note.link.startswith("/") and url_has_allowed_host_and_scheme(
        note.link, allowed_hosts={request.get_host()}
    )
    return redirect(note.link if safe else "monitoring:notifications")
