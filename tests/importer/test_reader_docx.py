""".docx reader: grid columns, merged cells, Word numbering, preamble/trailer, table choice."""

from __future__ import annotations

import io
import time

import pytest
from docx import Document
from docx.oxml import parse_xml

from planwatch.importer import PlanImportError
from planwatch.importer.readers import docx as docx_reader
from tests.conftest import SHARED

HEADER = ["Найменування завдання", "Найменування заходу", "Строк", "Фінансування", "Виконавці"]
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def make_docx(build) -> bytes:
    doc = Document()
    build(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def add_table(doc, rows: list[list[str]]):
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    return table


def read(data: bytes):
    return docx_reader.read(data, "plan.docx")


def add_numbering(doc, fmt: str = "%1)", instances: dict[int, int | None] | None = None):
    """An abstractNum 90 printing ``fmt`` with a space, and w:num instances {numId: start}."""
    numbering = doc.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum {W_NS} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            f'<w:numFmt w:val="decimal"/><w:suff w:val="space"/><w:lvlText w:val="{fmt}"/>'
            "</w:lvl></w:abstractNum>"
        )
    )
    for num_id, start in (instances or {91: 1}).items():
        override = (
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>'
            if start is not None
            else ""
        )
        numbering.append(
            parse_xml(
                f'<w:num {W_NS} w:numId="{num_id}"><w:abstractNumId w:val="90"/>{override}</w:num>'
            )
        )


def numbered(paragraph, num_id: int) -> None:
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


class DocxGridTestCase:
    def test_it_reads_cells_with_their_grid_columns_and_row_numbers(self):
        data = make_docx(
            lambda d: add_table(d, [HEADER, ["1.1 Завдання", "1) захід", "2025", "", "СДС"]])
        )
        grid = read(data)
        assert grid.source_format == "docx"
        assert [r.texts() for r in grid.rows] == [
            HEADER,
            ["1.1 Завдання", "1) захід", "2025", "", "СДС"],
        ]
        assert [c.col for c in grid.rows[1].cells] == [0, 1, 2, 3, 4]
        assert [r.lines for r in grid.rows] == [(1,), (2,)]

    def test_it_marks_vertically_merged_continuations(self):
        def build(doc):
            t = add_table(
                doc, [HEADER] + [["", f"{i}) захід", "2025", "", "СДС"] for i in (1, 2, 3)]
            )
            t.cell(1, 0).text = "1.1 Завдання"
            t.cell(1, 0).merge(t.cell(3, 0))
            t.cell(1, 2).merge(t.cell(2, 2))

        grid = read(make_docx(build))
        first, second, third = grid.rows[1:]
        assert first.cells[0].text == "1.1 Завдання" and not first.cells[0].merged_above
        assert (second.cells[0].text, second.cells[0].merged_above, second.cells[0].col) == (
            "",
            True,
            0,
        )
        assert third.cells[0].merged_above and second.cells[2].merged_above
        assert not third.cells[2].merged_above and third.cells[2].text == "2025"

    def test_it_keeps_a_spanning_heading_row_as_one_cell(self):
        def build(doc):
            t = add_table(doc, [HEADER, ["Стратегічна ціль 1. Сім'ї", "", "", "", ""]])
            t.cell(1, 0).merge(t.cell(1, 4))

        row = read(make_docx(build)).rows[1]
        assert len(row.cells) == 1
        assert (row.cells[0].col, row.cells[0].span) == (0, 5)
        assert row.cells[0].text.strip() == "Стратегічна ціль 1. Сім'ї"

    def test_it_joins_the_paragraphs_of_a_cell_with_newlines(self):
        def build(doc):
            t = add_table(doc, [HEADER, ["", "1) захід", "2025", "", "відділ освіти,"]])
            t.cell(1, 4).add_paragraph("служба у справах дітей")

        assert (
            read(make_docx(build)).rows[1].cells[4].text == "відділ освіти,\nслужба у справах дітей"
        )

    def test_it_prints_word_automatic_numbering(self):
        def build(doc):
            add_numbering(doc, instances={91: 1, 92: 1, 93: 3})
            t = add_table(doc, [HEADER] + [["", m, "2025", "", "СДС"] for m in "абвг"])
            for row, num_id in zip(t.rows[1:], (91, 91, 92, 93), strict=True):
                numbered(row.cells[1].paragraphs[0], num_id)

        texts = [r.cells[1].text for r in read(make_docx(build)).rows[1:]]
        assert texts == ["1) а", "2) б", "1) в", "3) г"]

    def test_numbering_instances_without_override_continue_the_list(self):
        def build(doc):
            add_numbering(doc, fmt="%1.", instances={91: None, 92: None})
            for num_id in (91, 92, 92):
                numbered(doc.add_paragraph("пункт"), num_id)
            add_table(
                doc, [HEADER, ["", "1) захід", "2025", "", "СДС"], ["", "2) захід", "", "", ""]]
            )

        assert [t for _, t in read(make_docx(build)).preamble] == [
            "1. пункт",
            "2. пункт",
            "3. пункт",
        ]

    def test_it_skips_deleted_text_and_field_codes(self):
        def build(doc):
            t = add_table(doc, [HEADER, ["", "", "2025", "", "СДС"]])
            p = t.cell(1, 1).paragraphs[0]._p
            p.append(parse_xml(f"<w:r {W_NS}><w:t>1) видимий </w:t></w:r>"))
            p.append(parse_xml(f"<w:del {W_NS}><w:r><w:delText>стертий</w:delText></w:r></w:del>"))
            p.append(
                parse_xml(
                    f'<w:r {W_NS}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
                )
            )
            p.append(parse_xml(f"<w:ins {W_NS}><w:r><w:t>вставлений</w:t></w:r></w:ins>"))

        assert read(make_docx(build)).rows[1].cells[1].text == "1) видимий вставлений"

    def test_it_skips_hidden_text(self):
        def build(doc):
            t = add_table(doc, [HEADER, ["", "1) захід", "2025", "", "СДС"]])
            run = t.cell(1, 1).paragraphs[0].add_run(" прихований")
            run.font.hidden = True

        assert read(make_docx(build)).rows[1].cells[1].text == "1) захід"


class DocxLayoutTestCase:
    def test_it_puts_paragraphs_around_the_table_in_preamble_and_trailer(self):
        def build(doc):
            doc.add_paragraph("ЗАТВЕРДЖЕНО")
            doc.add_paragraph("")
            doc.add_paragraph("ПЛАН ЗАХОДІВ")
            add_table(doc, [HEADER, ["", "1) захід", "2025", "", "СДС"]])
            doc.add_paragraph("Начальник служби   Р. РОДИНА")

        grid = read(make_docx(build))
        assert grid.preamble == [(1, "ЗАТВЕРДЖЕНО"), (3, "ПЛАН ЗАХОДІВ")]
        assert grid.trailer == [(4, "Начальник служби   Р. РОДИНА")]

    def test_a_small_layout_table_before_the_plan_is_preamble(self):
        def build(doc):
            add_table(doc, [["", "ЗАТВЕРДЖЕНО\nрішенням ради"]])
            add_table(
                doc, [HEADER, ["", "1) захід", "2025", "", "СДС"], ["", "2) захід", "", "", ""]]
            )

        grid = read(make_docx(build))
        assert [t for _, t in grid.preamble] == ["ЗАТВЕРДЖЕНО", "рішенням ради"]
        assert grid.rows[0].texts() == HEADER
        assert grid.rows[0].lines == (2,)  # row 1 of the table stream is the layout table

    def test_it_concatenates_a_plan_split_into_tables(self):
        def build(doc):
            add_table(doc, [HEADER, ["", "1) захід", "2025", "", "СДС"]])
            doc.add_paragraph("Продовження додатка")
            add_table(doc, [HEADER, ["", "2) захід", "2026", "", "СДС"]])

        grid = read(make_docx(build))
        assert [r.cells[1].text for r in grid.rows] == [
            HEADER[1],
            "1) захід",
            HEADER[1],
            "2) захід",
        ]
        assert [r.repeated_header for r in grid.rows] == [False, False, True, False]
        assert "Продовження додатка" in grid.warnings[0]["message"]

    def test_tbl_header_rows_after_the_leading_block_are_repeats(self):
        def build(doc):
            t = add_table(
                doc, [HEADER, ["1", "2", "3", "4", "5"], ["", "1) захід", "2025", "", "С"]]
            )
            t.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {W_NS}/>"))
            t.rows[2]._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {W_NS}/>"))

        grid = read(make_docx(build))
        assert [r.repeated_header for r in grid.rows] == [False, False, True]

    def test_an_alt_chunk_document_is_refused_with_advice(self):
        def build(doc):
            doc.element.body.insert(0, parse_xml(f'<w:altChunk {W_NS} r:id="rId99" {R_NS}/>'))

        with pytest.raises(PlanImportError, match="altChunk"):
            read(make_docx(build))

    def test_it_refuses_a_document_without_a_plan_table(self):
        data = make_docx(lambda d: d.add_paragraph("Лист без таблиці"))
        with pytest.raises(PlanImportError, match="no plan table"):
            read(data)


SAMPLES = sorted((SHARED / "samples" / "docx").glob("*.docx"))


@pytest.mark.skipif(not SAMPLES, reason="shared samples not available")
class DocxSamplesTestCase:
    @pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
    def test_every_sample_yields_the_plan_table_with_numbered_measures(self, path):
        grid = docx_reader.read(path.read_bytes(), path.name)
        measure_cells = [c.text for r in grid.rows for c in r.cells if c.text.startswith("1) ")]
        assert len(grid.rows) > 90 and len(measure_cells) >= 10
        assert any("ЗАТВЕРДЖЕНО" in t for _, t in grid.preamble)

    def test_it_reads_faster_than_docx2python_opens_the_same_files(self):
        docx2python = pytest.importorskip("docx2python").docx2python
        ours = theirs = 0.0
        for path in SAMPLES[:3]:  # one file per authoring style keeps the test quick
            data = path.read_bytes()
            t0 = time.process_time()
            with docx2python(io.BytesIO(data)) as content:
                content.body  # noqa: B018 - the parse docx2python does lazily
            t1 = time.process_time()
            docx_reader.read(data, path.name)
            ours, theirs = ours + time.process_time() - t1, theirs + t1 - t0
        assert ours <= 1.5 * theirs


class DocxFrameTestCase:
    def test_a_plan_nested_in_a_one_cell_frame_table_is_found(self):
        def build(doc):
            frame = doc.add_table(rows=1, cols=1)
            cell = frame.cell(0, 0)
            cell.paragraphs[0].text = "ПЛАН ЗАХОДІВ"
            inner = cell.add_table(rows=2, cols=5)
            for c, (head, value) in enumerate(
                zip(HEADER, ["", "1) захід", "2025", "", "СДС"], strict=True)
            ):
                inner.cell(0, c).text, inner.cell(1, c).text = head, value

        grid = read(make_docx(build))
        assert [r.texts() for r in grid.rows] == [HEADER, ["", "1) захід", "2025", "", "СДС"]]
        assert [t for _, t in grid.preamble] == ["ПЛАН ЗАХОДІВ"]
