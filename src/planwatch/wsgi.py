"""WSGI entry point: `gunicorn planwatch.wsgi`.

After the application and every view module are loaded, `gc.freeze()` moves those ~230,000
long-lived objects out of the garbage collector's sight: a full collection over them took
~160 ms, a pause that landed on whichever request triggered it (p95 of the API lists at
national scale, bench/bench_scale.py). They live as long as the process anyway.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwatch.settings")
application = get_wsgi_application()


def _load_views() -> None:
    """Import every view module now (Django does it at the first request)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - the property imports the URLconf


_load_views()
gc.collect()
gc.freeze()
