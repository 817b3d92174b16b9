"""Queue Strategy suggestions when a plan (or a new revision) is published, or when a
coordinator edits a measure's text in the current revision.

The publish (and the edit) records an AuditEntry in its own transaction after the rows are
written (the monitoring app hooks the same entry); the job row commits or rolls back with it,
and a worker picks it up after the commit (`strategy.jobs`). An edited measure whose goal a
person already confirmed keeps it: nothing is queued for it."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from planwatch.plans.models import AuditAction, AuditEntry

PUBLISH_ACTIONS = (AuditAction.PUBLISHED, AuditAction.REVISED)


@receiver(post_save, sender=AuditEntry, dispatch_uid="strategy_queue_on_publish")
def queue_on_publish(sender, instance: AuditEntry, created: bool, raw: bool = False, **kw):
    if not created or raw:
        return
    if instance.action in PUBLISH_ACTIONS:
        revision = instance.plan.current_revision
    elif instance.action == AuditAction.MEASURE_EDITED and _text_edited(instance):
        revision = instance.measure.revision if instance.measure else None
    else:
        return
    if revision is None or not revision.is_current:
        return
    from planwatch.strategy.jobs import enqueue

    enqueue(revision)


def _text_edited(entry: AuditEntry) -> bool:
    """The measure's wording changed and no person has confirmed its goal yet."""
    if "text" not in (entry.changes or {}) or entry.measure is None:
        return False
    from planwatch.strategy.models import Crosswalk, Source

    return not Crosswalk.objects.filter(measure=entry.measure, source=Source.CONFIRMED).exists()
