"""Where generated reports are kept: the "reports" storage of STORAGES (a folder outside static
and media, `PLANWATCH_REPORTS_ROOT`, or the S3 bucket's reports/ prefix), served only through
the access-checked download view (the same arrangement as monitoring's evidence files)."""

from __future__ import annotations

import uuid

from django.core.files.storage import Storage

from planwatch.lib.storage import named


def report_storage() -> Storage:
    return named("reports")


def report_upload_to(instance, filename: str) -> str:
    """A random name under the plan's folder; the download name is made at download time."""
    return f"{instance.plan_id}/{uuid.uuid4().hex}.{instance.format}"
