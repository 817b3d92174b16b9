"""Table rows with their cells assigned to column roles, and the alignment of cells by meaning."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planwatch.importer.grid import Cell
from planwatch.importer.structure import classify
from planwatch.importer.structure.columns import EXTRA


@dataclass
class TableRow:
    """A row of the plan table, cells keyed by role ("task", "measure", "deadline", …)."""

    cells: dict[str, Cell] = field(default_factory=dict)
    lines: tuple[int, ...] = ()
    continuation: bool | None = None  # True when the segmenter knows it continues a split row
    after_page_header: bool = False  # follows a repeated header / column-number row
    merged: set[str] = field(default_factory=set)  # roles whose cell is merged from above
    spanning: bool = False  # one cell across the whole table: a heading row
    loose: list[Cell] = field(default_factory=list)  # continuation cells not yet in columns
    roles: list[str] = field(default_factory=list)  # the table's roles, for placing ``loose``
    levels: list[tuple[str | None, Cell]] = field(default_factory=list)  # (kind, cell) to open
    extra: dict[str, Cell] = field(default_factory=dict)  # unnamed columns: header → cell
    amounts: list[tuple[dict, Cell]] = field(default_factory=list)  # (money.column_spec, cell)

    def text(self, role: str) -> str:
        cell = self.cells.get(role)
        return cell.text.strip() if cell else ""

    def filled(self) -> list[str]:
        return [r for r, c in self.cells.items() if c.text.strip() and r not in self.merged]


def role_score(role: str, cell: Cell) -> float:
    """How well a cell's text fits a column role (higher is better; empty fits anything a bit)."""
    text = cell.text.strip()
    if not text:
        return 0.05
    if role == "deadline":
        return classify.deadline_score(text)
    if role == "funding":
        return classify.funding_score(text)
    if role == "executors":
        return classify.executors_score(text)
    if role == "measure":
        return 1.2 if classify.measure_number(text) else 0.3 - 0.3 * _fieldish(text)
    if role == "number":
        return 1.0 if classify.number_only(text) else -0.5
    if role == "task":
        return 0.5 if classify.heading(text) else 0.25 - 0.3 * _fieldish(text)
    if role == EXTRA:
        return 0.9 if _AMOUNT.match(text) else 0.1 - 0.2 * _fieldish(text)
    return 0.3 - 0.2 * _fieldish(text)  # indicator: free text


# A column the plan keeps no field for (a secondary column: "Обсяг фінансування, тис. грн"):
# in a stream of cells it still takes its cells, so they do not shift into the next column.
_AMOUNT = re.compile(r"^[\d\s]+([,.]\d+)?(\s*(тис\.?|грн\.?|млн\.?))*$")


def _fieldish(text: str) -> float:
    return max(classify.deadline_score(text), classify.executors_score(text), 0.0)


def align(cells: list[Cell], roles: list[str], score=None) -> dict[str, Cell]:
    """Assign cells, in order, to roles, in order, maximising fit (a monotone alignment).

    Used when a row has fewer cells than columns (empty cells dropped by a converter) or when
    cells sit in the wrong columns. Each cell gets a role; roles may stay unused.
    """
    n, m = len(cells), len(roles)
    if n == 0:
        return {}
    if n > m:
        cells = cells[:m]
        n = m
    neg = float("-inf")
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    for j in range(m + 1):
        best[0][j] = 0.0
    for i in range(1, n + 1):
        for j in range(i, m + 1):
            take = best[i - 1][j - 1] + (score or role_score)(roles[j - 1], cells[i - 1])
            skip = best[i][j - 1]
            if take >= skip:
                best[i][j], back[i][j] = take, 1
            else:
                best[i][j], back[i][j] = skip, 0
    out: dict[str, Cell] = {}
    i, j = n, m
    while i > 0:
        if back[i][j]:
            out[roles[j - 1]] = cells[i - 1]
            i -= 1
        j -= 1
    return out
