"""Queue Strategy suggestions when a plan (or a new revision) is published.

The publish records an AuditEntry in its own transaction after the rows are written (the
monitoring app hooks the same entry); the job row commits or rolls back with the publish,
and a worker picks it up after the commit (`strategy.jobs`)."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from planwatch.plans.models import AuditAction, AuditEntry

PUBLISH_ACTIONS = (AuditAction.PUBLISHED, AuditAction.REVISED)


@receiver(post_save, sender=AuditEntry, dispatch_uid="strategy_queue_on_publish")
def queue_on_publish(sender, instance: AuditEntry, created: bool, raw: bool = False, **kw):
    if not created or raw or instance.action not in PUBLISH_ACTIONS:
        return
    revision = instance.plan.current_revision
    if revision is None:
        return
    from planwatch.strategy.jobs import enqueue

    enqueue(revision)
