"""The published plan: one Plan, its revisions, and each revision's heading tree and measures."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from planwatch.orgs.access import Access, paths_q
from planwatch.orgs.models import Organization


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("In force")
    ARCHIVED = "archived", _("Archived")


class PlanQuerySet(models.QuerySet):
    def visible_to(self, access: Access) -> PlanQuerySet:
        """Plans of the user's organisations and below, plus plans the user's org executes."""
        if access.is_superuser:
            return self
        executing = MeasureExecutor.objects.filter(
            paths_q("organization__path", access.executor_paths),
            measure__revision__plan=models.OuterRef("pk"),
        )
        return self.filter(
            paths_q("owner__path", access.seeing_paths) | Q(models.Exists(executing))
        )

    def public(self) -> PlanQuerySet:
        return self.filter(is_public=True, current_revision__isnull=False)

    def with_measure_count(self) -> PlanQuerySet:
        """`measure_count` of the current revision, as a correlated subquery: PostgreSQL runs
        it only for the rows of the page (a JOIN + GROUP BY counted every plan's measures
        before the LIMIT: 300 ms for a country's 1,660 plans, against 2 ms)."""
        counts = (
            Measure.objects.filter(revision_id=models.OuterRef("current_revision_id"))
            .order_by()
            .values("revision_id")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.annotate(measure_count=models.functions.Coalesce(models.Subquery(counts), 0))


# The stored title of a plan whose document has none (the review page asks for one): data in
# the documents' language, shown in official reports and open data. Never the file name.
UNTITLED_PLAN = "План без назви"


class Plan(models.Model):
    owner = models.ForeignKey(
        Organization, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="plans"
    )
    title = models.TextField(_("title"))
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.ACTIVE
    )
    # Public on purpose: publishing asks (default from the owner's setting); never by accident.
    is_public = models.BooleanField(_("shown on the public pages"), default=False)
    current_revision = models.ForeignKey(
        "PlanRevision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("current revision"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    # Optimistic locking of the edit form (lib.versioning): bumped by every metadata edit.
    version = models.PositiveIntegerField(default=0, editable=False, verbose_name=_("version"))

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:detail", args=[self.pk])


class PlanRevision(models.Model):
    """One adopted text of a plan. A later amending decision is imported as the next revision."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("plan")
    )
    number = models.PositiveIntegerField(_("revision"))
    title = models.TextField(_("title"))
    issuer = models.CharField(_("issuer"), max_length=300, blank=True)
    approval_text = models.TextField(_("approved by"), blank=True)
    approval_date = models.DateField(_("approval date"), null=True, blank=True)
    approval_number = models.CharField(_("decision number"), max_length=50, blank=True)
    period_start = models.PositiveIntegerField(_("from year"), null=True, blank=True)
    period_end = models.PositiveIntegerField(_("to year"), null=True, blank=True)
    columns = models.JSONField(default=list, blank=True, verbose_name=_("columns"))
    # the plan's closing "Усього за програмою" row as imported (planwatch-plan/1 `totals`)
    totals = models.JSONField(default=dict, blank=True, verbose_name=_("totals"))
    warnings = models.JSONField(default=list, blank=True, verbose_name=_("warnings"))
    source_name = models.CharField(_("source file"), max_length=255, blank=True)
    source_format = models.CharField(max_length=20, blank=True, verbose_name=_("source format"))
    source_sha256 = models.CharField(max_length=64, blank=True, verbose_name=_("source sha256"))
    is_current = models.BooleanField(default=False, verbose_name=_("is current"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_revision_number")
        ]
        verbose_name = _("plan revision")
        verbose_name_plural = _("plan revisions")

    def __str__(self) -> str:
        return f"{self.plan_id} r{self.number}"

    @property
    def period_label(self) -> str:
        if self.period_start and self.period_end and self.period_start != self.period_end:
            return f"{self.period_start}–{self.period_end}"
        return str(self.period_start or self.period_end or "")


class Node(models.Model):
    """A heading row: section, strategic goal, operational goal or task."""

    revision = models.ForeignKey(
        PlanRevision, on_delete=models.CASCADE, related_name="nodes", verbose_name=_("revision")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("parent"),
    )
    kind = models.CharField(max_length=40, blank=True, verbose_name=_("kind"))
    number = models.CharField(max_length=40, blank=True, verbose_name=_("number"))
    title = models.TextField(blank=True, verbose_name=_("title"))
    position = models.PositiveIntegerField(default=0, verbose_name=_("position"))
    depth = models.PositiveSmallIntegerField(default=0, verbose_name=_("depth"))

    class Meta:
        ordering = ["revision", "position"]
        verbose_name = _("plan heading")
        verbose_name_plural = _("plan headings")

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class Timing(models.TextChoices):
    """Where a measure's deadline stands today; the search's "status" filter."""

    UPCOMING = "upcoming", _("Not started yet")
    CURRENT = "current", _("In progress")
    ENDED = "ended", _("Deadline passed")
    ONGOING = "ongoing", _("Ongoing / recurring")


class MeasureQuerySet(models.QuerySet):
    def current(self) -> MeasureQuerySet:
        """Measures of the plans' current revisions (the ones search should find)."""
        return self.filter(revision__is_current=True)

    def matching(self, text: str) -> MeasureQuerySet:
        """Case-insensitive for Cyrillic on every database (SQLite's LIKE folds ASCII only)."""
        for word in text.casefold().split():
            self = self.filter(search_text__contains=word)
        return self

    def executed_by(self, org: Organization) -> MeasureQuerySet:
        return self.filter(executor_links__organization__path__startswith=org.path).distinct()

    def due_in_year(self, year: int) -> MeasureQuerySet:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        return self.filter(
            Q(deadline_start__lte=end, deadline_end__gte=start)
            | Q(deadline_start__isnull=True, deadline_end__year=year)
            | Q(deadline_start__year=year, deadline_end__isnull=True)
        )

    def with_timing(self, timing: str, on: dt.date) -> MeasureQuerySet:
        if timing == Timing.UPCOMING:
            return self.filter(deadline_start__gt=on)
        if timing == Timing.ENDED:
            return self.filter(deadline_end__lt=on)
        if timing == Timing.CURRENT:
            return self.filter(deadline_end__gte=on).exclude(deadline_start__gt=on)
        if timing == Timing.ONGOING:
            return self.filter(deadline_end__isnull=True)
        return self


class Measure(models.Model):
    revision = models.ForeignKey(
        PlanRevision, on_delete=models.CASCADE, related_name="measures", verbose_name=_("revision")
    )
    node = models.ForeignKey(
        Node,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="measures",
        verbose_name=_("node"),
    )
    position = models.PositiveIntegerField(default=0, verbose_name=_("position"))
    number = models.CharField(_("number"), max_length=40, blank=True)
    text = models.TextField(_("measure"))
    deadline_text = models.TextField(_("deadline"), blank=True)
    deadline = models.JSONField(default=dict, blank=True, verbose_name=_("deadline"))
    # NULL means "no fixed date": recurring or conditional measures. Filters treat NULL as open.
    deadline_start = models.DateField(null=True, blank=True, verbose_name=_("deadline start"))
    deadline_end = models.DateField(null=True, blank=True, verbose_name=_("deadline end"))
    funding_text = models.TextField(_("funding"), blank=True)
    funding = models.JSONField(default=dict, blank=True, verbose_name=_("funding"))
    executors_text = models.TextField(_("executors"), blank=True)
    indicator_text = models.TextField(_("indicator"), blank=True)
    indicator = models.JSONField(default=dict, blank=True, verbose_name=_("indicator"))
    lines = models.JSONField(default=list, blank=True, verbose_name=_("lines"))
    warnings = models.JSONField(default=list, blank=True, verbose_name=_("warnings"))
    search_text = models.TextField(editable=False, default="", verbose_name=_("search text"))
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_versions",
        verbose_name=_("previous"),
    )
    # Optimistic locking of the edit form (lib.versioning): bumped by every edit.
    version = models.PositiveIntegerField(default=0, editable=False, verbose_name=_("version"))

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["revision", "position"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return f"{self.number} {self.text[:80]}".strip()

    def get_absolute_url(self) -> str:
        return reverse("plans:measure", args=[self.revision.plan_id, self.pk])

    def refresh_search_text(self) -> None:
        parts = [self.number, self.text, self.executors_text, self.indicator_text]
        self.search_text = " ".join(p for p in parts if p).casefold()

    def save(self, *args, **kwargs) -> None:
        self.refresh_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def timing(self, on: dt.date) -> str:
        if self.deadline_end is None:
            return Timing.ONGOING
        if self.deadline_end < on:
            return Timing.ENDED
        if self.deadline_start and self.deadline_start > on:
            return Timing.UPCOMING
        return Timing.CURRENT


class MeasureExecutor(models.Model):
    """An organisation named in a measure's executors cell, resolved to the organisation tree."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="executor_links", verbose_name=_("measure")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="executor_links",
        verbose_name=_("organization"),
    )
    name = models.CharField(_("name as written"), max_length=300, blank=True)
    by_consent = models.BooleanField(_("by consent"), default=False)
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))

    class Meta:
        ordering = ["measure", "position"]
        verbose_name = _("measure executor")
        verbose_name_plural = _("measure executors")

    def __str__(self) -> str:
        return self.name or str(self.organization_id)
