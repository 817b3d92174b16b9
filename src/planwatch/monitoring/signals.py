"""Recompute expected reports whenever the plan changes.

Every change to a published plan records an AuditEntry (publish, new revision, plan or measure
edit) inside the change's own transaction, after the rows are written. Hooking that one model
keeps the monitoring app out of the plans app's code, and the recompute commits or rolls back
together with the change. A published plan or revision also has its duties read again. Measures waiting for a plan-wide
event (`plans.events`) get its date first.
"""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from planwatch.plans.models import AuditAction, AuditEntry


@receiver(post_save, sender=AuditEntry, dispatch_uid="monitoring_sync_on_plan_change")
def sync_on_plan_change(sender, instance: AuditEntry, created: bool, raw: bool = False, **kw):
    if not created or raw:
        return
    from planwatch.monitoring.duties import sync_duties
    from planwatch.monitoring.expected import sync_expected
    from planwatch.plans.events import refresh_plan

    refresh_plan(instance.plan)  # conditional deadlines get (or lose) their events' dates
    sync_expected(instance.plan)
    if instance.action in (AuditAction.PUBLISHED, AuditAction.REVISED):
        sync_duties(instance.plan)  # a new text: read its duties again
        from planwatch.monitoring.indicators import sync_indicators

        sync_indicators(instance.plan)  # its indicators: carried over, else proposed
