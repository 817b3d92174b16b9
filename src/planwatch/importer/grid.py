"""The one shape every reader produces: rows of cells with their source position.

Everything after a reader (structure, normalisation) works on a Grid and never looks at the
source format again. A reader knows the column of a cell when the source has a real table
(.docx, TSV, .xlsx, Markdown); a text rendering that drops empty cells does not, and leaves
``col`` as None for the structure step to align by meaning.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Cell:
    """One table cell. ``text`` keeps paragraphs joined with "\\n" (whitespace untouched)."""

    text: str
    col: int | None = None  # grid column index, when the source knows it
    lines: tuple[int, ...] = ()  # 1-based source lines (text) or row numbers (docx/xlsx)
    merged_above: bool = False  # a vertically merged continuation: same cell as the row above
    span: int = 1  # how many grid columns the cell covers (gridSpan / colspan)
    outside: bool = False  # text renderings: began on a line without the cell TAB


@dataclass
class Row:
    cells: list[Cell]
    lines: tuple[int, ...] = ()
    repeated_header: bool = False  # the source marks it as a header repeated on each page

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass
class Grid:
    """A source document as a table plus the lines around it."""

    source_name: str
    source_format: str  # "text", "tsv", "docx", "xlsx", "csv", "markdown"
    preamble: list[tuple[int, str]] = field(default_factory=list)  # (line, text) before the table
    rows: list[Row] = field(default_factory=list)
    trailer: list[tuple[int, str]] = field(default_factory=list)  # after the table (signatures)
    warnings: list[dict] = field(default_factory=list)  # {"line": n, "message": "..."}
    sha256: str = ""
    line_count: int = 0  # lines (or rows) of the source, for provenance checks
