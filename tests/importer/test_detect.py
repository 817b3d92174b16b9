"""Format detection: the content decides, the extension only breaks ties."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from planwatch.importer import PlanImportError, parse_bytes
from planwatch.importer.detect import OLE2, detect_format
from planwatch.importer.readers import decode_text
from tests.conftest import SHARED


def zip_with(*members: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for m in members:
            zf.writestr(m, "<x/>")
    return out.getvalue()


LINE_TEXT = "ПЛАН ЗАХОДІВ\n\n\tНайменування заходу\n\tСтрок виконання\n\n\t1) захід\n\t2025 рік\n"
TSV = "№\tЗахід\tСтрок\tВиконавці\n1\t1) захід\t2025\tСДС\n2\t2) захід\t2026\tСДС\n3\tx\ty\tz\n"
MARKDOWN = "# План\n\n| Захід | Строк | Виконавці |\n|---|---|---|\n| 1) захід | 2025 | СДС |\n"


class DetectFormatTestCase:
    def test_a_zip_with_word_document_is_docx_whatever_its_name(self):
        assert detect_format(zip_with("word/document.xml"), "plan.pdf") == "docx"

    def test_a_zip_with_a_workbook_is_xlsx(self):
        assert detect_format(zip_with("xl/workbook.xml"), "plan.docx") == "xlsx"

    def test_another_zip_is_refused(self):
        with pytest.raises(PlanImportError, match="neither a .docx nor an .xlsx"):
            detect_format(zip_with("photo.jpg"), "plan.zip")

    def test_an_ole2_file_is_refused_with_advice_to_save_as_docx(self):
        with pytest.raises(PlanImportError, match=r"\.doc.*save it as \.docx"):
            detect_format(OLE2 + b"\x00" * 600, "plan.doc")

    def test_an_encrypted_office_file_is_called_password_protected(self):
        data = OLE2 + b"\x00" * 100 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100
        with pytest.raises(PlanImportError, match="password-protected"):
            detect_format(data, "plan.docx")

    def test_pdf_is_recognised_by_its_signature(self):
        assert detect_format(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "plan.txt") == "pdf"

    def test_a_planwatch_json_document_is_json(self):
        data = json.dumps({"format": "planwatch-plan/1", "nodes": []}).encode()
        assert detect_format(data, "plan.json") == "json"

    def test_other_json_is_not_a_plan(self):
        with pytest.raises(PlanImportError, match="planwatch-plan/1"):
            detect_format(b'{"hello": "world"}', "data.json")

    def test_a_pipe_table_with_separator_is_markdown(self):
        assert detect_format(MARKDOWN.encode(), "plan.txt") == "markdown"

    def test_rows_of_tabs_are_tsv(self):
        assert detect_format(TSV.encode(), "plan.txt") == "tsv"

    def test_one_cell_per_line_text_is_text(self):
        assert detect_format(LINE_TEXT.encode(), "plan.md") == "text"

    def test_semicolon_and_comma_tables_are_csv(self):
        rows = ["Захід;Строк;Виконавці", "1) захід;2025;СДС", "2) захід;2026;СДС"]
        assert detect_format("\n".join(rows).encode(), "plan.txt") == "csv"
        rows = ["Захід,Строк,Виконавці", '"1) захід, перший",2025,СДС', "2) захід,2026,СДС"]
        assert detect_format("\n".join(rows).encode(), "export") == "csv"

    def test_prose_with_commas_stays_text(self):
        prose = "відділ освіти, служба у справах дітей, ЦНСП\nщокварталу\nвідділ, служба\n" * 3
        assert detect_format(prose.encode(), "plan.txt") == "text"

    def test_our_template_header_means_csv_even_with_tabs(self):
        data = "Завдання\tЗахід\tСтрок виконання\tВиконавці\n1.1 Т\tзахід\t2025\tСДС\n".encode()
        assert detect_format(data, "plan.tsv") == "csv"

    def test_windows_1251_cyrillic_text_is_decoded(self):
        assert detect_format(LINE_TEXT.encode("cp1251"), "plan.txt") == "text"

    def test_utf8_with_bom_is_decoded(self):
        assert detect_format(b"\xef\xbb\xbf" + LINE_TEXT.encode(), "plan.txt") == "text"

    @pytest.mark.parametrize(
        "data",
        [b"\x89PNG\r\n\x1a\n" + bytes(range(256)), bytes(range(256)) * 8, b"\x00\x01\x02" * 400],
        ids=["png", "bytes", "zeros"],
    )
    def test_binary_data_is_not_a_plan_document(self, data):
        with pytest.raises(PlanImportError, match="not a plan document"):
            detect_format(data, "plan.txt")

    @pytest.mark.parametrize(
        "head",
        ["<!DOCTYPE html><html><body><table>", '<?xml version="1.0"?><?mso-application '
         'progid="Word.Document"?><w:wordDocument>'],
        ids=["html", "word-2003-xml"],
    )  # fmt: skip
    def test_html_and_word_xml_are_refused_with_advice(self, head):
        with pytest.raises(PlanImportError, match="save it as .docx"):
            detect_format(head.encode() + "<p>План</p>".encode(), "plan.doc")

    def test_empty_input_is_refused(self):
        with pytest.raises(PlanImportError, match="empty"):
            detect_format(b"  \n", "plan.txt")


@pytest.mark.skipif(not (SHARED / "samples").is_dir(), reason="shared samples not available")
class DetectSamplesTestCase:
    def test_the_shared_samples_get_their_readers(self):
        found = {
            p.name: detect_format(p.read_bytes(), p.name)
            for d in ("docx", "text", "pdf")
            for p in (SHARED / "samples" / d).iterdir()
        }
        assert {f for n, f in found.items() if n.endswith(".docx")} == {"docx"}
        assert {f for n, f in found.items() if n.endswith(".pdf")} == {"pdf"}
        assert found["000-village-pishchanska-2025.txt"] == "text"
        assert found["001-city-kalush-2025-2026.txt"] == "text"
        assert found["002-oblast-luhansk-2018-2026.txt"] == "tsv"


class PlanJsonTestCase:
    def test_a_planwatch_json_document_is_checked_and_returned(self):
        plan = {"format": "planwatch-plan/1", "title": "План", "nodes": [
            {"kind": "task", "number": "1", "title": "Т", "children": [],
             "measures": [{"number": "1)", "text": {"text": "захід"}}]}]}  # fmt: skip
        back = parse_bytes(json.dumps(plan, ensure_ascii=False).encode(), "p.json", normalize=False)
        assert back["nodes"] == plan["nodes"] and back["source"]["format"] == "json"

    def test_utf16_text_with_a_bom_is_decoded(self):
        assert decode_text("\ufeffПлан заходів".encode("utf-16"), "p.txt") == "\ufeffПлан заходів"
