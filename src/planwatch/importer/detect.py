"""Which reader fits an upload: decided by the content, the file name only breaks ties.

People rename files, mail systems add ".txt", and a council's "plan.doc" may be a .docx, an
old Word 97 file or a PDF. So the bytes decide, in this order:

1. zip with word/document.xml → "docx"; with xl/workbook.xml → "xlsx"; other zips refused;
2. OLE2 compound file (D0 CF 11 E0) → refused: a password-protected Office file or a legacy
   .doc/.xls, and the person is asked for a .docx;
3. "%PDF" → "pdf"; other known binary signatures (images, archives, RTF) refused;
4. the rest must decode as text (HTML pages and Word 2003 XML are refused with advice) (UTF-8 with or without BOM, UTF-16 with BOM, or
   Windows-1251 that reads as Cyrillic), else "not a plan document";
5. a JSON object with "format": "planwatch-plan/1" → "json";
6. a Markdown pipe table (a |---| separator line under a | row) → "markdown";
7. a header row of our xlsx/csv template → "csv" (whatever the delimiter);
8. many lines holding two or more TABs (tab-separated rows) → "tsv";
9. an Excel "sep=;" first line, or comma/semicolon-separated lines, ≥3 columns, the same count on most lines → "csv";
10. otherwise "text" (the line-per-cell renderings of Word/PDF documents).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections import Counter
from itertools import islice
from pathlib import PurePath

from planwatch.importer.errors import PlanImportError
from planwatch.importer.readers import decode_text
from planwatch.importer.readers.tabular import is_template_header

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BINARY = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
    b"\x1f\x8b": "a gzip archive",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"\x7fELF": "a program",
    b"MZ": "a Windows program",
    b"{\\rtf": "an RTF document (please save it as .docx)",
}
_MD_ROW = re.compile(r"^\s*\|.*\|\s*$")
_MD_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$")
_MARKUP = re.compile(r"\s*(<\?xml[^>]*>\s*)?(<\?mso-application|<!doctype html|<html)", re.I)
_SEP_HINT = re.compile(r"^sep=.$")
SAMPLE_CHARS = 64 * 1024


def detect_format(data: bytes, name: str) -> str:
    """Name the reader for ``data``: docx, xlsx, pdf, json, markdown, csv, tsv or text."""
    return sniff(data, name)[0]


def sniff(data: bytes, name: str) -> tuple[str, str | None]:
    """``detect_format`` and, for a text-like format, the decoded text (read once, not twice)."""
    if not data.strip():
        raise PlanImportError("the file is empty", source=name)
    binary = _binary_format(data, name)
    if binary:
        return binary, None
    text = decode_text(data, name)
    return _text_format(text[:SAMPLE_CHARS], name), text


def _binary_format(data: bytes, name: str) -> str | None:
    if data.startswith(b"PK"):
        return _zip_format(data, name)
    if data.startswith(OLE2):
        raise PlanImportError(_ole2_message(data), source=name)
    if b"%PDF-" in data[:1024]:
        return "pdf"
    for magic, what in _BINARY.items():
        if data.startswith(magic):
            raise PlanImportError(f"not a plan document: the file is {what}", source=name)
    return None


def _ole2_message(data: bytes) -> str:
    """Encrypted .docx/.xlsx files are OLE2 containers too; say which case this looks like."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        return (
            "the document is password-protected (encrypted); remove the password in Word/Excel "
            "and upload it again as .docx or .xlsx"
        )
    return (
        "this is a legacy Word 97-2003 (.doc) or Excel (.xls) file, or a password-protected "
        "document; open it in Word or Excel and save it as .docx (or .xlsx)"
    )


def _zip_format(data: bytes, name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise PlanImportError(
            "not a plan document: the file looks like a zip archive (as .docx/.xlsx are) "
            "but is damaged or incomplete",
            source=name,
        ) from None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "content.xml" in names and "mimetype" in names:
        raise PlanImportError(
            "OpenDocument files (.odt/.ods) are not supported; save the plan as .docx or .xlsx",
            source=name,
        )
    raise PlanImportError(
        "not a plan document: a zip archive that is neither a .docx nor an .xlsx file", source=name
    )


def _text_format(text: str, name: str) -> str:
    ext = PurePath(name).suffix.lower()
    if text.lstrip().startswith("{"):
        return _json_format(text, name)
    markup = _MARKUP.match(text)
    if markup:
        what = (
            "a Word XML (2003) document" if "mso-application" in markup.group(0) else "a web page"
        )
        raise PlanImportError(
            f"{what} cannot be imported; open it in Word and save it as .docx", source=name
        )
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if lines and _SEP_HINT.match(lines[0]):
        return "csv"  # Excel's "sep=;" line
    if _is_markdown(lines, ext):
        return "markdown"
    if template_delimiter(lines) is not None:
        return "csv"
    if _is_tsv(lines, ext):
        return "tsv"
    if csv_delimiter(text, ext) is not None:
        return "csv"
    return "text"


def _json_format(text: str, name: str) -> str:
    try:
        doc = json.loads(text) if len(text) < SAMPLE_CHARS else None
    except (ValueError, RecursionError):
        doc = None
    if doc is None and '"planwatch-plan/1"' in text[:4096]:
        return "json"  # too long to sample whole; read_plan_json checks it fully
    if isinstance(doc, dict) and doc.get("format") == "planwatch-plan/1":
        return "json"
    if doc is not None:
        raise PlanImportError(
            'not a plan document: JSON without "format": "planwatch-plan/1"', source=name
        )
    return "text"


def _is_markdown(lines: list[str], ext: str) -> bool:
    for prev, line in zip(lines, lines[1:], strict=False):
        if _MD_ROW.match(prev) and _MD_SEP.match(line):
            return True
    return ext in (".md", ".markdown") and sum(1 for ln in lines if _MD_ROW.match(ln)) >= 3


def template_delimiter(lines: list[str]) -> str | None:
    """Our template's header row (in the first lines) settles the question for any delimiter."""
    for line in lines[:20]:
        for delimiter in (",", ";", "\t"):
            cells = next(csv.reader([line], delimiter=delimiter), [])
            if len(cells) >= 3 and is_template_header(cells):
                return delimiter
    return None


def _is_tsv(lines: list[str], ext: str) -> bool:
    rows = sum(1 for ln in lines[:400] if ln.count("\t") >= 2)
    share = 0.2 if ext == ".tsv" else 0.3
    return rows >= 3 and rows >= share * min(len(lines), 400)


def csv_delimiter(text: str, ext: str) -> str | None:
    """A delimiter that splits most rows into the same number (≥3) of fields."""
    sample = text[: text.rfind("\n") + 1] if len(text) >= SAMPLE_CHARS else text
    share = 0.6 if ext == ".csv" else 0.8
    # more short rows (< 3 fields) than this and no width can reach the share: stop reading
    # (the margin of 1 keeps the float product on the safe side)
    hopeless = 200 * (1 - share) + 1
    for delimiter in (";", ","):
        try:
            # the first 200 rows decide: the rest of the sample is not parsed
            reader = csv.reader(io.StringIO(sample), delimiter=delimiter)
            rows, short = [], 0
            for row in islice(filter(any, reader), 200):
                rows.append(row)
                short += len(row) < 3
                if short > hopeless:
                    break
        except csv.Error:
            continue
        if short > hopeless:
            continue  # a prose text: most of its lines are not rows of fields
        counts = Counter(len(r) for r in rows)
        if not counts:
            continue
        width, n = counts.most_common(1)[0]
        if width >= 3 and n >= 3 and n >= share * min(len(rows), 200):
            return delimiter
    return None
