"""The one table of planwatch.lib: attempt counters (see `throttle.py`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AttemptCounter(models.Model):
    """Attempts under one key (a login name + address, an address, an e-mail) in a window.

    A row, not a cache entry, because the counter must be bumped by one conditional UPDATE
    that every server process and thread sees; the cache's get-then-set `incr` is not atomic.
    """

    key = models.CharField(max_length=100, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    window_ends = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("attempt counter")
        verbose_name_plural = _("attempt counters")

    def __str__(self) -> str:
        return f"{self.key}: {self.count} → {self.window_ends:%d.%m.%Y %H:%M}"
