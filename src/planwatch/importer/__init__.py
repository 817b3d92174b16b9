"""planwatch.importer: turn a plan document into planwatch-plan/1 JSON. No Django here.

from planwatch.importer import parse_file, parse_bytes, PlanImportError
plan = parse_file("plan.docx")          # dict in the planwatch-plan/1 format
"""

from planwatch.importer.errors import PlanImportError
from planwatch.importer.pipeline import (
    MAX_INPUT_BYTES,
    needs_background,
    parse_bytes,
    parse_document,
    parse_file,
)

__all__ = [
    "MAX_INPUT_BYTES",
    "PlanImportError",
    "needs_background",
    "parse_bytes",
    "parse_document",
    "parse_file",
]
