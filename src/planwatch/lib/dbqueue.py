"""A table used as a job queue: the database is the broker.

Scanned uploads (plans.import_jobs) and long reports (reports.jobs) are rows in a ``queued``
state. A worker claims one with a conditional UPDATE — only the worker whose UPDATE changes
the row wins it — writes progress on the row as it goes, and leaves it finished or failed.
A row ``running`` for longer than `stale_after` lost its worker (killed, machine restarted)
and is queued again. The two queues name their columns differently; `DbQueue` is told which.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Model
from django.utils import timezone

CANDIDATES = 5  # queued rows tried per claim: another worker may win the oldest


@dataclass(frozen=True)
class DbQueue:
    model: type[Model]
    status: str  # the column holding the state
    queued: str
    running: str
    started_at: str
    progress: str
    step: str
    waiting: dict = field(default_factory=dict)  # more conditions for a row to be a job
    related: tuple[str, ...] = ()  # select_related for the claimed row
    stale_after: timedelta = timedelta(minutes=15)

    def claim(self, pk: int) -> Model | None:
        """This row, now ``running`` and ours; None when another worker has it already."""
        won = self.model.objects.filter(pk=pk, **{self.status: self.queued}).update(
            **{self.status: self.running, self.started_at: timezone.now(), self.progress: 0}
        )
        if not won:
            return None
        return self.model.objects.select_related(*self.related).get(pk=pk)

    def claim_next(self) -> Model | None:
        """The oldest queued row, claimed; None when the queue is empty."""
        self.requeue_stale()
        queued = self.model.objects.filter(**{self.status: self.queued}, **self.waiting)
        for pk in queued.order_by("created_at", "pk").values_list("pk", flat=True)[:CANDIDATES]:
            row = self.claim(pk)
            if row is not None:
                return row
        return None

    def requeue_stale(self) -> int:
        cutoff = timezone.now() - self.stale_after
        stale = {self.status: self.running, f"{self.started_at}__lt": cutoff}
        return self.model.objects.filter(**stale).update(
            **{self.status: self.queued, self.step: ""}
        )

    def report(self, pk: int, percent: int, step: str) -> None:
        """Progress on the row, for the page that waits on it."""
        self.model.objects.filter(pk=pk).update(**{self.progress: percent, self.step: step})

    def run_pending(self, run_job: Callable[[Model], object], limit: int | None = None) -> int:
        """Work through the queue; returns how many jobs ran."""
        done = 0
        while limit is None or done < limit:
            row = self.claim_next()
            if row is None:
                break
            run_job(row)
            done += 1
        return done
