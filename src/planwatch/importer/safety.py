"""Defences for the zip-based readers (.docx, .xlsx): zip bombs, XML entity tricks, runaway input.

An uploaded document is untrusted. A .docx/.xlsx is a zip of XML parts, so it can be a zip bomb
(tiny upload, gigabytes inflated) or carry a DOCTYPE with entity declarations (billion laughs,
external entities). docx2python, python-docx and openpyxl's lxml paths do not refuse those by
themselves, so every zip is checked here before any XML library sees it, and our own XML parsing
refuses them too: a UTF-8 part with no "<!" at all (every Office part) goes to the C parser,
which then cannot meet a DTD; anything else goes through defusedxml. Every refusal is a PlanImportError naming the file.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
import zlib
from xml.etree.ElementTree import Element, ParseError, XMLParser

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as _defused_fromstring

from planwatch.importer.errors import PlanImportError

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # all members together, as inflated
MAX_RATIO = 100  # inflated ÷ compressed; real Office parts stay well under 30
MAX_MEMBERS = 2000
MAX_XML_PART = 50 * 1024 * 1024  # one XML part, inflated; document.xml of a plan is ~1 MB
RATIO_FLOOR = 1024 * 1024  # tiny parts may compress very well; judge the ratio above 1 MB
MAX_ROWS = 50_000  # a plan has hundreds of rows; more means it is not a plan
MAX_SECONDS = 30.0
_MARKUP_DECLS = (b"<!DOCTYPE", b"<!ENTITY")


def open_zip(data: bytes, name: str, what: str = "Office document") -> zipfile.ZipFile:
    """Open ``data`` as a zip after checking member count, total size and compression ratio."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except _DAMAGED:
        raise PlanImportError(
            f"not a valid {what}: the file is not a readable zip archive", source=name
        ) from None
    check_zip(zf, name)
    return zf


def check_zip(zf: zipfile.ZipFile, name: str) -> None:
    """Refuse zip bombs by their declared sizes; ``read_member`` re-checks while inflating."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise PlanImportError(
            f"refused: the archive has {len(infos)} members (limit {MAX_MEMBERS}); "
            "it does not look like an Office document",
            source=name,
        )
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise PlanImportError(
            f"refused: the archive inflates to {total // (1024 * 1024)} MB "
            f"(limit {MAX_UNCOMPRESSED // (1024 * 1024)} MB); possible zip bomb",
            source=name,
        )
    worst = max((i for i in infos if i.file_size > RATIO_FLOOR), key=_ratio, default=None)
    if (
        worst is not None
        and _ratio(worst) > MAX_RATIO
        or (total > RATIO_FLOOR and total > MAX_RATIO * max(packed, 1))
    ):
        raise PlanImportError(
            f"refused: compression ratio above {MAX_RATIO}:1; possible zip bomb", source=name
        )


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{size / 1024:.0f} KB"


def _ratio(info: zipfile.ZipInfo) -> float:
    return info.file_size / max(info.compress_size, 1)


# what zipfile raises on corrupt members: bad headers, bad deflate data, impossible offsets
_DAMAGED = (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError)
_DAMAGED += (RuntimeError,)  # an encrypted member wants a password


def read_member(
    zf: zipfile.ZipFile, member: str, name: str, cap: int | None = None
) -> bytes | None:
    """Inflate one member with a hard size cap (declared sizes can lie). None if it is absent."""
    try:
        info = zf.getinfo(member)
    except KeyError:
        return None
    cap = cap or MAX_XML_PART
    if info.file_size > cap:
        raise PlanImportError(
            f"refused: {member} is {_mb(info.file_size)} inflated (limit {_mb(cap)}); "
            "a plan is far smaller",
            source=name,
        )
    limit = min(cap, max(info.file_size, 0) + 1)
    try:
        with zf.open(info) as fh:
            data = fh.read(limit + 1)
    except _DAMAGED as exc:
        raise PlanImportError(f"damaged archive member {member}: {exc}", source=name) from None
    if len(data) > limit:
        raise PlanImportError(
            f"refused: {member} inflates beyond its declared size; possible zip bomb", source=name
        )
    return data


def check_xml(data: bytes, member: str, name: str) -> None:
    """Refuse a DOCTYPE or ENTITY declaration: Office never writes one, attacks always do."""
    head = data
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:64]:
        try:
            head = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise PlanImportError(f"{member} is not readable XML", source=name) from None
    upper = head.upper()
    if any(decl in upper for decl in _MARKUP_DECLS):
        raise PlanImportError(
            f"refused: {member} contains a DOCTYPE/ENTITY declaration "
            "(entity expansion or external entity attack)",
            source=name,
        )


def check_zip_xml(zf: zipfile.ZipFile, name: str, prefixes: tuple[str, ...] = ("",)) -> None:
    """Run ``check_xml`` on every .xml/.rels member under ``prefixes`` (before lxml sees them)."""
    for info in zf.infolist():
        member = info.filename
        if member.startswith(prefixes) and member.endswith((".xml", ".rels")):
            check_xml(read_member(zf, member, name) or b"", member, name)


def check_office_file(data: bytes, name: str, what: str = "Office document") -> None:
    """All checks, for code that hands an upload to python-docx, docx2python or openpyxl
    (they parse with lxml, which does not refuse DOCTYPE/ENTITY by itself)."""
    with open_zip(data, name, what) as zf:
        check_zip_xml(zf, name)


def parse_xml(data: bytes, member: str, name: str) -> Element:
    """Parse an XML part with DTDs, entities and external references forbidden.

    Office parts are UTF-8 (or UTF-16) without any ``<!`` markup declaration. Such a part is
    decoded here and the text itself handed to the C parser: with no ``<!`` in what the parser
    sees there is no DOCTYPE, so no entity can be declared or fetched (and a str is parsed as
    the str it is, whatever encoding the XML declaration names). Anything else (another
    encoding, comments, CDATA) goes through defusedxml as before; DOCTYPE/ENTITY is refused."""
    text = _plain_xml_text(data)
    if text is None:
        return _parse_defused(data, member, name)
    try:
        parser = XMLParser()
        parser.feed(text)
        return parser.close()
    except (ParseError, ValueError) as exc:
        raise PlanImportError(f"{member} is not well-formed XML ({exc})", source=name) from None


_DECLARED_ENCODING = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)")
_PLAIN_ENCODINGS = frozenset({b"utf-8", b"utf8"})


def _plain_xml_text(data: bytes) -> str | None:
    """The part's text when it is UTF-8 with no markup declaration at all; else None."""
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if b"<!" in body or b"\x00" in body[:64] or body[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None
    declared = _DECLARED_ENCODING.match(body)
    if declared and declared.group(1).lower() not in _PLAIN_ENCODINGS:
        return None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _parse_defused(data: bytes, member: str, name: str) -> Element:
    check_xml(data, member, name)
    try:
        return _defused_fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise PlanImportError(
            f"refused: {member} uses forbidden XML features", source=name
        ) from None
    except (ParseError, ValueError) as exc:
        raise PlanImportError(f"{member} is not well-formed XML ({exc})", source=name) from None


class Budget:
    """Caps a reader's rows and wall time so hostile input fails fast instead of hanging."""

    def __init__(self, name: str, max_rows: int = MAX_ROWS, seconds: float = MAX_SECONDS):
        self.name, self.max_rows, self.rows = name, max_rows, 0
        self.deadline = time.monotonic() + seconds

    def row(self) -> None:
        """Count one row; raise once the document is too large or too slow to be a plan."""
        self.rows += 1
        if self.rows > self.max_rows:
            raise PlanImportError(
                f"refused: more than {self.max_rows} table rows; not a plan document",
                source=self.name,
            )
        if self.rows % 256 == 0 and time.monotonic() > self.deadline:
            raise PlanImportError("refused: the document takes too long to read", source=self.name)
