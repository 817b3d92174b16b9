"""Named slots in the shared cache (the database): "at most N of these at once" across every
server process, without a broker.

Why: a heavy document built inside a request holds a gunicorn thread for seconds; eight
anonymous requests for uncached documents held all eight threads. `claim(name, capacity)`
takes one of `capacity` slots with ``cache.add`` (an INSERT: of two processes racing for a
slot, one wins), and gives it back on exit. A slot whose holder was killed expires after
`seconds`, so a crash never blocks a document for longer than that.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.core.cache import cache
from django.db import OperationalError, connection

T = TypeVar("T")


def patient(call: Callable[..., T], *args, tries: int = 200, **kwargs) -> T:
    """``call(*args, **kwargs)``, tried again briefly while SQLite says a table is locked.

    A file database waits by itself (busy timeout); SQLite's shared-cache database (the test
    database) reports a table another connection is writing as locked at once. Only for calls
    outside a request transaction (the cache's own ``atomic`` rolls back cleanly)."""
    for attempt in range(tries):
        try:
            return call(*args, **kwargs)
        except OperationalError as exc:
            if connection.vendor != "sqlite" or "locked" not in str(exc) or attempt == tries - 1:
                raise
            time.sleep(0.005 + random.random() * 0.02)  # noqa: S311
    raise AssertionError("unreachable")


@contextmanager
def claim(name: str, capacity: int = 1, seconds: int = 300) -> Iterator[bool]:
    """Yields True while one of the `capacity` slots called `name` is ours, False when all
    are taken (the caller then answers "busy" rather than waiting)."""
    token = uuid.uuid4().hex
    key = None
    for i in range(capacity):
        candidate = f"slot:{name}:{i}"
        if patient(cache.add, candidate, token, timeout=seconds):
            key = candidate
            break
    try:
        yield key is not None
    finally:
        if key is not None and patient(cache.get, key) == token:  # not expired, not another's
            patient(cache.delete, key)
