"""In-app notifications: what the e-mails say (reminders, digest) and what happened to a report
(submitted, returned, accepted, reopened), listed on the "Сповіщення" page."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    BEFORE = "before", _("Report due soon")
    AFTER = "after", _("Report overdue")
    DIGEST = "digest", _("Weekly digest")
    DEADLINE_SOON = "m_soon", _("Measure deadline soon")
    DEADLINE_PASSED = "m_late", _("Measure deadline passed")
    DECISION_OVERDUE = "dec_late", _("Meeting decision overdue")
    SUBMITTED = "submitted", _("Report submitted")
    RETURNED = "returned", _("Report returned")
    ACCEPTED = "accepted", _("Report accepted")
    REOPENED = "reopened", _("Report reopened")
    APPROVAL = "approval", _("Period summary: approval up the chain")


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user) -> NotificationQuerySet:
        return self.filter(user=user)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """`text` is written once, in the site's language, when the event happens (the recipient
    may read it weeks later, after the report has moved on). `link` is a path on this site."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    text = models.TextField()
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}"
