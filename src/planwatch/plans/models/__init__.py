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
from planwatch.plans.models.upper import DECIDED, LinkState, MeasureLink, PlanLink

__all__ = [
    "AuditAction",
    "AuditEntry",
    "DECIDED",
    "DraftChange",
    "DraftStatus",
    "EventMeasure",
    "ImportDraft",
    "LinkState",
    "Measure",
    "MeasureLink",
    "MeasureExecutor",
    "MeasureQuerySet",
    "Node",
    "ParseStatus",
    "Plan",
    "PlanEvent",
    "PlanLink",
    "PlanRevision",
    "PlanStatus",
    "Timing",
]
