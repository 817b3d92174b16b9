"""One way in for every format: bytes → reader → Grid → structure → normalise → plan dict."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from planwatch.importer import messages
from planwatch.importer.errors import PlanImportError

MAX_INPUT_BYTES = 20 * 1024 * 1024  # a real plan is well under 5 MB; larger input is refused


def parse_file(
    path: str | os.PathLike,
    fmt: str | None = None,
    *,
    normalize: bool = True,
    column_roles: dict[int, str] | None = None,
) -> dict:
    """Parse the plan document at ``path``. Raises PlanImportError with the file name on bad input."""
    p = Path(path)
    name = p.name
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise PlanImportError(f"cannot read the file ({exc.strerror})", source=name) from None
    if size > MAX_INPUT_BYTES:
        raise PlanImportError(
            f"file is {size // (1024 * 1024)} MB; the limit is {MAX_INPUT_BYTES // (1024 * 1024)} MB",
            source=name,
        )
    return parse_bytes(p.read_bytes(), name, fmt, normalize=normalize, column_roles=column_roles)


def parse_bytes(
    data: bytes,
    name: str,
    fmt: str | None = None,
    *,
    normalize: bool = True,
    progress=None,
    column_roles: dict[int, str] | None = None,
) -> dict:
    """Parse an uploaded document. ``fmt`` forces a reader; otherwise the content decides.

    ``progress(done, total, what)`` hears about long steps (OCR of a scanned PDF, page by page).
    ``column_roles`` ({0-based source column: role}) overrides the header's guess for those
    columns, when a person has said what a column holds (``structure.columns.OVERRIDE_ROLES``).
    """
    return parse_document(
        data, name, fmt, normalize=normalize, progress=progress, column_roles=column_roles
    )[0]


def parse_document(
    data: bytes,
    name: str,
    fmt: str | None = None,
    *,
    normalize: bool = True,
    progress=None,
    column_roles: dict[int, str] | None = None,
):
    """``parse_bytes`` that also returns the reader's Grid (None for planwatch JSON), so a
    caller can keep the source rows beside the plan without reading the file twice."""
    from planwatch.importer import detect, readers, structure
    from planwatch.importer.structure import classify

    if len(data) > MAX_INPUT_BYTES:
        raise PlanImportError(
            f"file is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB", source=name
        )
    if not data.strip():
        raise PlanImportError("the file is empty", source=name)
    text = None
    if not fmt:
        fmt, text = detect.sniff(data, name)
    sha = hashlib.sha256(data).hexdigest()
    grid = None
    if fmt == "json":
        plan = readers.read_plan_json(data, name)
    else:
        # what classify keeps of the cells' readings belongs to this import only
        classify.forget()
        try:
            grid = readers.read(fmt, data, name, progress=progress, text=text)
            grid.sha256 = sha
            plan = structure.build_plan(grid, column_roles=column_roles)
        finally:
            classify.forget()
    plan["source"] = {"name": name, "format": fmt, "sha256": sha}
    if normalize:
        from planwatch.importer.normalize import normalize_plan

        normalize_plan(plan)
    messages.add_codes(plan)
    return plan, grid


def needs_background(data: bytes, name: str, fmt: str | None = None) -> bool:
    """True for input that takes tens of seconds (a scanned PDF to OCR): run it as a job."""
    from planwatch.importer import detect

    fmt = fmt or detect.detect_format(data, name)
    if fmt != "pdf":
        return False
    from planwatch.importer.readers import pdf

    return pdf.needs_ocr(data, name)
