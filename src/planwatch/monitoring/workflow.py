"""Writing reports (save a draft, submit, attach evidence) and reviewing them (accept, return,
reopen) — each all-or-nothing, one report or many."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from planwatch.lib.versioning import StaleVersion, claim, parse_version
from planwatch.monitoring import approvals, notify
from planwatch.monitoring.forms import ExecutionReportForm
from planwatch.monitoring.models import (
    Evidence,
    ExecutionReport,
    ExpectedReport,
    ReportEvent,
)
from planwatch.monitoring.models.reports import ReportState, WorkflowError


def targets_of(expected: ExpectedReport) -> list[dict]:
    """The indicator's numeric targets (value, unit, clause) the report answers with numbers."""
    targets = (expected.measure.indicator or {}).get("targets") or []
    return [
        {"value": t.get("value"), "unit": t.get("unit") or "", "text": t.get("text") or ""}
        for t in targets
        if isinstance(t, dict)
    ][:10]


def save_report(
    expected: ExpectedReport,
    user,
    form: ExecutionReportForm,
    *,
    submit: bool,
    written: list | None = None,
) -> ExecutionReport:
    """Write the form into the report for `expected` (created on first save); submit if asked.

    Use `save_reports`, which wraps this in a transaction and removes the files written if
    anything fails. Locked (submitted/accepted) reports raise WorkflowError.
    """
    # Two people of one organisation may work on the same report: the form's version is
    # claimed by a conditional UPDATE (lib.versioning), which also locks the row from here on.
    report = ExecutionReport.objects.filter(expected=expected).first()
    if report is not None:
        claim_report(report, form.cleaned_data.get("seen"))
    elif form.cleaned_data.get("seen"):
        raise ReportChanged("the report shown is gone")
    report = report or ExecutionReport(expected=expected)
    if report.pk and not report.is_editable:
        raise WorkflowError("the report is locked")
    data = form.cleaned_data
    report.outcome = data.get("outcome") or ""
    report.narrative = data.get("narrative") or ""
    report.values = form.values()
    report.updated_by = user
    report.save()
    expected.report = report
    if getattr(form, "numbers", None) is not None:  # indicator values and spending
        form.numbers.save(report)
    for upload in data.get("files") or []:
        evidence = attach(report, upload, user)
        if written is not None:
            written.append(evidence.file)
    if submit:
        report.submit(user)
    else:
        ReportEvent.objects.create(report=report, action=ReportEvent.Action.SAVED, user=user)
    return report


def version_of(report: ExecutionReport | None) -> str:
    """The version a form carries to notice a save by someone else since it was shown
    ("" before the first save)."""
    return str(report.version) if report is not None and report.pk else ""


class ReportChanged(WorkflowError):
    """Someone saved, handed in or reviewed the report since this person loaded it."""

    def __init__(
        self, message: str = "", expected_reports: list[ExpectedReport] | None = None
    ) -> None:
        super().__init__(message or "the report changed meanwhile")
        self.expected_reports = expected_reports or []


def claim_report(report: ExecutionReport, seen) -> None:
    try:
        claim(report, seen)
    except StaleVersion as exc:
        raise ReportChanged("someone else saved this report meanwhile") from exc


def attach(report: ExecutionReport, upload, user) -> Evidence:
    evidence = Evidence(
        report=report,
        name=(upload.name or "file")[-200:],
        kind=upload.evidence_kind,
        size=upload.size,
        uploaded_by=user,
    )
    evidence.file.save(upload.name, upload, save=False)
    evidence.save()
    return evidence


def save_reports(
    pairs: list[tuple[ExpectedReport, ExecutionReportForm]], user, *, submit: bool
) -> int:
    """Save (and submit) several reports in one transaction: all of them, or none.

    Django has no "on rollback" hook, so files written before a failure are removed here.
    Reports someone else saved since their form was shown raise ReportChanged naming them all.
    """
    written: list = []
    try:
        with transaction.atomic():
            # A period the upper level accepted is locked (approvals.py): nothing saves there.
            approvals.refuse_locked([expected for expected, _form in pairs])
            reports, changed = [], []
            for expected, form in pairs:
                try:  # a stale card writes nothing: check them all, to name every one
                    reports.append(
                        save_report(expected, user, form, submit=submit, written=written)
                    )
                except ReportChanged:
                    changed.append(expected)
            if changed:
                raise ReportChanged(f"{len(changed)} report(s) saved by someone else", changed)
            if submit:
                notify.report_events(reports, "submitted", user)
    except IntegrityError as exc:  # two first saves of one report at the same moment
        _remove(written)
        raise WorkflowError("someone else saved this report meanwhile") from exc
    except Exception:
        _remove(written)
        raise
    return len(pairs)


def _remove(written: list) -> None:
    for field_file in written:
        field_file.storage.delete(field_file.name)


# The review actions and the state each one starts from (the model methods enforce it too).
REVIEW_FROM = {
    "accept": ReportState.SUBMITTED,
    "return": ReportState.SUBMITTED,
    "reopen": ReportState.ACCEPTED,
}


class NotReviewable(WorkflowError):
    """Some of the chosen reports are not in the state the action needs; nothing changed."""

    def __init__(self, expected_reports: list[ExpectedReport]) -> None:
        super().__init__(f"{len(expected_reports)} report(s) cannot be reviewed this way")
        self.expected_reports = expected_reports


def review_reports(
    expected_reports: list[ExpectedReport],
    user,
    action: str,
    comment: str = "",
    versions: dict[int, int | str | None] | None = None,
) -> list[ExecutionReport]:
    """Accept, return (with the comment) or reopen (with the reason) every report of `expected_reports`,
    in one transaction. If any of them is not in the state the action starts from (a draft,
    one accepted meanwhile…), raise NotReviewable naming them and change nothing.

    `versions` (expected id → the report's version the reviewer read; pages send one for each
    report they show): a report saved, handed in again or reviewed since raises
    ReportChanged naming them, and nothing changes — nobody accepts what they have not read.

    The single review on the report page is this with one expected report: one rule for both.
    """
    needed = REVIEW_FROM[action]
    with transaction.atomic():
        approvals.refuse_locked(expected_reports)  # an accepted period is reviewed no more
        # Row locks: a colleague reviewing the same reports waits, then sees the new state.
        reports = {
            r.expected_id: r
            for r in ExecutionReport.objects.select_for_update().filter(
                expected__in=[s.pk for s in expected_reports]
            )
        }
        bad = [s for s in expected_reports if getattr(reports.get(s.pk), "state", None) != needed]
        if bad:
            raise NotReviewable(bad)
        versions = versions or {}
        changed = [
            s
            for s in expected_reports
            if s.pk in versions and parse_version(versions[s.pk]) != reports[s.pk].version
        ]
        if changed:
            raise ReportChanged(f"{len(changed)} report(s) changed since read", changed)
        done = []
        for expected in expected_reports:
            report = reports[expected.pk]
            report.expected = expected
            if action == "accept":
                report.accept(user)
            elif action == "return":
                report.send_back(user, comment)
            else:
                report.reopen(user, comment)
            done.append(report)
        notify.report_events(done, action, user, comment)
    return done
