"""Where generated reports are kept: outside static and media, served only through the
access-checked download view (the same arrangement as monitoring's evidence files)."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class ReportStorage(FileSystemStorage):
    """Reads its location from settings on every use, so tests can point it elsewhere."""

    @property
    def base_location(self) -> str:  # type: ignore[override]
        default = Path(settings.REPO_DIR) / "var" / "reports"
        return str(getattr(settings, "PLANWATCH_REPORTS_ROOT", default))

    @property
    def location(self) -> str:  # type: ignore[override]
        return str(Path(self.base_location).resolve())


def report_storage() -> ReportStorage:
    return ReportStorage()


def report_upload_to(instance, filename: str) -> str:
    """A random name under the plan's folder; the download name is made at download time."""
    return f"{instance.plan_id}/{uuid.uuid4().hex}.{instance.format}"
