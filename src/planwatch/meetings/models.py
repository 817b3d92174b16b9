"""The meetings register: meetings of a plan's working group or council, their decisions, and
each person's calendar feed key.

A decision is tracked like a measure until done: a responsible organisation, a due date, a
status; past its due date and not done (or cancelled) it is overdue.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from planwatch.orgs.access import paths_q
from planwatch.orgs.models import Organization
from planwatch.plans.models import Plan


class Body(models.TextChoices):
    WORKING_GROUP = "working_group", _("Interdepartmental working group")
    COUNCIL = "council", _("Coordination council")
    OTHER = "other", _("Other body")


def minutes_upload_to(instance, filename: str) -> str:
    """A random name: the name the browser sent is kept in the row, never used as a path."""
    return f"meetings/{instance.plan_id}/{uuid.uuid4().hex}.{instance.minutes_kind or 'bin'}"


class MeetingQuerySet(models.QuerySet):
    def of_plan(self, plan: Plan) -> MeetingQuerySet:
        return self.filter(plan=plan)

    def visible_to(self, access) -> MeetingQuerySet:
        """Meetings of the plans the user sees (the plan's visibility decides)."""
        return self.filter(plan__in=Plan.objects.visible_to(access))


class Meeting(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    body = models.CharField(_("body"), max_length=20, choices=Body.choices)
    body_name = models.CharField(_("name of the body"), max_length=300, blank=True)
    # The period whose implementation was considered ("2025-Q3"); a quarterly meeting duty of
    # that period is then met (`meetings.duties`).
    period = models.CharField(_("period"), max_length=10, blank=True, db_index=True)
    participants = models.TextField(_("participants"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.FileField(_("minutes"), upload_to=minutes_upload_to, blank=True)
    minutes_name = models.CharField(max_length=200, blank=True)
    minutes_kind = models.CharField(max_length=10, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.get_body_display()}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting", args=[self.pk])

    @property
    def body_label(self) -> str:
        return self.body_name or self.get_body_display()


class DecisionStatus(models.TextChoices):
    OPEN = "open", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


CLOSED = (DecisionStatus.DONE, DecisionStatus.CANCELLED)


class DecisionQuerySet(models.QuerySet):
    def open(self) -> DecisionQuerySet:
        return self.exclude(status__in=CLOSED)

    def overdue(self, on: dt.date) -> DecisionQuerySet:
        """Not done (nor cancelled) and past the due date."""
        return self.open().filter(due_date__lt=on)

    def owed_by(self, paths: list[str]) -> DecisionQuerySet:
        """Decisions whose responsible organisation is at or below one of `paths`."""
        return self.filter(paths_q("responsible__path", paths))


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    text = models.TextField(_("decision"))
    responsible = models.ForeignKey(
        Organization,
        verbose_name=_("responsible organisation"),
        on_delete=models.PROTECT,
        related_name="meeting_decisions",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.TextField(_("what was done"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "number", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"

    def is_overdue(self, on: dt.date) -> bool:
        return self.status not in CLOSED and self.due_date is not None and self.due_date < on


def new_calendar_key() -> str:
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The secret in a person's calendar feed URL; regenerating it kills the old URL."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    key = models.CharField(max_length=64, unique=True, default=new_calendar_key)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar key")
        verbose_name_plural = _("calendar keys")

    def __str__(self) -> str:
        return str(_("calendar of user %(id)s") % {"id": self.user_id})

    def regenerate(self) -> None:
        self.key = new_calendar_key()
        self.save(update_fields=["key", "created_at"])
