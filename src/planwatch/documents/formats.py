"""The formats an official document comes in, and the language it is written in.

The documents go to the head of the body, so they are written in the official language
whatever language the person who asked for them reads the interface in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.utils import translation

DOCUMENT_LANGUAGE = "uk"


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str
    label: str


FORMATS: dict[str, Format] = {
    "docx": Format(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word (.docx)",
    ),
    "xlsx": Format(
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (.xlsx)"
    ),
    "pdf": Format("pdf", "application/pdf", "PDF"),
}


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


T = TypeVar("T")


def in_document_language(fn: Callable[..., T], *args) -> T:
    """`fn(*args)` with the document language active (period titles, labels, sentences)."""
    with translation.override(DOCUMENT_LANGUAGE):
        return fn(*args)
