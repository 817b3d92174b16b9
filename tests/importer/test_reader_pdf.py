"""PDF reader: tables from ruling lines, page joins, bad input, OCR of scans.

Test PDFs are written here by hand (a few PDF operators, the built-in Helvetica font, so the
text is ASCII); scans are made from them by rendering with PDFium and embedding the picture.
OCR tests skip, saying why, when Tesseract or its Ukrainian model is missing (CI installs
them: tesseract-ocr tesseract-ocr-ukr).
"""

from __future__ import annotations

import io
import random
import time

import pypdfium2
import pytest
from PIL import Image

from planwatch.importer import PlanImportError, parse_bytes
from planwatch.importer.readers import pdf as pdf_reader
from planwatch.importer.readers import pdf_scan
from planwatch.importer.readers.pdf_assemble import PageContent, assemble
from planwatch.importer.readers.pdf_geometry import PageTable, TableCell
from planwatch.importer.readers.pdf_ocrfix import repair, roman_positions, to_roman
from tests.conftest import SHARED

PAGE = (842.0, 595.0)  # A4 landscape, points

# ---------------------------------------------------------------- a tiny PDF writer


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def text_ops(x: float, y_top: float, lines: list[str], size: float = 9) -> str:
    """Lines of text, the first with its top at ``y_top`` (top-down page coordinates)."""
    ops = []
    for k, line in enumerate(lines):
        baseline = PAGE[1] - (y_top + size * (k * 1.25 + 0.9))
        ops.append(f"BT /F1 {size} Tf {x:.1f} {baseline:.1f} Td ({_esc(line)}) Tj ET")
    return "\n".join(ops)


def table_ops(x0: float, y0: float, widths: list[float], rows: list[tuple[float, list]]) -> str:
    """A ruled table. ``rows``: (height, cells); a cell is its lines, or (lines, span), or None
    for the lower part of a cell merged with the one above (no rule drawn between them)."""
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    ops = ["0.5 w"]
    y = y0
    for r, (height, cells) in enumerate(rows):
        c = 0
        for cell in cells:
            lines, span = cell if isinstance(cell, tuple) else (cell, 1)
            left, right = xs[c], xs[c + span]
            top, bottom = PAGE[1] - y, PAGE[1] - y - height
            ops.append(f"{left:.1f} {top:.1f} m {left:.1f} {bottom:.1f} l S")
            ops.append(f"{right:.1f} {top:.1f} m {right:.1f} {bottom:.1f} l S")
            if r == len(rows) - 1:
                ops.append(f"{left:.1f} {bottom:.1f} m {right:.1f} {bottom:.1f} l S")
            if lines is not None:  # a merged continuation has no rule above it
                ops.append(f"{left:.1f} {top:.1f} m {right:.1f} {top:.1f} l S")
            if lines:
                ops.append(text_ops(left + 4, y + 3, lines))
            c += span
        y += height
    return "\n".join(ops)


def make_pdf(pages: list[str], encrypt: bool = False, rotate: bool = False) -> bytes:
    """A PDF whose pages have the given content streams (``rotate``: the same landscape
    pages stored portrait with /Rotate 90, as some scanners and printers write them)."""
    objs: list[bytes] = []
    n = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n))
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode())
    objs.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    box, turn = f"0 0 {PAGE[0]:.0f} {PAGE[1]:.0f}", ""
    if rotate:
        box, turn = f"0 0 {PAGE[1]:.0f} {PAGE[0]:.0f}", " /Rotate 90"
        pages = [f"0 1 -1 0 {PAGE[1]:.0f} 0 cm\n{content}" for content in pages]
    for i, content in enumerate(pages):
        objs.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [{box}]{turn} "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        data = content.encode("latin-1")
        objs.append(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
    trailer_extra = ""
    if encrypt:  # a password we do not know: PDFium must refuse to open it
        objs.append(
            b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> "
            b"/P -4 >>"
        )
        trailer_extra = f" /Encrypt {len(objs)} 0 R /ID [<{'ab' * 16}> <{'ab' * 16}>]"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objs, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % k + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(
        f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R{trailer_extra} >>\n"
        f"startxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


WIDTHS = [150, 300, 90, 110, 150]
HEADER = (30, [["Task"], ["Measure"], ["Deadline"], ["Funding"], ["Executors"]])


def plan_page(rows: list[tuple[float, list]], title: bool = False) -> str:
    ops = []
    y = 40.0
    if title:
        ops.append(text_ops(600, 30, ["APPROVED", "by decision No 297"]))
        ops.append(text_ops(200, 75, ["ACTION PLAN 2025-2026"], size=12))
        y = 100.0
    ops.append(table_ops(40, y, WIDTHS, rows))
    return "\n".join(ops)


def texts(grid) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in grid.rows]


# ---------------------------------------------------------------- digital PDFs


def test_one_page_table_rows_columns_preamble():
    rows = [
        HEADER,
        (18, [(["Section 1. Families"], 5)]),
        (30, [["1. Support families", "with children"], [], [], [], []]),
        (30, [[], ["1) home visits to", "newborns"], ["2025-2026"], [], ["Health centre"]]),
    ]
    page = plan_page(rows, title=True) + "\n" + text_ops(60, 500, ["Head of service  A. Petrenko"])
    grid = pdf_reader.read(make_pdf([page]), "plan.pdf")
    assert grid.source_format == "pdf"
    assert [t for _, t in grid.preamble] == [
        "APPROVED",
        "by decision No 297",
        "ACTION PLAN 2025-2026",
    ]
    assert [t for _, t in grid.trailer] == ["Head of service A. Petrenko"]
    assert texts(grid)[0] == ["Task", "Measure", "Deadline", "Funding", "Executors"]
    heading = grid.rows[1].cells
    assert len(heading) == 1 and heading[0].span == 5 and heading[0].text == "Section 1. Families"
    # short lines that the next word would have fitted: the author broke them
    assert texts(grid)[2][0] == "1. Support families\nwith children"
    assert texts(grid)[3] == ["", "1) home visits to\nnewborns", "2025-2026", "", "Health centre"]
    assert [c.col for c in grid.rows[3].cells] == [0, 1, 2, 3, 4]
    assert grid.rows[3].lines == (1004,)  # page 1, fourth row


def test_rotated_page_reads_like_an_upright_one():
    rows = [
        HEADER,
        (30, [["1. Task one"], ["1) first measure"], ["2025"], [], ["Unit A"]]),
        (30, [None, ["2) second"], ["2026"], [], ["Unit B"]]),
    ]
    upright = pdf_reader.read(make_pdf([plan_page(rows, title=True)]), "a.pdf")
    turned = pdf_reader.read(make_pdf([plan_page(rows, title=True)], rotate=True), "b.pdf")
    assert texts(turned) == texts(upright)
    assert [c.merged_above for c in turned.rows[2].cells] == [True, False, False, False, False]
    assert turned.preamble == upright.preamble


def test_wrapped_lines_hyphens_and_breaks():
    long = "1) aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk mmmm well-"
    rows = [
        HEADER,
        (70, [[], [long, "known data- driven plan aaaa bbbb cccc dddd eeee ffff gggg data-", "driven"],
              ["2025"], [], ["Unit A", "Unit B"]]),
    ]  # fmt: skip
    grid = pdf_reader.read(make_pdf([plan_page(rows)]), "p.pdf")
    measure = texts(grid)[1][1]
    # a wrap after a hyphen joins the word, unless the document writes the pair with "- "
    assert (
        measure == long + "known data- driven plan aaaa bbbb cccc dddd eeee ffff gggg data- driven"
    )
    assert texts(grid)[1][4] == "Unit A\nUnit B"  # "Unit B" would have fitted: a real break


def test_repeated_header_marked_and_short_row_not_merged():
    page1 = plan_page(
        [
            HEADER,
            (30, [["1. Task one"], ["1) first measure"], ["2025"], [], ["Unit A"]]),
            (60, [[], ["2) second measure"], ["2026"], [], ["Unit B"]]),
        ]
    )
    page2 = plan_page(
        [
            HEADER,
            (30, [[], ["continues on the next page"], [], [], ["unit C"]]),
            (30, [[], ["3) third measure"], ["2026"], [], ["Unit D"]]),
        ]
    )
    grid = pdf_reader.read(make_pdf([page1, page2]), "p.pdf")
    flags = [r.repeated_header for r in grid.rows]
    assert flags.count(True) == 1 and grid.rows[flags.index(True)].lines == (2001,)
    body = [t for r, t in zip(grid.rows, texts(grid), strict=True) if not r.repeated_header]
    # the last row of page 1 ends well above its bottom rule: nothing was cut, no merge
    assert ["", "continues on the next page", "", "", "unit C"] in body


def test_row_cut_by_page_break_is_merged_when_it_fills_the_page():
    lines = [f"line {k} of a long measure" for k in range(1, 35)]
    page1 = plan_page(
        [
            HEADER,
            (30, [["1. Task one"], ["1) first measure"], ["2025"], [], ["Unit A"]]),
            (len(lines) * 11.25 + 4, [[], lines, ["2026"], [], lines[:34]]),
        ]
    )
    page2 = plan_page(
        [
            HEADER,
            (30, [[], ["and its last line"], [], [], ["and unit C"]]),
            (30, [[], ["3) third measure"], ["2026"], [], ["Unit D"]]),
        ]
    )
    grid = pdf_reader.read(make_pdf([page1, page2]), "p.pdf")
    merged = [r for r in grid.rows if len(r.lines) == 2]
    assert len(merged) == 1
    assert merged[0].cells[1].text.endswith("line 34 of a long measure and its last line")
    assert merged[0].cells[4].text.endswith("and unit C")
    assert any("continues the row cut by the page break" in w["message"] for w in grid.warnings)
    assert not any(t[1] == "and its last line" for t in texts(grid))


def test_vertically_merged_cell():
    rows = [
        HEADER,
        (30, [["1. Task one"], ["1) first"], ["2025"], [], ["Unit A"]]),
        (30, [None, ["2) second"], ["2026"], [], ["Unit B"]]),
    ]
    grid = pdf_reader.read(make_pdf([plan_page(rows)]), "p.pdf")
    first, second = grid.rows[1].cells[0], grid.rows[2].cells[0]
    assert first.text == "1. Task one" and not first.merged_above
    assert second.merged_above and second.text == "" and second.col == 0


def test_twenty_seven_pages_read_in_bounded_time():
    """Bounded CPU time (no page re-read per page); the speed itself is `make bench`'s."""
    rows = [HEADER] + [
        (30, [[], [f"{k}) measure number {k} with", "some words"], ["2025"], [], ["Unit"]])
        for k in range(1, 16)
    ]
    data = make_pdf([plan_page(rows)] * 27)
    started = time.process_time()
    grid = pdf_reader.read(data, "long.pdf")
    assert time.process_time() - started < 10
    assert sum(r.repeated_header for r in grid.rows) == 26


# ---------------------------------------------------------------- bad input


def test_damaged_pdf_is_a_clear_error():
    with pytest.raises(PlanImportError, match="damaged"):
        pdf_reader.read(b"%PDF-1.4\n" + bytes(range(256)) * 20, "broken.pdf")


def test_not_a_pdf():
    with pytest.raises(PlanImportError, match="not a PDF"):
        pdf_reader.read(b"hello", "x.pdf")


def test_truncated_pdf():
    data = make_pdf([plan_page([HEADER, HEADER])])
    try:
        grid = pdf_reader.read(data[: len(data) // 2], "cut.pdf")
    except PlanImportError as exc:
        assert "cut.pdf" in str(exc)
    else:  # PDFium may repair a cut file; then it must still be a grid
        assert grid.rows


def test_damaged_page_is_named():
    data = make_pdf([plan_page([HEADER, HEADER])] * 2)
    broken = data.replace(b"/Kids [4 0 R 6 0 R]", b"/Kids [4 0 R 3 0 R]")  # page 2: a font
    with pytest.raises(PlanImportError, match="page 2 of the PDF is damaged"):
        pdf_reader.read(broken, "x.pdf")


def test_encrypted_pdf():
    data = make_pdf([plan_page([HEADER, HEADER])], encrypt=True)
    with pytest.raises(PlanImportError, match="password"):
        pdf_reader.read(data, "secret.pdf")


def test_pdf_without_table():
    data = make_pdf([text_ops(50, 50, ["Just a letter.", "No table here."])])
    with pytest.raises(PlanImportError, match="no table"):
        pdf_reader.read(data, "letter.pdf")


def test_too_many_pages(monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 3)
    with pytest.raises(PlanImportError, match="4 pages; the limit is 3"):
        pdf_reader.read(make_pdf([""] * 4), "big.pdf")


def test_thousands_of_drawn_lines_stay_fast():
    ops = ["0.2 w"]
    for i in range(60):
        for j in range(60):
            x, y = 20 + i * 13, 20 + j * 9
            ops.append(f"{x} {y} m {x + 3} {y} l S {x + 6} {y} m {x + 6} {y + 3} l S")
    started = time.process_time()
    with pytest.raises(PlanImportError, match="no table"):
        pdf_reader.read(make_pdf(["\n".join(ops)]), "drawing.pdf")
    assert time.process_time() - started < 5


def test_five_hundred_pages_refused_quickly():
    data = make_pdf([""] * 500)
    started = time.process_time()
    with pytest.raises(PlanImportError, match="500 pages"):
        parse_bytes(data, "huge.pdf")
    assert time.process_time() - started < 5


# ---------------------------------------------------------------- assembling, OCR warnings


def test_low_confidence_cell_becomes_a_warning_with_page_and_box():
    def cell(r, c, text, conf):
        x0 = [40, 190, 490][c]
        tc = TableCell(r, r, c, c, (x0, 40 + 30 * r, [190, 490, 580][c], 70 + 30 * r))
        tc.text, tc.conf = text, conf
        return tc

    table = PageTable(
        3,
        [40, 190, 490, 580],
        [40, 70, 100],
        [cell(0, 0, "Task", 95), cell(0, 1, "Measure", 95), cell(0, 2, "Executors", 95)]
        + [cell(1, 0, "", None), cell(1, 1, "1) visits", 93), cell(1, 2, "Unit ??", 41)],
    )
    pages = [PageContent(1), PageContent(2), PageContent(3, [table], scanned=True)]
    grid = assemble(pages, "scan.pdf")
    [w] = grid.warnings
    assert w["page"] == 3 and w["line"] == 3002
    assert w["message"] == "page 3, row 2, column 'Executors': OCR confidence 41 %; check the text"
    assert w["bbox"] == [490, 70, 580, 100]


def test_ocr_repairs():
    assert repair("100 96 дітей, 10096 кандидатів, 1996 року") == (
        "100 % дітей, 100% кандидатів, 1996 року"
    )
    assert repair("Мо з/п") == "№ з/п" and repair("року Ме 1003") == "року № 1003"
    words = [
        "до",
        "кінця",
        "ІП",
        "кварталу",
        "у",
        "закладах",
        "І",
        "і",
        "П",
        "рівнів.",
        "У",
        "разі",
    ]
    found = roman_positions(words)
    assert [words[i] for i in found] == ["ІП", "І", "П"]
    assert to_roman("ІП", "II") == "II" and to_roman("П") == "II" and to_roman("ІУ") == "IV"
    assert to_roman("ТУ,", None) == "IV," and to_roman("І-Ш") == "I-III"


# ---------------------------------------------------------------- scans (OCR)


def _need_tesseract():
    exe, reason = pdf_scan.tesseract_status()
    if exe is None:
        print(f"skipping OCR test: {reason}")
        pytest.skip(reason)


def _scan_of(data: bytes, dpi: float = 150, angle: float = 0.6, specks: int = 3000) -> bytes:
    """A 'scanned' copy: each page rendered, tilted, speckled and embedded as a JPEG."""
    src = pypdfium2.PdfDocument(data)
    out = pypdfium2.PdfDocument.new()
    rnd = random.Random(7)
    for i in range(len(src)):
        w, h = src[i].get_size()
        img = src[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        img = img.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
        px = img.load()
        for _ in range(specks):
            px[rnd.randrange(img.width), rnd.randrange(img.height)] = 40
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=85)
        page = out.new_page(w, h)
        image = pypdfium2.PdfImage.new(out)
        image.load_jpeg(io.BytesIO(buf.getvalue()), inline=False)
        image.set_matrix(pypdfium2.PdfMatrix().scale(w, h))
        page.insert_obj(image)
        page.gen_content()
    saved = io.BytesIO()
    out.save(saved)
    return saved.getvalue()


# Latin capitals that look like Cyrillic ones: the Ukrainian model reads them as Cyrillic.
_LOOK = str.maketrans("ABCEHKMOPTX", "АВСЕНКМОРТХ")


def test_scanned_table_is_read_by_ocr():
    _need_tesseract()
    rows = [
        (30, [["TAK"], ["MAK"], ["2025"], ["TEMA"], ["KAMA"]]),
        (40, [["1."], ["MAMA TATO"], ["2025-2026"], ["12 345"], ["PAPA"]]),
        (40, [None, ["BOMBA"], ["2026"], [], ["KOMA"]]),
    ]
    scan = _scan_of(make_pdf([plan_page(rows)]))
    seen = []
    grid = pdf_reader.read(scan, "scan.pdf", progress=lambda d, n, what: seen.append((d, n)))
    assert seen == [(1, 1)]
    got = texts(grid)
    assert got[0] == [t.translate(_LOOK) for t in ["TAK", "MAK", "2025", "TEMA", "KAMA"]]
    assert got[1][1:4] == ["МАМА ТАТО", "2025-2026", "12 345"]
    assert grid.rows[2].cells[0].merged_above
    assert got[2][1] == "ВОМВА"


def test_scan_needs_tesseract(monkeypatch):
    monkeypatch.setattr(pdf_scan.shutil, "which", lambda name: None)
    scan = _scan_of(make_pdf([plan_page([HEADER, HEADER])]), specks=0)
    with pytest.raises(PlanImportError, match="tesseract-ocr-ukr"):
        pdf_reader.read(scan, "scan.pdf")


def test_cell_image_for_review():
    scan = _scan_of(make_pdf([plan_page([HEADER, HEADER])]), specks=0)
    png = pdf_scan.cell_image(scan, 1, [40, 40, 190, 70])
    img = Image.open(io.BytesIO(png))
    assert abs(img.width - 150 * 200 / 72) < 4 and abs(img.height - 30 * 200 / 72) < 4


# ---------------------------------------------------------------- shared samples


def _shared_pdf(name: str) -> bytes:
    path = SHARED / "samples" / "pdf" / name
    if not path.exists():
        pytest.skip(f"shared sample {path} not found")
    return path.read_bytes()


@pytest.mark.parametrize(
    ("pdf_name", "gold_num"),
    [("001-plain.pdf", "001"), ("002-numbered.pdf", "002"), ("000-merged.pdf", "000")],
)
def test_digital_samples_score_like_docx(pdf_name, gold_num):
    from tests.importer.samples import gold, scorer

    plan = parse_bytes(_shared_pdf(pdf_name), pdf_name, normalize=False)
    score = scorer().score(gold(gold_num), plan)
    assert score["f1"] >= 0.99
    assert score["fields"] >= (0.85 if "merged" in pdf_name else 0.97)
    # the title keeps its spaces (bold title lines have no space glyphs, only gaps)
    g = gold(gold_num)["plan"]
    assert " ".join(plan["title"].split()) == " ".join(g["title"].split())
    assert [plan["period"]["start"], plan["period"]["end"]] == g["period"]


def test_first_pages_of_the_scan_sample():
    _need_tesseract()
    src = pypdfium2.PdfDocument(_shared_pdf("002-scan.pdf"))
    two = pypdfium2.PdfDocument.new()
    two.import_pages(src, [0, 1])
    buf = io.BytesIO()
    two.save(buf)
    grid = pdf_reader.read(buf.getvalue(), "002-scan.pdf")
    assert any("ЗАТВЕРДЖЕНО" in t for _, t in grid.preamble)
    header = texts(grid)[0]
    assert header[1:5] == ["Найменування завдання", "Найменування заходу", "Термін виконання",
                           "Виконавці"]  # fmt: skip
    assert sum(r.repeated_header for r in grid.rows) == 2  # header and its column numbers
    flat = [t for row in texts(grid) for t in row]
    assert "I квартал 2019 року" in flat and "щокварталу" in flat
