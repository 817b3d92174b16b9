"""Readers: one module per source format, each ``read(data, name) -> Grid``.

``read`` dispatches on the format that ``detect.detect_format`` named; modules are imported
lazily so that a text import never loads openpyxl. ``read_plan_json`` accepts a document that
is already in the planwatch-plan/1 format (an export of ours), and ``decode_text`` is the one
place where bytes become text for the text-like readers.
"""

from __future__ import annotations

import importlib
import json
import re

from planwatch.importer.errors import PlanImportError
from planwatch.importer.grid import Grid

PLAN_FORMAT = "planwatch-plan/1"
_MODULES = {
    "docx": "docx",
    "xlsx": "xlsx",
    "csv": "csv_",
    "markdown": "markdown",
    "text": "text",
    "tsv": "tsv",
    "pdf": "pdf",
}
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LETTER = re.compile(r"[^\W\d_]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def read(fmt: str, data: bytes, name: str, progress=None, text: str | None = None) -> Grid:
    """Run the reader for ``fmt`` ("docx", "xlsx", "csv", "markdown", "text", "tsv", "pdf").

    ``progress`` reaches the readers with long steps (PDF OCR); the others finish quickly.
    ``text``: ``data`` as ``decode_text`` gave it to ``detect.sniff``, for the text readers."""
    module_name = _MODULES.get(fmt)
    if module_name is None:
        raise PlanImportError(f"unknown input format {fmt!r}", source=name)
    try:
        module = importlib.import_module(f"{__name__}.{module_name}")
    except ModuleNotFoundError as exc:
        if not (exc.name or "").endswith(f".{module_name}"):
            raise
        raise PlanImportError(
            f"{fmt} files cannot be imported yet; please upload the plan as .docx, .xlsx or text",
            source=name,
        ) from None
    if progress is not None and fmt == "pdf":
        return module.read(data, name, progress)
    if text is not None:
        return module.read(data, name, text=text)
    return module.read(data, name)


def decode_text(data: bytes, name: str) -> str:
    """Bytes → str: UTF-8 (BOM allowed), UTF-16 with BOM, else Windows-1251 if it reads as
    Cyrillic. Anything else is refused, because guessing an encoding garbles every cell."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _try(data, "utf-16")
    else:
        text = _try(data, "utf-8-sig")
        if text is None:
            text = _try(data, "cp1251")
            if text is not None and not looks_cyrillic(text):
                text = None
    if text is None or not looks_textual(text):
        raise PlanImportError(
            "not a plan document: the file is neither UTF-8 nor Windows-1251 text", source=name
        )
    return text


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def looks_cyrillic(text: str) -> bool:
    """At least a third of the letters are Cyrillic: a Ukrainian plan, not mis-decoded bytes."""
    letters = len(_LETTER.findall(text[:20000]))
    return letters > 0 and len(_CYRILLIC.findall(text[:20000])) * 3 >= letters


def looks_textual(text: str) -> bool:
    """Few control characters: binary data decoded by luck is still not text."""
    sample = text[:20000]
    return bool(sample.strip()) and len(_CONTROL.findall(sample)) * 100 <= len(sample)


def read_plan_json(data: bytes, name: str) -> dict:
    """Load and check a planwatch-plan/1 document; errors name the JSON path that is wrong."""
    try:
        plan = json.loads(decode_text(data, name))
    except (ValueError, RecursionError) as exc:
        raise PlanImportError(f"not valid JSON ({exc})", source=name) from None
    if not isinstance(plan, dict) or plan.get("format") != PLAN_FORMAT:
        raise PlanImportError(f'not a plan: the JSON has no "format": "{PLAN_FORMAT}"', source=name)
    _check_nodes(plan.get("nodes"), "nodes", name, depth=0)
    _check_measures(plan.get("measures", []), "measures", name)
    return plan


def _check_nodes(nodes: object, path: str, name: str, depth: int) -> None:
    if not isinstance(nodes, list):
        raise PlanImportError(f"{path} must be a list of heading nodes", source=name)
    if depth > 12:
        raise PlanImportError(f"{path}: headings nested deeper than 12 levels", source=name)
    for i, node in enumerate(nodes):
        where = f"{path}[{i}]"
        if not isinstance(node, dict):
            raise PlanImportError(f"{where} must be an object", source=name)
        for key in ("number", "title", "kind"):
            if not isinstance(node.get(key, ""), str):
                raise PlanImportError(f"{where}.{key} must be text", source=name)
        _check_nodes(node.get("children", []), f"{where}.children", name, depth + 1)
        _check_measures(node.get("measures", []), f"{where}.measures", name)


def _check_measures(measures: object, path: str, name: str) -> None:
    if not isinstance(measures, list):
        raise PlanImportError(f"{path} must be a list of measures", source=name)
    for i, m in enumerate(measures):
        text = m.get("text") if isinstance(m, dict) else None
        if isinstance(text, dict):
            text = text.get("text")
        if not isinstance(text, str) or not text.strip():
            raise PlanImportError(f"{path}[{i}] has no measure text", source=name)
