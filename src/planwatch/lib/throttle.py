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
from dataclasses import dataclass

from django.db import connection
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
    return all(reserve_each(limits))


def reserve_each(limits: list[Limit]) -> list[bool]:
    """Count one attempt on every key; for each, whether it was below its limit before it."""
    now = timezone.now()
    taken = [_reserve_one(item, now) for item in limits]
    if random.randrange(PURGE_ONE_IN) == 0:  # noqa: S311 — not security-relevant
        _execute("DELETE FROM {t} WHERE {ends} < %s", [now - PURGE_AFTER])
    return taken


def take(item: Limit) -> bool:
    """A slot on one key if it is below its limit; a refusal is not counted (a retry of an
    attempt counted already)."""
    return _reserve_one(item, timezone.now(), count_refused=False)


def release(key: str) -> None:
    """Give one reserved attempt back (it turned out to be a success, not a failure)."""
    _execute("UPDATE {t} SET {count} = {count} - 1 WHERE {key} = %s AND {count} > 0", [key])


def clear(key: str) -> None:
    _execute("DELETE FROM {t} WHERE {key} = %s", [key])


def count(key: str) -> int:
    row = AttemptCounter.objects.filter(key=key, window_ends__gt=timezone.now()).first()
    return row.count if row else 0


def _reserve_one(item: Limit, now: dt.datetime, count_refused: bool = True) -> bool:
    ends = now + dt.timedelta(seconds=item.window)
    # INSERT … ON CONFLICT DO NOTHING: racing first attempts make one row.
    _execute(
        "INSERT INTO {t} ({key}, {count}, {ends}) VALUES (%s, 0, %s) ON CONFLICT ({key}) "
        "DO NOTHING",
        [item.key, ends],
    )
    # A finished window starts again with this attempt (only one of racing resets matches).
    _execute(
        "UPDATE {t} SET {count} = 0, {ends} = %s WHERE {key} = %s AND {ends} <= %s",
        [ends, item.key, now],
    )
    taken = _execute(
        "UPDATE {t} SET {count} = {count} + 1 WHERE {key} = %s AND {count} < %s",
        [item.key, item.limit],
    )
    if (
        not taken and count_refused
    ):  # over the limit: still counted, so the counter says how hard it is tried
        _execute("UPDATE {t} SET {count} = {count} + 1 WHERE {key} = %s", [item.key])
    return bool(taken)


def _execute(sql: str, params: list) -> int:
    """One statement; its row count. Plain SQL rather than the ORM because the ORM marks the
    request's transaction broken on any error."""
    q = connection.ops.quote_name
    sql = sql.format(
        t=q(AttemptCounter._meta.db_table), key=q("key"), count=q("count"), ends=q("window_ends")
    )
    adapt = connection.ops.adapt_datetimefield_value  # the ORM's format: rows compare alike
    params = [adapt(p) if isinstance(p, dt.datetime) else p for p in params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
