"""Hostile and broken uploads: each one is a PlanImportError with a clear message, fast.

The corpus is generated here, so nothing binary is checked in: empty and garbage files, a .docx
that is not a zip, zip bombs, XML entity attacks, Office files in the old binary format or
encrypted, documents without a plan table, oversized files.
"""

from __future__ import annotations

import io
import json
import signal
import zipfile
from contextlib import contextmanager, suppress

import pytest
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from planwatch.importer import MAX_INPUT_BYTES, PlanImportError, parse_bytes, parse_file, safety
from planwatch.importer.detect import OLE2

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>"
)
XXE = (
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
)


def zipped(members: dict[str, bytes | str], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def docx_bytes(build=lambda d: d.add_paragraph("Лист без таблиці")) -> bytes:
    doc = Document()
    build(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def docx_with_document(xml: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx_bytes())) as src:
        members = {n: src.read(n) for n in src.namelist()}
    members["word/document.xml"] = xml
    return zipped(members)


def xlsx_with_sheet_doctype() -> bytes:
    wb = Workbook()
    wb.active.append(["Захід", "Строк", "Виконавці"])
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src:
        members = {n: src.read(n) for n in src.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    doctype = '<!DOCTYPE x [<!ENTITY a "b">]>'
    head, sep, rest = sheet.partition("?>") if sheet.startswith("<?xml") else ("", "", sheet)
    members["xl/worksheets/sheet1.xml"] = head + sep + doctype + rest
    return zipped(members)


def corrupted_member(data: bytes, member: str) -> bytes:
    """Scramble a member's compressed bytes: the zip directory still looks fine."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 8
    return data[:start] + b"\xff" * 24 + data[start + 24 :]


CORPUS = {
    "empty": (b"", "plan.docx", "empty"),
    "whitespace": (b" \r\n\t ", "plan.txt", "empty"),
    "garbage": (bytes(range(256)) * 64, "plan.bin", "not a plan document"),
    "docx-not-a-zip": (b"PK\x03\x04" + b"\x00\x13garbage" * 50, "plan.docx", "damaged"),
    "truncated-docx": (docx_bytes()[:2000], "plan.docx", "damaged|not a valid"),
    "zip-bomb": (
        zipped({"word/document.xml": b" " * (8 * 1024 * 1024)}),
        "plan.docx",
        "zip bomb",
    ),
    "many-members": (
        zipped({f"word/m{i}.xml": b"<x/>" for i in range(2100)} | {"word/document.xml": b"<x/>"}),
        "plan.docx",
        "members",
    ),
    "billion-laughs": (docx_with_document(BILLION_LAUGHS), "plan.docx", "DOCTYPE/ENTITY"),
    "external-entity": (docx_with_document(XXE), "plan.docx", "DOCTYPE/ENTITY"),
    "xlsx-entity": (xlsx_with_sheet_doctype(), "plan.xlsx", "DOCTYPE/ENTITY"),
    "malformed-xml": (docx_with_document("<w:document><w:body>"), "plan.docx", "well-formed"),
    "ole2-legacy-doc": (OLE2 + b"\x00" * 4096, "plan.doc", r"legacy .*\.docx"),
    "ole2-encrypted": (
        OLE2 + b"\x00" * 512 + "EncryptedPackage".encode("utf-16-le"),
        "plan.docx",
        "password-protected",
    ),
    "docx-without-table": (docx_bytes(), "plan.docx", "no plan table"),
    "corrupt-member": (
        corrupted_member(docx_bytes(), "word/document.xml"),
        "plan.docx",
        "damaged archive member word/document.xml",
    ),
    "docx-small-table": (
        docx_bytes(lambda d: d.add_table(rows=2, cols=2)),
        "plan.docx",
        "no plan table",
    ),
    "odt": (
        zipped({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"}),
        "plan.odt",
        "OpenDocument",
    ),  # fmt: skip
    "png": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "plan.docx", "PNG image"),
    "foreign-json": (b'{"nodes": []}', "plan.json", "planwatch-plan/1"),
    "bad-plan-json": (
        json.dumps(
            {"format": "planwatch-plan/1", "nodes": [{"measures": [{"text": ""}]}]}
        ).encode(),
        "plan.json",
        r"nodes\[0\]\.measures\[0\] has no measure text",
    ),
    "deep-json": (
        b'{"format": "planwatch-plan/1", "nodes": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "plan.json",
        "JSON|deeper",
    ),
    "csv-too-many-rows": (b"a;b;c\n" * 50_100, "plan.csv", "more than"),
    "empty-xlsx": (
        (lambda: (lambda b: (Workbook().save(b), b.getvalue())[1])(io.BytesIO()))(),
        "plan.xlsx",
        "no plan table",
    ),
}


@contextmanager
def time_limit(seconds: int):
    """Fail instead of hanging: the point of these inputs is that they might."""

    def on_alarm(signum, frame):
        raise TimeoutError(f"import took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


class BadInputTestCase:
    @settings(max_examples=60)
    @given(st.binary(min_size=1, max_size=4096), st.sampled_from(["p.docx", "p.xlsx", "p.csv"]))
    def test_random_bytes_give_a_plan_or_a_plan_import_error(self, data, name):
        with time_limit(10), suppress(PlanImportError):
            parse_bytes(data, name, normalize=False)

    @settings(max_examples=60)
    @given(st.binary(min_size=1, max_size=64), st.floats(0, 1), st.sampled_from(["docx", "xlsx"]))
    def test_damaged_office_archives_give_a_plan_import_error(self, noise, where, fmt):
        data = CORPUS["docx-without-table" if fmt == "docx" else "empty-xlsx"][0]
        at = int(where * (len(data) - len(noise)))
        with time_limit(10), suppress(PlanImportError):
            parse_bytes(data[:at] + noise + data[at + len(noise) :], f"p.{fmt}", normalize=False)

    @pytest.mark.parametrize("case", CORPUS, ids=str)
    def test_it_refuses_with_a_clear_message_naming_the_file(self, case):
        data, name, message = CORPUS[case]
        with time_limit(10), pytest.raises(PlanImportError, match=message) as caught:
            parse_bytes(data, name, normalize=False)
        assert str(caught.value).startswith(name)

    def test_a_50_mb_file_is_refused_before_it_is_read(self, tmp_path):
        big = tmp_path / "plan.docx"
        with big.open("wb") as fh:
            fh.seek(50 * 1024 * 1024 - 1)
            fh.write(b"\0")
        with time_limit(5), pytest.raises(PlanImportError, match="limit is 20 MB"):
            parse_file(big)
        with pytest.raises(PlanImportError, match="larger than"):
            parse_bytes(b"x" * (MAX_INPUT_BYTES + 1), "plan.txt", normalize=False)

    def test_an_archive_inflating_past_the_size_limit_is_refused(self, monkeypatch):
        monkeypatch.setattr(safety, "MAX_UNCOMPRESSED", 64 * 1024)
        data = zipped({"word/document.xml": bytes(range(256)) * 1024}, zipfile.ZIP_STORED)
        with pytest.raises(PlanImportError, match="inflates to"):
            parse_bytes(data, "plan.docx", normalize=False)

    def test_an_oversized_xml_part_is_refused(self, monkeypatch):
        monkeypatch.setattr(safety, "MAX_XML_PART", 4096)
        with pytest.raises(
            PlanImportError, match=r"word/\w+\.xml is \d+ KB inflated \(limit 4 KB\)"
        ):
            parse_bytes(CORPUS["docx-without-table"][0], "plan.docx", normalize=False)

    def test_check_office_file_guards_code_that_uses_lxml_based_libraries(self):
        safety.check_office_file(CORPUS["docx-without-table"][0], "plan.docx")
        with pytest.raises(PlanImportError, match="DOCTYPE/ENTITY"):
            safety.check_office_file(CORPUS["billion-laughs"][0], "plan.docx")
