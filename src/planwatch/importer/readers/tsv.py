"""TSV-like renderings: one table row per line, cells separated by TABs.

Lines without a TAB (the approving order, the title, signatures) become one-cell rows; the
structure step tells the preamble from the table by the header row.
"""

from __future__ import annotations

from planwatch.importer.grid import Cell, Grid, Row
from planwatch.importer.readers import decode_text
from planwatch.importer.readers.cleanup import clean_line


def read(data: bytes, name: str, text: str | None = None) -> Grid:
    """``text``: ``data`` already decoded (by ``detect.sniff``), so it is decoded once."""
    return read_text(decode_text(data, name) if text is None else text, name)


def read_text(text: str, name: str) -> Grid:
    lines = text.split("\n")
    grid = Grid(source_name=name, source_format="tsv", line_count=len(lines))
    for number, raw in enumerate(lines, start=1):
        line = clean_line(raw.rstrip("\r"))
        if not line.strip():
            continue
        parts = line.split("\t")
        cells = [Cell(text=p, col=i, lines=(number,)) for i, p in enumerate(parts)]
        grid.rows.append(Row(cells=cells, lines=(number,)))
    return grid
