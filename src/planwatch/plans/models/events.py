"""Plan-wide events: one date that many conditional deadlines wait for.

"Протягом трьох місяців після припинення (скасування) дії правового режиму воєнного стану" is
written in many cells of many plans; the importer keeps such a cell as a ``condition`` with no
dates (`importer.normalize.deadline`). An event names that happening once, for one plan or for
every plan of an organisation and below; the measures whose condition refers to it are linked
(`plans.events`), and setting its date gives them dates and expected reports. Clearing it
takes them back.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from planwatch.orgs.access import paths_q


class PlanEventQuerySet(models.QuerySet):
    def for_plan(self, plan) -> PlanEventQuerySet:
        """The plan's own events and those of its owner or any body above it."""
        owner_paths = [plan.owner.path[:i] for i in range(7, len(plan.owner.path) + 1, 7)]
        return self.filter(models.Q(plan=plan) | models.Q(organization__path__in=owner_paths))

    def visible_to(self, access) -> PlanEventQuerySet:
        """Events of plans the user sees, and of organisations the user sees (or is below)."""
        if access.is_superuser:
            return self
        from planwatch.plans.models.plan import Plan

        paths = access.seeing_paths + access.executor_paths
        above = models.Q(pk__in=[])
        for p in paths:  # an organisation's event reaches the plans below it
            above |= models.Q(organization__path__in=[p[:i] for i in range(7, len(p) + 1, 7)])
        return self.filter(
            models.Q(plan__in=Plan.objects.visible_to(access))
            | paths_q("organization__path", paths)
            | above
        )


class PlanEvent(models.Model):
    """An event of one plan (`plan`) or of an organisation's plans (`organization`)."""

    plan = models.ForeignKey(
        "plans.Plan", null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="plan_events",
    )
    name = models.CharField(_("event"), max_length=200)
    # Words a condition must contain (stems, case-insensitive), e.g. "воєнн стан".
    match = models.CharField(_("words in the deadline"), max_length=200)
    date = models.DateField(_("date"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanEventQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("plan-wide event")
        verbose_name_plural = _("plan-wide events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(plan__isnull=False, organization__isnull=True)
                | models.Q(plan__isnull=True, organization__isnull=False),
                name="plan_event_one_scope",
            )
        ]

    def __str__(self) -> str:
        return self.name


class EventMeasure(models.Model):
    """A measure of a current revision whose conditional deadline waits for `event`."""

    event = models.ForeignKey(PlanEvent, on_delete=models.CASCADE, related_name="links")
    measure = models.OneToOneField(
        "plans.Measure", on_delete=models.CASCADE, related_name="event_link"
    )

    class Meta:
        ordering = ["event", "measure"]
        verbose_name = _("measure waiting for an event")
        verbose_name_plural = _("measures waiting for an event")

    def __str__(self) -> str:
        return f"{self.event_id} → {self.measure_id}"
