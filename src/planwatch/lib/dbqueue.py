"""A table used as a job queue: the database is the broker.

Scanned uploads (plans.import_jobs) and long reports (plan_reports.jobs) are rows in a ``queued``
state. A worker claims one with a conditional UPDATE — only the worker whose UPDATE changes
the row wins it — counts the attempt on the row, writes progress as it goes, and leaves it
finished or failed. A row ``running`` for longer than `stale_after` lost its worker (killed,
out of memory, machine restarted): it is queued again while it has had fewer than
`max_attempts` claims, then failed with `gave_up` as the reason, so a file that kills its
worker cannot come back forever.

An idle worker only reads: on SQLite a write, even an UPDATE that matches nothing, takes the
database's one write lock, and a worker polling every second would keep the web requests
waiting for it. The two queues name their columns differently; `DbQueue` is told which.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Model
from django.utils import timezone, translation

CANDIDATES = 5  # queued rows tried per claim: another worker may win the oldest
MAX_ATTEMPTS = 3  # claims of one job before a dying worker's job is failed for good


@dataclass(frozen=True)
class DbQueue:
    model: type[Model]
    status: str  # the column holding the state
    queued: str
    running: str
    failed: str
    started_at: str
    progress: str
    step: str
    error: str  # the reason a failed job gives
    gave_up: object  # lazy (n)gettext with %(attempts)s: the reason after max_attempts deaths
    attempts: str = "attempts"
    waiting: dict = field(default_factory=dict)  # more conditions for a row to be a job
    related: tuple[str, ...] = ()  # select_related for the claimed row
    failed_fields: dict = field(default_factory=dict)  # callables → more columns on failure
    stale_after: timedelta = timedelta(minutes=15)
    max_attempts: int = MAX_ATTEMPTS

    def claim(self, pk: int) -> Model | None:
        """This row, now ``running`` and ours; None when another worker has it already."""
        won = self.model.objects.filter(pk=pk, **{self.status: self.queued}).update(
            **{
                self.status: self.running,
                self.started_at: timezone.now(),
                self.progress: 0,
                self.attempts: F(self.attempts) + 1,
            }
        )
        if not won:
            return None
        return self.model.objects.select_related(*self.related).get(pk=pk)

    def claim_next(self) -> Model | None:
        """The oldest queued row, claimed; None when the queue is empty (nothing written)."""
        self.requeue_stale()
        queued = self.model.objects.filter(**{self.status: self.queued}, **self.waiting)
        for pk in queued.order_by("created_at", "pk").values_list("pk", flat=True)[:CANDIDATES]:
            row = self.claim(pk)
            if row is not None:
                return row
        return None

    def requeue_stale(self) -> int:
        """Queue again the jobs whose worker died; fail those that died too often.

        Returns how many were queued again. Reads only, unless a stale row exists."""
        cutoff = timezone.now() - self.stale_after
        stale = self.model.objects.filter(
            **{self.status: self.running, f"{self.started_at}__lt": cutoff}
        )
        if not stale.exists():
            return 0
        stale.filter(**{f"{self.attempts}__gte": self.max_attempts}).update(
            **{self.status: self.failed, self.step: "", self.error: self.gave_up_text()},
            **{name: make() for name, make in self.failed_fields.items()},
        )
        return stale.filter(**{f"{self.attempts}__lt": self.max_attempts}).update(
            **{self.status: self.queued, self.step: ""}
        )

    def gave_up_text(self) -> str:
        """The reason, in the site's language: it is stored on the row, read later by anyone."""
        with translation.override(settings.LANGUAGE_CODE):
            return str(self.gave_up % {"attempts": self.max_attempts})

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
