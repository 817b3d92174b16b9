"""Programme-style plans with money per year, built in the test (python-docx, openpyxl)."""

from __future__ import annotations

import io

from docx import Document
from openpyxl import Workbook

TITLE = "ПЛАН ЗАХОДІВ на 2025-2027 роки"
LEFT = ["№ з/п", "Найменування заходу", "Строк виконання", "Виконавці", "Джерела фінансування"]
GROUP = "Орієнтовні обсяги фінансування, тис. грн"
YEARS = ["2025", "2026 рік", "2027 р.", "Усього"]
NBSP, THIN = "\u00a0", "\u2009"
BODY = [
    [
        "1)",
        "Проведення навчань для батьків",
        "2025-2027 роки",
        "служба у справах дітей",
        "місцевий бюджет",
        f"1{NBSP}250,5",
        "1250,50",
        "–",
        f"2{THIN}501,0",
    ],
    [
        "2)",
        "Створення мережі прийомних сімей",
        "2025 рік",
        "відділ освіти",
        "державний бюджет",
        "0",
        "-",
        "10",
        "10",
    ],
    [
        "3)",
        "Інформаційна кампанія",
        "2026 рік",
        "центр соціальних служб",
        "місцевий бюджет, державний бюджет",
        "",
        "1 000",
        "—",
        "1 000",
    ],
]
TOTALS = ["Усього за програмою", "", "", "", "", "1 250,5", "2 250,50", "10", "3 511,0"]


def programme_docx(body=BODY, totals=TOTALS) -> bytes:
    """A two-row header (the group spans a column per year and "Усього"), a totals row."""
    doc = Document()
    doc.add_paragraph(TITLE)
    width = len(LEFT) + len(YEARS)
    table = doc.add_table(rows=2 + len(body) + 1, cols=width)
    for i, text in enumerate(LEFT):
        table.rows[0].cells[i].text = text
        table.rows[0].cells[i].merge(table.rows[1].cells[i])
    table.rows[0].cells[len(LEFT)].text = GROUP
    table.rows[0].cells[len(LEFT)].merge(table.rows[0].cells[width - 1])
    for i, text in enumerate(YEARS):
        table.rows[1].cells[len(LEFT) + i].text = text
    for r, values in enumerate([*body, totals], start=2):
        for i, text in enumerate(values):
            if text:
                table.rows[r].cells[i].text = text
    last = table.rows[2 + len(body)]
    last.cells[0].merge(last.cells[len(LEFT) - 1])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def programme_xlsx(body=BODY, totals=TOTALS) -> bytes:
    """The same table in a spreadsheet, the group header merged across its columns."""
    wb = Workbook()
    ws = wb.active
    ws.append([TITLE])
    ws.append([*LEFT, GROUP, "", "", ""])
    ws.append(["", "", "", "", "", *YEARS])
    for i in range(1, len(LEFT) + 1):
        ws.merge_cells(start_row=2, start_column=i, end_row=3, end_column=i)
    ws.merge_cells(start_row=2, start_column=6, end_row=2, end_column=9)
    for values in [*body, totals]:
        ws.append(values)
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=5)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def programme_tsv(body=BODY, totals=TOTALS) -> str:
    """A text rendering with columns (TSV): the group name once, the cells right of it empty."""
    lines = [TITLE, "\t".join([*LEFT, GROUP, "", "", ""]), "\t".join(["", "", "", "", "", *YEARS])]
    lines += ["\t".join(values) for values in [*body, totals]]
    return "\n".join(lines) + "\n"
