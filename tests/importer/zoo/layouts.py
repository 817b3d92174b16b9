"""The layout zoo: the shared gold plans typed out as the layouts communities really use.

Test code only. Each layout takes the gold's flat measure records (their heading paths,
numbers and cells) and writes a document (.docx, .xlsx, .csv, .tsv, Markdown, PDF) that a
person could have typed; the importer must give the gold back.
"""

from __future__ import annotations

import csv
import io
import re

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Mm

LIMIT = 36  # about this many measures from each gold, spread over the whole plan: fast to build
FIELDS = ("deadline", "funding", "executors", "indicator")
HEADERS = {
    "measure": "Найменування заходу",
    "deadline": "Строк виконання",
    "funding": "Джерела фінансування",
    "executors": "Відповідальні виконавці",
    "indicator": "Індикатор виконання",
}


def records(gold: dict) -> list[dict]:
    """Every k-th measure: each section, goal and task level still changes, as in the plan."""
    measures = gold["measures"]
    return measures[:: -(-len(measures) // LIMIT)]


def fields_of(recs: list[dict]) -> list[str]:
    """The field columns the plan prints: deadline and executors always, others when used."""
    return [f for f in FIELDS if f in ("deadline", "executors") or any(r[f] for r in recs)]


def measure_text(rec: dict) -> str:
    return f"{rec['number']} {rec['text']}".strip()


def events(recs: list[dict], depth_off: int = 0):
    """("heading", level, text) whenever the heading path changes, then ("measure", rec).

    ``depth_off`` leaves the innermost levels out of the headings (they go in a column)."""
    prev: list[str] = []
    for rec in recs:
        path = rec["headings"][: len(rec["headings"]) - depth_off]
        k = 0
        while k < min(len(prev), len(path)) and prev[k] == path[k]:
            k += 1
        for level in range(k, len(path)):
            yield ("heading", level, path[level])
        yield ("measure", rec)
        prev = path


def cells(rec: dict, cols: list[str]) -> list[str]:
    out = []
    for col in cols:
        if col == "measure":
            out.append(measure_text(rec))
        elif col == "number":
            out.append(rec["number"])
        elif col == "text":
            out.append(rec["text"])
        elif col in FIELDS:
            out.append(rec[col])
        elif col == "goal":
            out.append(rec["headings"][-1])
        elif col == "result":
            out.append(f"очікуваний результат заходу {rec['number']} {rec['text'][:30]}")
        elif col == "note":
            out.append(f"примітка {rec['number']}")
        else:
            raise KeyError(col)
    return out


def header_of(cols: list[str], goal: str = "Операційна ціль") -> list[str]:
    extra = {
        "goal": goal,
        "number": "№ з/п",
        "text": "Зміст заходу",
        "result": "Очікуваний результат",
        "note": "Примітка",
    }
    return [HEADERS.get(c) or extra[c] for c in cols]


# ---- .docx ----------------------------------------------------------------------------------
class DocxTable:
    """A python-docx table grown row by row, with merges done at the end."""

    def __init__(self, doc, header: list[str] | list[list[str]]) -> None:
        rows = header if isinstance(header[0], list) else [header]
        self.width = len(rows[0])
        self.table = doc.add_table(rows=0, cols=self.width)
        self.table.style = "Table Grid"
        for texts in rows:
            self.row(texts)

    def row(self, texts: list[str], bold: bool = False):
        row = self.table.add_row()
        for cell, text in zip(row.cells, texts, strict=False):
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            run.bold = bold
        return row

    def full_width(self, text: str) -> None:
        row = self.row([text] + [""] * (self.width - 1), bold=True)
        row.cells[0].merge(row.cells[-1])

    def merge_down(self, col: int, first: int, last: int) -> None:
        if last > first:
            self.table.cell(first, col).merge(self.table.cell(last, col))


def new_doc(title: str = "ПЛАН ЗАХОДІВ на 2025-2026 роки", landscape: bool = False):
    doc = Document()
    if landscape:
        sec = doc.sections[0]
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Mm(297), Mm(210)
    doc.add_paragraph(title)
    return doc


def docx_bytes(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def docx_goal_column(recs, how: str, goal: str = "Операційна ціль", tweak=lambda s: s) -> bytes:
    """Outer headings as bold rows across the table; the innermost in the first column,
    ``how`` = "merged" (vertically merged), "once" (typed once, empty below) or "repeated"."""
    cols = ["goal", "measure", *fields_of(recs)]
    doc = new_doc()
    t = DocxTable(doc, header_of(cols, goal))
    start, current = None, None
    for ev in events(recs, depth_off=1):
        if ev[0] == "heading":
            if how == "merged" and start is not None:
                t.merge_down(0, start, len(t.table.rows) - 1)
            start, current = None, None
            t.full_width(tweak(ev[2]))
            continue
        rec = ev[1]
        texts = cells(rec, cols)
        goal_text = rec["headings"][-1]
        if goal_text == current and how != "repeated":
            texts[0] = ""
        elif goal_text != current:
            if how == "merged" and start is not None:
                t.merge_down(0, start, len(t.table.rows) - 1)
            start, current = len(t.table.rows), goal_text
        t.row(texts)
    if how == "merged" and start is not None:
        t.merge_down(0, start, len(t.table.rows) - 1)
    return docx_bytes(doc)


def docx_rows(recs, cols=None, tweak=lambda s: s, header=None, doc=None) -> bytes:
    """Every heading a bold row merged across the table; measures one to a row."""
    cols = cols or ["measure", *fields_of(recs)]
    doc = doc or new_doc()
    t = DocxTable(doc, header or header_of(cols))
    for ev in events(recs):
        if ev[0] == "heading":
            t.full_width(tweak(ev[2]))
        else:
            t.row(cells(ev[1], cols))
    return docx_bytes(doc)


def docx_between_tables(recs, per: str = "group") -> bytes:
    """Headings as paragraphs between tables: a table per innermost heading ("group"), or a
    table per top-level heading with the deeper headings as rows inside it ("section")."""
    cols = ["measure", *fields_of(recs)]
    doc = new_doc()
    t = None
    for ev in events(recs):
        if ev[0] == "heading" and (per == "group" or ev[1] == 0):
            p = doc.add_paragraph()
            p.add_run(ev[2]).bold = True
            t = None
        elif ev[0] == "heading":
            t = t or DocxTable(doc, header_of(cols))
            t.full_width(ev[2])
        else:
            t = t or DocxTable(doc, header_of(cols))
            t.row(cells(ev[1], cols))
    return docx_bytes(doc)


def docx_two_row_header(recs) -> bytes:
    """'Виконання' over 'Строк' and 'Відповідальні'; the other header cells merged down."""
    f = fields_of(recs)
    cols = [
        "measure",
        "deadline",
        "executors",
        *[x for x in f if x not in ("deadline", "executors")],
    ]
    top = ["Найменування заходу", "Виконання", "", *[HEADERS[x] for x in cols[3:]]]
    sub = ["", "Строк", "Відповідальні", *[""] * (len(cols) - 3)]
    doc = new_doc()
    t = DocxTable(doc, [top, sub])
    t.table.cell(0, 1).merge(t.table.cell(0, 2))
    for i in [0, *range(3, len(cols))]:
        t.merge_down(i, 0, 1)
    for ev in events(recs):
        if ev[0] == "heading":
            t.full_width(ev[2])
        else:
            t.row(cells(ev[1], cols))
    return docx_bytes(doc)


# ---- heading spellings ----------------------------------------------------------------------
_CYR = str.maketrans({"I": "І", "V": "У", "X": "Х"})
_ROMAN_HEAD = re.compile(r"^([IVX]+)\.")


def cyrillic_roman(text: str) -> str:
    """'IV. …' typed with Cyrillic look-alikes: 'ІУ. …' (І for I, У for V, Х for X)."""
    return _ROMAN_HEAD.sub(lambda m: m.group(1).translate(_CYR) + ".", text)


def no_dots(text: str) -> str:
    """'1.1. Назва' typed '1.1 Назва', '1. Стратегічна ціль.' typed '1 Стратегічна ціль.'"""
    return re.sub(r"^(\d+(?:\.\d+)*)\.(?=\s)", r"\1", text)


def labelled(text: str) -> str:
    """Goals named by a label word: 'Стратегічна ціль 1.' → 'Ціль 1.', 'I.' → 'Розділ I.'"""
    text = re.sub(r"^Стратегічна ціль (\d+)", r"Ціль \1", text)
    text = re.sub(r"^([IVX]+)\.", r"Розділ \1.", text)
    return re.sub(r"^(\d+)\.\s", r"Напрям \1. ", text)


# ---- spreadsheets and text tables -----------------------------------------------------------
def table_rows(recs, goal_how: str | None, cols: list[str]) -> list[list[str]]:
    """Plain rows: a heading row has its text in the first cell only."""
    out, current = [], None
    for ev in events(recs, depth_off=1 if goal_how else 0):
        if ev[0] == "heading":
            out.append([ev[2]] + [""] * (len(cols) - 1))
            current = None
            continue
        rec = ev[1]
        texts = cells(rec, cols)
        if goal_how and rec["headings"][-1] == current and goal_how != "repeated":
            texts[0] = ""
        current = rec["headings"][-1] if goal_how else None
        out.append(texts)
    return out


def xlsx_bytes(recs, goal_how: str | None, goal: str = "Операційна ціль") -> bytes:
    """A sheet typed as the plan's table: headings merged across, goals merged down."""
    from openpyxl import Workbook

    cols = (["goal"] if goal_how else []) + ["measure", *fields_of(recs)]
    wb = Workbook()
    ws = wb.active
    ws.append(["ПЛАН ЗАХОДІВ на 2025-2026 роки"])
    ws.append(header_of(cols, goal))
    start = None
    rows = table_rows(recs, goal_how, cols)
    for texts in rows:
        ws.append(texts)
        r = ws.max_row
        heading = all(not t for t in texts[1:])
        if heading and len(cols) > 1:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(cols))
        if goal_how == "merged" and (heading or texts[0]):
            if start is not None and r - 1 > start:
                ws.merge_cells(start_row=start, start_column=1, end_row=r - 1, end_column=1)
            start = None if heading else r
    if goal_how == "merged" and start is not None and ws.max_row > start:
        ws.merge_cells(start_row=start, start_column=1, end_row=ws.max_row, end_column=1)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


TEMPLATE_LEVELS = {
    2: ["Розділ", "Завдання"],
    3: ["Стратегічна ціль", "Операційна ціль", "Завдання"],
    4: ["Розділ", "Стратегічна ціль", "Операційна ціль", "Завдання"],
}


def xlsx_template(recs) -> bytes:
    """Our import template (README-readers) with each heading cell merged down over the rows
    of its measures, as people tidy a sheet before sending it."""
    from openpyxl import Workbook

    levels = TEMPLATE_LEVELS[len(recs[0]["headings"])]
    fields = fields_of(recs)
    wb = Workbook()
    ws = wb.active
    ws.append(["Назва", "ПЛАН ЗАХОДІВ на 2025-2026 роки"])
    ws.append([])
    ws.append([*levels, "№", "Захід", *[HEADERS[f] for f in fields]])
    first = ws.max_row + 1
    starts = [first] * len(levels)
    prev: list[str] = []
    for rec in recs:
        path = rec["headings"]
        r = ws.max_row + 1
        changed = next((k for k in range(len(levels)) if not prev or prev[k] != path[k]), None)
        if changed is not None:
            for k in range(changed, len(levels)):
                if r - 1 > starts[k]:
                    ws.merge_cells(
                        start_row=starts[k], start_column=k + 1, end_row=r - 1, end_column=k + 1
                    )
                starts[k] = r
        ws.append([*path, rec["number"], rec["text"], *[rec[f] for f in fields]])
        prev = path
    end = ws.max_row
    for k in range(len(levels)):
        if end > starts[k]:
            ws.merge_cells(start_row=starts[k], start_column=k + 1, end_row=end, end_column=k + 1)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def delimited(recs, goal_how: str | None, delimiter: str, goal: str = "Операційна ціль") -> bytes:
    cols = (["goal"] if goal_how else []) + ["measure", *fields_of(recs)]
    out = io.StringIO()
    w = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    if delimiter == ";":
        w.writerow(["ПЛАН ЗАХОДІВ на 2025-2026 роки"] + [""] * (len(cols) - 1))
    w.writerow(header_of(cols, goal))
    for texts in table_rows(recs, goal_how, cols):
        if delimiter == "\t":
            texts = [t.replace("\t", " ").replace("\n", " ") for t in texts]
        w.writerow(texts)
    return out.getvalue().encode("utf-8")


def markdown(recs) -> bytes:
    cols = ["measure", *fields_of(recs)]
    esc = lambda s: s.replace("|", "\\|").replace("\n", "<br>")  # noqa: E731
    lines = ["# ПЛАН ЗАХОДІВ на 2025-2026 роки", ""]
    lines.append("| " + " | ".join(header_of(cols)) + " |")
    lines.append("|" + "---|" * len(cols))
    for texts in table_rows(recs, None, cols):
        if all(not t for t in texts[1:]):
            texts = [f"**{texts[0]}**"] + texts[1:]
        lines.append("| " + " | ".join(esc(t) for t in texts) + " |")
    return ("\n".join(lines) + "\n").encode()


# ---- PDF ------------------------------------------------------------------------------------
def pdf_bytes(recs, goal_how: str | None) -> bytes:
    """A landscape A4 PDF from HTML (WeasyPrint): the header row repeats on every page,
    headings are bold rows across the table, goals in the first column span their rows."""
    from html import escape

    from weasyprint import HTML

    cols = (["goal"] if goal_how else []) + ["measure", *fields_of(recs)]
    head = "".join(f"<th>{escape(h)}</th>" for h in header_of(cols))
    body = []
    evs = list(events(recs, depth_off=1 if goal_how else 0))
    for k, ev in enumerate(evs):
        if ev[0] == "heading":
            body.append(f'<tr><td colspan="{len(cols)}"><b>{escape(ev[2])}</b></td></tr>')
            continue
        rec = ev[1]
        texts = cells(rec, cols)
        tds = [f"<td>{escape(t)}</td>" for t in texts]
        if goal_how:
            prev = evs[k - 1]
            if prev[0] == "measure" and prev[1]["headings"][-1] == rec["headings"][-1]:
                tds = tds[1:]
            else:
                n = 1
                while k + n < len(evs) and evs[k + n][0] == "measure":
                    if evs[k + n][1]["headings"][-1] != rec["headings"][-1]:
                        break
                    n += 1
                tds[0] = f'<td rowspan="{n}">{escape(texts[0])}</td>'
        body.append("<tr>" + "".join(tds) + "</tr>")
    html = f"""<html><head><style>
@page {{ size: A4 landscape; margin: 15mm; }}
body {{ font-family: 'DejaVu Sans', sans-serif; font-size: 9pt; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border: 0.5pt solid black; padding: 2pt; vertical-align: top; }}
tr {{ break-inside: avoid; }}
</style></head><body><p>ПЛАН ЗАХОДІВ на 2025-2026 роки</p>
<table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></body></html>"""
    return HTML(string=html).write_pdf()


# ---- the zoo --------------------------------------------------------------------------------
def _plain_with(cols_fn):
    return lambda recs: docx_rows(recs, cols=cols_fn(recs))


LAYOUTS: dict[str, tuple[str, str, object]] = {
    # name: (gold, file name, builder(records) -> bytes)
    "docx-goal-merged": ("000", "p.docx", lambda r: docx_goal_column(r, "merged")),
    "docx-goal-once": ("000", "p.docx", lambda r: docx_goal_column(r, "once")),
    "docx-goal-repeated": ("000", "p.docx", lambda r: docx_goal_column(r, "repeated")),
    "docx-task-merged": ("001", "p.docx", lambda r: docx_goal_column(r, "merged", "Завдання")),
    "docx-task-repeated": ("001", "p.docx", lambda r: docx_goal_column(r, "repeated", "Завдання")),
    "docx-direction-once": ("002", "p.docx", lambda r: docx_goal_column(r, "once", "Напрям")),
    "docx-goal-col-cyrillic": (
        "002",
        "p.docx",
        lambda r: docx_goal_column(r, "merged", "Ціль", tweak=cyrillic_roman),
    ),
    "docx-bold-rows": ("000", "p.docx", docx_rows),
    "docx-cyrillic-roman": ("002", "p.docx", lambda r: docx_rows(r, tweak=cyrillic_roman)),
    "docx-no-dots": ("001", "p.docx", lambda r: docx_rows(r, tweak=no_dots)),
    "docx-labelled": ("002", "p.docx", lambda r: docx_rows(r, tweak=labelled)),
    "docx-between-tables": ("000", "p.docx", docx_between_tables),
    "docx-table-per-section": ("001", "p.docx", lambda r: docx_between_tables(r, "section")),
    "docx-reordered": (
        "000",
        "p.docx",
        _plain_with(lambda r: ["executors", "measure", "funding", "deadline"]),
    ),
    "docx-extra-columns": (
        "001",
        "p.docx",
        _plain_with(lambda r: ["measure", "result", *fields_of(r), "note"]),
    ),
    "docx-number-column": (
        "002",
        "p.docx",
        _plain_with(lambda r: ["number", "text", *fields_of(r)]),
    ),
    "docx-two-row-header": ("002", "p.docx", docx_two_row_header),
    "xlsx-goal-merged": ("000", "p.xlsx", lambda r: xlsx_bytes(r, "merged")),
    "xlsx-task-repeated": ("002", "p.xlsx", lambda r: xlsx_bytes(r, "repeated", "Завдання")),
    "xlsx-rows": ("001", "p.xlsx", lambda r: xlsx_bytes(r, None)),
    "xlsx-template-merged": ("000", "p.xlsx", xlsx_template),
    "xlsx-template-merged-4": ("001", "p.xlsx", xlsx_template),
    "csv-goal-repeated": ("001", "p.csv", lambda r: delimited(r, "repeated", ";", "Завдання")),
    "csv-rows": ("002", "p.csv", lambda r: delimited(r, None, ";")),
    "tsv-goal-once": ("000", "p.tsv", lambda r: delimited(r, "once", "\t")),
    "markdown-bold-rows": ("002", "p.md", markdown),
    "pdf-landscape-rows": ("001", "p.pdf", lambda r: pdf_bytes(r, None)),
    "pdf-landscape-goal-rowspan": ("000", "p.pdf", lambda r: pdf_bytes(r, "merged")),
}
