"""Named slots in the shared cache (the database): "at most N of these at once" across every
server process, without a broker.

Why: a heavy document built inside a request holds a gunicorn thread for seconds; eight
anonymous requests for uncached documents held all eight threads. `claim(name, capacity)`
takes one of `capacity` slots with ``cache.add`` (an INSERT: of two processes racing for a
slot, one wins), and gives it back on exit. A slot whose holder was killed expires after
`seconds`, so a crash never blocks a document for longer than that.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.cache import cache


@contextmanager
def claim(name: str, capacity: int = 1, seconds: int = 300) -> Iterator[bool]:
    """Yields True while one of the `capacity` slots called `name` is ours, False when all
    are taken (the caller then answers "busy" rather than waiting)."""
    token = uuid.uuid4().hex
    key = None
    for i in range(capacity):
        candidate = f"slot:{name}:{i}"
        if cache.add(candidate, token, timeout=seconds):
            key = candidate
            break
    try:
        yield key is not None
    finally:
        if key is not None and cache.get(key) == token:  # not expired, not another's
            cache.delete(key)
