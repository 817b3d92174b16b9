"""Plans as published: Plan → PlanRevision → Node tree → Measure → MeasureExecutor.

An upload lives in `ImportDraft` until publish; only publish creates the rows below.
"""

from planwatch.plans.models.audit import AuditAction, AuditEntry
from planwatch.plans.models.draft import DraftChange, DraftStatus, ImportDraft, ParseStatus
from planwatch.plans.models.events import EventMeasure, PlanEvent
from planwatch.plans.models.plan import (
    Measure,
    MeasureExecutor,
    MeasureQuerySet,
    Node,
    Plan,
    PlanRevision,
    PlanStatus,
    Timing,
)

__all__ = [
    "AuditAction",
    "AuditEntry",
    "DraftChange",
    "DraftStatus",
    "EventMeasure",
    "ImportDraft",
    "Measure",
    "MeasureExecutor",
    "MeasureQuerySet",
    "Node",
    "ParseStatus",
    "Plan",
    "PlanEvent",
    "PlanRevision",
    "PlanStatus",
    "Timing",
]
