"""Monitoring: a plan's reporting schedule, the reports it expects, the reports executors write.

ReportingSchedule (one per plan) → ExpectedReport (computed: measure × executor × period)
→ ExecutionReport (written: draft → submitted → returned/accepted) → Evidence, ReportEvent.
Reminder rows remember every e-mail sent, so the reminder command never sends one twice;
Notification rows are the in-app copy of those e-mails and of workflow events.
"""

from planwatch.monitoring.models.approvals import Approval, ApprovalEvent, ApprovalState
from planwatch.monitoring.models.duties import DueRule, Duty, DutyFrequency, DutyKind
from planwatch.monitoring.models.handover import Handover, HandoverEvent, HandoverState
from planwatch.monitoring.models.indicators import (
    Indicator,
    IndicatorKind,
    IndicatorValue,
    Spending,
)
from planwatch.monitoring.models.notifications import Notification, NotificationKind
from planwatch.monitoring.models.reminders import Reminder, ReminderKind
from planwatch.monitoring.models.reports import (
    Evidence,
    ExecutionReport,
    ExpectedReport,
    ExpectedReportQuerySet,
    Outcome,
    ReportEvent,
    ReportState,
)
from planwatch.monitoring.models.schedule import Frequency, PartnerPolicy, ReportingSchedule

__all__ = [
    "Approval",
    "ApprovalEvent",
    "ApprovalState",
    "Handover",
    "HandoverEvent",
    "HandoverState",
    "DueRule",
    "Duty",
    "DutyFrequency",
    "DutyKind",
    "Evidence",
    "ExecutionReport",
    "ExpectedReport",
    "ExpectedReportQuerySet",
    "Frequency",
    "Indicator",
    "IndicatorKind",
    "IndicatorValue",
    "Notification",
    "NotificationKind",
    "Outcome",
    "PartnerPolicy",
    "Reminder",
    "ReminderKind",
    "ReportEvent",
    "ReportState",
    "ReportingSchedule",
    "Spending",
]
