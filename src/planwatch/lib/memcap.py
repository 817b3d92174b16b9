"""A ceiling on a job worker's memory, so one hostile file fails its job, not the machine.

A 1.8 KB PDF can ask for gigabytes (a page "a kilometre wide" rendered for OCR). Without a
cap the kernel's OOM killer ends the worker — or something else on the server — and the job
comes back again and again. Under `memory_cap` the allocation fails instead: Python raises
MemoryError, the job is marked failed with a clear message, the worker carries on.

The cap is on address space (RLIMIT_AS), the one limit Linux enforces at allocation time. It
is set around each round of jobs and lifted after, so the worker's own process (and a test
run calling the same code) keeps its usual limit outside a job. Processes a job starts
(report PDF pages, OCR) inherit it.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

from django.conf import settings

try:
    import resource
except ImportError:  # not on Windows: no cap there
    resource = None  # type: ignore[assignment]

log = logging.getLogger(__name__)
MB = 1024 * 1024


def worker_memory_bytes() -> int:
    """PLANWATCH_WORKER_MEMORY_MB as bytes; 0 means no cap."""
    return int(getattr(settings, "PLANWATCH_WORKER_MEMORY_MB", 2048)) * MB


def address_space_bytes() -> int:
    """What the process has mapped now (VmSize), 0 when unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


@contextlib.contextmanager
def memory_cap(limit: int | None = None) -> Iterator[int]:
    """Run the block with at most `limit` bytes of address space (default: the setting).

    Yields the limit applied (0: none). A limit below what the process already maps would fail
    every allocation at once, so it is raised to that plus 256 MB, with a warning."""
    limit = worker_memory_bytes() if limit is None else limit
    if resource is None or limit <= 0:
        yield 0
        return
    in_use = address_space_bytes()
    if in_use and limit < in_use + 256 * MB:
        log.warning("worker memory cap %s MB is below what it maps already", limit // MB)
        limit = in_use + 256 * MB
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield limit
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
