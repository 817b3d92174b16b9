"""The audit trail: who changed what, when, on every change to a plan."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    PUBLISHED = "published", _("Published")
    REVISED = "revised", _("New revision published")
    PLAN_EDITED = "plan_edited", _("Plan edited")
    MEASURE_EDITED = "measure_edited", _("Measure edited")


class AuditEntry(models.Model):
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="audit", verbose_name=_("plan")
    )
    measure = models.ForeignKey(
        "plans.Measure",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit",
        verbose_name=_("measure"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("user"),
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name=_("at"))
    action = models.CharField(max_length=30, choices=AuditAction.choices, verbose_name=_("action"))
    # {"field": [old, new]} for edits; {} for publish events.
    changes = models.JSONField(default=dict, blank=True, verbose_name=_("changes"))
    note = models.CharField(max_length=300, blank=True, verbose_name=_("note"))

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    @classmethod
    def record(cls, plan, user, action: str, *, measure=None, changes=None, note="") -> AuditEntry:
        return cls.objects.create(
            plan=plan,
            measure=measure,
            user=user if getattr(user, "is_authenticated", False) else None,
            action=action,
            changes=changes or {},
            note=note[:300],
        )


def diff_fields(obj, cleaned: dict) -> dict:
    """{field: [old, new]} for the fields whose value `cleaned` changes on `obj`."""
    changes = {}
    for field, new in cleaned.items():
        old = getattr(obj, field)
        if old != new:
            changes[field] = [_plain(old), _plain(new)]
    return changes


def _plain(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
