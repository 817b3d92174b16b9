"""Expected reports (computed) and execution reports (written), with their workflow.

The workflow: draft → submitted → accepted, or → returned (with a comment) → submitted again.
An accepted report is locked; the coordinator may reopen it with a reason (→ returned).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from planwatch.monitoring.evidence import evidence_storage, evidence_upload_to
from planwatch.monitoring.periods import Period
from planwatch.orgs.access import Access, paths_q
from planwatch.orgs.models import Organization
from planwatch.plans.models import Measure, Plan


class Outcome(models.TextChoices):
    """What the report says about the measure (the words of the plans' own report forms)."""

    DONE = "done", _("Done")
    IN_PROGRESS = "in_progress", _("In progress")
    NOT_DONE = "not_done", _("Not done")
    POSTPONED = "postponed", _("Postponed")
    OBSOLETE = "obsolete", _("No longer relevant")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    ACCEPTED = "accepted", _("Accepted")


# "Received" for completeness: the executor handed it in and it was not sent back.
RECEIVED_STATES = (ReportState.SUBMITTED, ReportState.ACCEPTED)
EDITABLE_STATES = (ReportState.DRAFT, ReportState.RETURNED)


class ExpectedReportQuerySet(models.QuerySet):
    def active(self) -> ExpectedReportQuerySet:
        return self.filter(is_active=True)

    def counted(self) -> ExpectedReportQuerySet:
        """What completeness counts: active and not optional (partners by consent)."""
        return self.filter(is_active=True, optional=False)

    def for_executor(self, access: Access) -> ExpectedReportQuerySet:
        """Expected reports the user writes: their organisation's (or those below it). Superusers
        monitor and review; they write only where they hold an executor role like anyone."""
        return self.filter(paths_q("organization__path", access.executor_paths))

    def received(self) -> ExpectedReportQuerySet:
        return self.filter(report__state__in=RECEIVED_STATES)

    def outstanding(self) -> ExpectedReportQuerySet:
        """Not received yet: no report, a draft, or a returned report."""
        return self.exclude(report__state__in=RECEIVED_STATES)

    def overdue(self, on: dt.date) -> ExpectedReportQuerySet:
        return self.outstanding().filter(due_date__lt=on)

    def started(self, on: dt.date) -> ExpectedReportQuerySet:
        """Periods that have begun: an executor may write about them."""
        return self.filter(period_start__lte=on)

    def matching(
        self, today: dt.date, period: str = "", org: int | None = None, show: str = ""
    ) -> ExpectedReportQuerySet:
        """The drill-down list's filter (dashboard and API): one period, one organisation,
        and `show` — "missing", "overdue", "received" or a report state (a draft: none yet)."""
        expected_reports = self
        if period:
            expected_reports = expected_reports.filter(period=period)
        if org:
            expected_reports = expected_reports.filter(organization_id=org)
        if show == "missing":
            expected_reports = expected_reports.outstanding()
        elif show == "overdue":
            expected_reports = expected_reports.overdue(today)
        elif show == "received":
            expected_reports = expected_reports.received()
        elif show == ReportState.DRAFT:
            expected_reports = expected_reports.filter(
                report__state=show
            ) | expected_reports.filter(report__isnull=True)
        elif show:
            expected_reports = expected_reports.filter(report__state=show)
        return expected_reports


class ExpectedReport(models.Model):
    """One report a plan expects: a measure × an executor organisation × a period.

    Rows are computed by `planwatch.monitoring.expected.sync_expected`, never typed. A row that
    stops being expected is deleted if nothing was written for it, else kept with
    `is_active=False` so the report stays readable.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="expected_reports")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="expected_reports")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="expected_reports"
    )
    period = models.CharField(_("period"), max_length=10)
    period_start = models.DateField()
    period_end = models.DateField()
    due_date = models.DateField(_("due"))
    optional = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)

    objects = ExpectedReportQuerySet.as_manager()

    class Meta:
        ordering = ["period_end", "measure__position", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "organization", "period"], name="unique_expected_report"
            )
        ]
        indexes = [
            models.Index(fields=["plan", "period"]),
            models.Index(fields=["due_date"]),
            # lists ordered by period, then plan (the API's reports): an index scan stops
            # after a page instead of sorting a country's 2.4 million rows (1.5 s → 35 ms);
            # with the plan in it too, no sort and no parallel workers at all (18 → 2 ms)
            models.Index(fields=["period_end", "plan"], name="expected_period_end_plan"),
        ]
        verbose_name = _("expected report")
        verbose_name_plural = _("expected reports")

    def __str__(self) -> str:
        return f"{self.measure_id} × {self.organization_id} × {self.period}"

    @property
    def period_obj(self) -> Period:
        return Period.parse(self.period)  # type: ignore[return-value]

    def report_or_none(self) -> ExecutionReport | None:
        try:
            return self.report
        except ExecutionReport.DoesNotExist:
            return None

    def is_received(self) -> bool:
        report = self.report_or_none()
        return report is not None and report.state in RECEIVED_STATES

    def is_overdue(self, on: dt.date) -> bool:
        return not self.is_received() and self.due_date < on


class WorkflowError(ValueError):
    """A transition the report's state does not allow (e.g. editing an accepted report)."""


class ExecutionReportQuerySet(models.QuerySet):
    def accepted(self) -> ExecutionReportQuerySet:
        """What every figure, status, document and open-data row counts: reports the
        coordinator accepted (a submitted one may still be sent back)."""
        return self.filter(state=ReportState.ACCEPTED)

    def on_measures(self, measures) -> ExecutionReportQuerySet:
        """Reports on these measures (ids, objects or a queryset), any executor and period."""
        return self.filter(expected__measure__in=measures)

    def in_revision(self, plan, revision) -> ExecutionReportQuerySet:
        return self.filter(expected__plan=plan, expected__measure__revision=revision)

    def ending_by(self, day: dt.date) -> ExecutionReportQuerySet:
        """For periods ending by `day`: a measure's status as of then needs all of them."""
        return self.filter(expected__period_end__lte=day)


class ExecutionReport(models.Model):
    expected = models.OneToOneField(ExpectedReport, on_delete=models.PROTECT, related_name="report")
    outcome = models.CharField(_("status"), max_length=20, choices=Outcome.choices, blank=True)
    narrative = models.TextField(_("what was done"), blank=True)
    # [{"target": 100, "unit": "%", "text": "…", "value": 85}] — one per indicator target.
    values = models.JSONField(default=list, blank=True)
    state = models.CharField(
        max_length=20, choices=ReportState.choices, default=ReportState.DRAFT, db_index=True
    )
    comment = models.TextField(_("coordinator's comment"), blank=True)
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking (lib.versioning): every save and every workflow step bumps it, so a
    # form or an API client holding an older number cannot write over, or review, unseen work.
    version = models.PositiveIntegerField(default=0, editable=False)

    objects = ExecutionReportQuerySet.as_manager()

    class Meta:
        indexes = [
            # counting the accepted reports of public plans an API caller may read (up to
            # the list's cap): read from this index alone, not from the reports' rows
            models.Index(
                fields=["expected"],
                condition=Q(state=ReportState.ACCEPTED),
                name="report_accepted_expected",
            ),
        ]
        verbose_name = _("execution report")
        verbose_name_plural = _("execution reports")

    def __str__(self) -> str:
        return str(_("report on %(expected)s") % {"expected": self.expected})

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_received(self) -> bool:
        return self.state in RECEIVED_STATES

    def was_on_time(self) -> bool | None:
        """First hand-in on or before the due date (Kyiv calendar day); None if never."""
        if self.first_submitted_at is None:
            return None
        return timezone.localdate(self.first_submitted_at) <= self.expected.due_date

    def _move(self, user, state: str, action: str, note: str = "", **fields) -> None:
        self.state = state
        for name, value in fields.items():
            setattr(self, name, value)
        self.updated_by = user
        self.version += 1  # callers hold the row (select_for_update or a version claim)
        self.save(update_fields=["state", "updated_by", "updated_at", "version", *fields])
        ReportEvent.objects.create(report=self, action=action, user=user, note=note)

    def submit(self, user) -> None:
        if not self.is_editable:
            raise WorkflowError("only a draft or a returned report can be submitted")
        now = timezone.now()
        fields = {"submitted_at": now, "comment": ""}
        if self.first_submitted_at is None:
            fields["first_submitted_at"] = now
        self._move(user, ReportState.SUBMITTED, ReportEvent.Action.SUBMITTED, **fields)

    def accept(self, user) -> None:
        if self.state != ReportState.SUBMITTED:
            raise WorkflowError("only a submitted report can be accepted")
        self._move(
            user,
            ReportState.ACCEPTED,
            ReportEvent.Action.ACCEPTED,
            accepted_at=timezone.now(),
            accepted_by=user,
        )

    def send_back(self, user, comment: str) -> None:
        if self.state != ReportState.SUBMITTED:
            raise WorkflowError("only a submitted report can be returned")
        self._move(
            user, ReportState.RETURNED, ReportEvent.Action.RETURNED, comment, comment=comment
        )

    def reopen(self, user, reason: str) -> None:
        """An accepted report is locked; reopening is explicit, with a reason on record."""
        if self.state != ReportState.ACCEPTED:
            raise WorkflowError("only an accepted report can be reopened")
        self._move(
            user,
            ReportState.RETURNED,
            ReportEvent.Action.REOPENED,
            reason,
            comment=reason,
            accepted_at=None,
            accepted_by=None,
        )


class ReportEvent(models.Model):
    """The report's history: who saved, submitted, returned, accepted or reopened it, and why."""

    class Action(models.TextChoices):
        SAVED = "saved", _("saved a draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned for changes")
        ACCEPTED = "accepted", _("accepted")
        REOPENED = "reopened", _("reopened")

    report = models.ForeignKey(ExecutionReport, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("report event")
        verbose_name_plural = _("report events")

    def __str__(self) -> str:
        return str(self.get_action_display())


class Evidence(models.Model):
    """A file attached to a report: checked by its content, not its name (see evidence.py)."""

    report = models.ForeignKey(ExecutionReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_upload_to, storage=evidence_storage, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.name


def seen_by_co_executors(access: Access) -> Q:
    """Reports on measures the user's organisation also executes (co-executors see each other)."""
    from planwatch.plans.models import MeasureExecutor

    mine = MeasureExecutor.objects.filter(paths_q("organization__path", access.executor_paths))
    return Q(measure__in=mine.values("measure"))
