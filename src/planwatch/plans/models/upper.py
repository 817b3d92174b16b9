"""Linked plans: a lower plan (a district's) carries out an upper plan (its oblast's).

`PlanLink` says which upper plan; `MeasureLink` says, for each measure of the lower plan,
which upper measure it implements — suggested by the Strategy matcher (`strategy.links`),
then confirmed, corrected or marked "implements nothing" by the lower plan's coordinator
(`strategy.plan_links` links and suggests, `plans.upper_links` decides). Decided links move on to the next revision of either plan.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanLink(models.Model):
    lower = models.OneToOneField("plans.Plan", on_delete=models.CASCADE, related_name="upper_link")
    upper = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="lower_links")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("link to an upper plan")
        verbose_name_plural = _("links to upper plans")

    def __str__(self) -> str:
        return f"{self.lower_id} → {self.upper_id}"


class LinkState(models.TextChoices):
    SUGGESTED = "suggested", _("suggested")
    CONFIRMED = "confirmed", _("confirmed")
    NOTHING = "nothing", _("implements nothing")


DECIDED = (LinkState.CONFIRMED, LinkState.NOTHING)


class MeasureLink(models.Model):
    """One row per lower measure. `candidates`: the matcher's `[[upper measure pk, score],
    …]`, best first, kept so the page offers them without running the matcher again."""

    plan_link = models.ForeignKey(PlanLink, on_delete=models.CASCADE, related_name="measures")
    lower = models.OneToOneField(
        "plans.Measure", on_delete=models.CASCADE, related_name="upper_measure_link"
    )
    upper = models.ForeignKey(
        "plans.Measure",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lower_measure_links",
    )
    state = models.CharField(max_length=20, choices=LinkState.choices)
    candidates = models.JSONField(default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("link to an upper measure")
        verbose_name_plural = _("links to upper measures")

    def __str__(self) -> str:
        return f"{self.lower_id} → {self.upper_id} ({self.state})"
