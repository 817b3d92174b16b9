"""Attempt counters that hold under concurrency: a slot is reserved *before* the guarded work
(a password check, a reset letter), by one conditional UPDATE per key.

`reserve(keys)` counts the attempt on every key and says whether all keys were still under
their limits. Each step is a single statement, so it is atomic on SQLite (one writer at a
time) and on PostgreSQL (an UPDATE waits for the row lock, then re-reads the row and re-checks
its WHERE): of N concurrent attempts at most `limit` get a slot, and the counter ends at N.
Check-then-record (read the count, do the work, add one afterwards) let 39 of 40 concurrent
wrong passwords through; this cannot.

A key's window starts with its first attempt and is not extended by later ones. Rows past their
window are reset on the next attempt and purged now and then.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass

from django.db import OperationalError, connection
from django.db.models import F
from django.utils import timezone

from planwatch.lib.models import AttemptCounter

PURGE_ONE_IN = 200  # attempts between purges of rows whose window has ended (on average)
PURGE_AFTER = dt.timedelta(days=1)


@dataclass(frozen=True)
class Limit:
    key: str
    limit: int
    window: int  # seconds


def reserve(limits: list[Limit]) -> bool:
    """Count one attempt on every key; True when each key was below its limit before it."""
    now = timezone.now()
    allowed = True
    for item in limits:
        allowed = _reserve_one(item, now) and allowed
    if random.randrange(PURGE_ONE_IN) == 0:  # noqa: S311 — not security-relevant
        _retry(lambda: AttemptCounter.objects.filter(window_ends__lt=now - PURGE_AFTER).delete())
    return allowed


def release(key: str) -> None:
    """Give one reserved attempt back (it turned out to be a success, not a failure)."""
    _retry(lambda: AttemptCounter.objects.filter(key=key, count__gt=0).update(count=F("count") - 1))


def clear(key: str) -> None:
    _retry(lambda: AttemptCounter.objects.filter(key=key).delete())


def count(key: str) -> int:
    row = AttemptCounter.objects.filter(key=key, window_ends__gt=timezone.now()).first()
    return row.count if row else 0


def _reserve_one(item: Limit, now: dt.datetime) -> bool:
    rows = AttemptCounter.objects.filter(key=item.key)
    ends = now + dt.timedelta(seconds=item.window)
    _retry(lambda: _ensure_row(item.key, ends))
    # A finished window starts again with this attempt (only one of racing resets matches).
    _retry(lambda: rows.filter(window_ends__lte=now).update(count=0, window_ends=ends))
    taken = _retry(lambda: rows.filter(count__lt=item.limit).update(count=F("count") + 1))
    if not taken:  # over the limit: still counted, so the counter says how hard it is tried
        _retry(lambda: rows.update(count=F("count") + 1))
    return bool(taken)


def _ensure_row(key: str, ends: dt.datetime) -> None:
    """INSERT … ON CONFLICT DO NOTHING: racing first attempts make one row."""
    AttemptCounter.objects.bulk_create(
        [AttemptCounter(key=key, count=0, window_ends=ends)], ignore_conflicts=True
    )


def _retry(step, tries: int = 50):
    """SQLite's shared-cache test database reports a busy table at once instead of waiting
    (a file database waits by itself): try again briefly. Other errors go up."""
    for attempt in range(tries):
        try:
            return step()
        except OperationalError as exc:
            if connection.vendor != "sqlite" or "locked" not in str(exc) or attempt == tries - 1:
                raise
            if connection.in_atomic_block:
                raise
            time.sleep(0.005 + random.random() * 0.01)  # noqa: S311
    return None
