"""TableRows → the heading tree and its measures (planwatch-plan/1 nodes)."""

from __future__ import annotations

import re

from planwatch.importer.structure import classify
from planwatch.importer.structure.columns import FIELD_ROLES
from planwatch.importer.structure.money import money_of_rows
from planwatch.importer.structure.rows import TableRow, align, role_score
from planwatch.importer.structure.text import join_fragments

KINDS, RANK = classify.KINDS, classify.RANK
CELL_FIELDS = ("text", *FIELD_ROLES)


class _Measure:
    """A measure while it is being built: each cell is a list of fragments, joined at the end."""

    def __init__(self, number: str, task, lines: tuple[int, ...]):
        self.number = number
        self.task = task
        self.parts: dict[str, list[str]] = {f: [] for f in CELL_FIELDS}
        self.lines: set[int] = set(lines)
        self.warnings: list[str] = []
        self.extra: dict[str, list[str]] = {}
        self.amount_rows: list[tuple[str, list]] = []  # (row's source text, [(spec, cell)])

    def add_extra(self, row: TableRow, continuation: bool = False) -> None:
        """Unnamed columns' cells, kept by header; a merged cell counts once per measure."""
        for name, cell in row.extra.items():
            if cell.text.strip() and not (continuation and cell.merged_above):
                self.extra.setdefault(name, []).append(cell.text)

    def add_amounts(self, row: TableRow) -> None:
        """Money per year, one group a row: a programme may print a measure's money over
        several rows, one per funding source; their numbers are never joined."""
        if row.amounts:
            self.amount_rows.append((row.text("funding"), list(row.amounts)))

    def add(self, field: str, text: str) -> None:
        if text and text.strip():
            self.parts[field].append(text)

    def value(self, field: str) -> str:
        return join_fragments(self.parts[field])

    def as_dict(self) -> dict:
        m = {"number": self.number, "text": self.value("text")}
        for f in FIELD_ROLES:
            m[f] = {"text": self.value(f)}
        m["lines"] = sorted(self.lines)
        m["warnings"] = list(self.warnings)
        if self.extra:
            m["extra"] = {k: join_fragments(v) for k, v in self.extra.items()}
        if self.amount_rows:
            m["funding"].update(money_of_rows(self.amount_rows))
        return m


class TreeBuilder:
    def __init__(self, warn) -> None:
        self.warn = warn
        self.nodes: list[dict] = []
        self.loose: list[_Measure] = []  # measures before any heading
        self.stack: list[dict] = []
        self.last: _Measure | None = None
        self.seen: dict[tuple, int] = {}

    # ---- headings -------------------------------------------------------------------------
    def heading(
        self,
        text: str,
        lines: tuple[int, ...],
        from_task_column: bool = False,
        number: str = "",
        kind: str | None = None,
    ) -> dict:
        """Open a heading. ``kind`` is given by a heading-level column ("Операційна ціль")."""
        h = classify.heading(text) if not number else None
        forced = kind
        kind = forced or (h.kind if h else None)
        num = number or (h.number if h else "")
        title = h.title if h else text.strip()
        if forced:
            # a level column's value goes under the headings typed as rows, whatever its header
            # says: "Операційна ціль" beside measures under "1.1." rows is one level deeper
            rank = RANK[forced]
            rows = [n for n in self.stack if not n["_column"]]
            if rows and rows[-1]["_rank"] >= rank:
                rank = rows[-1]["_rank"] + 1
                forced = kind = KINDS[min(rank, 3)]
            from_task_column = forced == "task"
        elif from_task_column:
            rank, kind = RANK["task"], "task"
        elif kind:
            rank = RANK[kind]
        else:
            rank = self._rank_by_numbering(num)
        while self.stack and self.stack[-1]["_rank"] >= rank:
            self.stack.pop()
        node = {
            "kind": kind or KINDS[min(rank, 3)],
            "number": num,
            "title": title,
            "children": [],
            "measures": [],
            "_rank": rank,
            "_depth": _depth(num),
            "_labelled": bool(h and h.kind) or from_task_column or bool(forced),
            "_column": bool(forced),
            "_parts": [title],
            "_lines": list(lines),
        }
        (self.stack[-1]["children"] if self.stack else self.nodes).append(node)
        self.stack.append(node)
        self.last = None
        if num.startswith("."):
            self.warn(lines[0] if lines else None, "heading_number_incomplete", number=num)
        return node

    def _rank_by_numbering(self, num: str) -> int:
        """An unlabelled heading: a sibling of an open heading numbered alike, else one level down."""
        depth = _depth(num)
        for node in reversed(self.stack):
            if not depth or node["_depth"] != depth:
                continue
            if not node["_labelled"]:
                return node["_rank"]  # numbered alike, unlabelled alike: the next sibling
            if node["kind"] != "task" and _follows(node["number"], num):
                return node["_rank"]
        parents = [n for n in self.stack if n["_rank"] < RANK["task"]]
        return parents[-1]["_rank"] + 1 if parents else 0

    def current_task(self) -> dict | None:
        return self.stack[-1] if self.stack else None

    def extend_heading(self, text: str) -> None:
        node = self.current_task()
        if node is not None and text.strip():
            node["_parts"].append(text)

    # ---- measures -------------------------------------------------------------------------
    def measure(self, number: str, row: TableRow, text: str) -> _Measure:
        number = self._fix_number(number, row)
        m = _Measure(number, self.current_task(), row.lines)
        m.add("text", text)
        for f in FIELD_ROLES:
            if f not in row.merged:
                m.add(f, row.text(f) and row.cells[f].text)
        m.add_extra(row)
        m.add_amounts(row)
        self._take_back_consent(m, row)
        text = m.value("text")  # joined fragments: already collapsed
        key = (id(m.task), number, text.casefold())
        if key in self.seen and text:
            line = row.lines[0] if row.lines else None
            self.warn(line, "duplicate_row", number=number, first_line=self.seen[key])
            self.last = _Measure(number, None, ())  # absorbs the duplicate's continuations
            return self.last
        self.seen[key] = row.lines[0] if row.lines else 0
        if m.task is not None:
            m.task["measures"].append(m)
        else:
            self.loose.append(m)
        self.last = m
        return m

    def _fix_number(self, number: str, row: TableRow) -> str:
        if number.lower() in ("б)", "b)"):
            self.warn(row.lines[0] if row.lines else None, "number_recognition_slip", number=number)
            return "6)"
        return number

    def _take_back_consent(self, m: _Measure, row: TableRow) -> None:
        """'(за згодою)' at the start of an executors cell ends the previous row's cell.

        A page break can push the tail of a cell into the next row; '(за згодою)' never starts a
        list of executors, it follows the partner it qualifies.
        """
        prev = self.last
        cell = m.parts["executors"]
        if not prev or not cell:
            return
        match = re.match(r"\s*(\(за згодою\))\s*[,;]?\s*(?=\S)", cell[0])
        if match and not prev.value("executors").endswith("(за згодою)"):
            prev.add("executors", match.group(1))
            cell[0] = cell[0][match.end() :]
            self.warn(row.lines[0] if row.lines else None, "consent_moved_up")

    def continuation(self, row: TableRow) -> None:
        """A row cut by a page break continues here: merge it cell by cell."""
        if row.loose:
            row.cells = align(row.loose, row.roles, self._continuation_score)
        if row.text("task"):
            self.extend_heading(row.cells["task"].text)
        target = self.last
        if target is None:
            text = " ".join(row.text(r) for r in row.cells if row.text(r))
            if text:
                line = row.lines[0] if row.lines else None
                self.warn(line, "text_without_measure", text=text[:80])
            return
        target.add("text", row.text("measure") and row.cells["measure"].text)
        for f in FIELD_ROLES:
            target.add(f, row.text(f) and row.cells[f].text)
        target.add_extra(row, continuation=True)
        target.add_amounts(row)
        target.lines.update(row.lines)

    def _continuation_score(self, role: str, cell) -> float:
        """How well a fragment fits a column, knowing how that cell of the row above ends.

        A cell cut by a page break ends unfinished (a hyphen, a comma, a preposition, no
        closing punctuation); a finished cell ('… (за згодою)', '2025 рік') rarely goes on.
        """
        base = role_score(role, cell)
        if not cell.text.strip():
            return base
        if role == "task":
            node = self.current_task()
            before = node["_parts"][-1] if node is not None else ""
        elif self.last is None or role not in (*FIELD_ROLES, "measure"):
            return base  # a column the plan does not keep ("number", a secondary column)
        else:
            before = self.last.value("text" if role == "measure" else role)
        return base + unfinished_bonus(before, cell.text)

    # ---- output ---------------------------------------------------------------------------
    def result(self) -> tuple[list[dict], list[dict]]:
        return [_finish(n) for n in self.nodes], [m.as_dict() for m in self.loose]


def _finish(node: dict) -> dict:
    title = join_fragments(node["_parts"])
    kind = node["kind"]
    if not node["_labelled"] and node["measures"] and not node["children"]:
        kind = "task"  # an unlabelled heading right above measures is the task they carry out
    return {
        "kind": kind,
        "number": node["number"],
        "title": title,
        "lines": sorted(set(node["_lines"])),
        "children": [_finish(c) for c in node["children"]],
        "measures": [m.as_dict() for m in node["measures"]],
    }


def _depth(num: str) -> int:
    num = num.strip(".")
    return num.count(".") + 1 if num and num[0].isdigit() else 0


def _follows(previous: str, number: str) -> bool:
    """'2' follows '1', '1.3' follows '1.2': the next sibling in a numbered sequence."""
    a, b = previous.strip(".").split("."), number.strip(".").split(".")
    if len(a) != len(b) or not all(x.isdigit() for x in a + b):
        return False
    return a[:-1] == b[:-1] and int(b[-1]) == int(a[-1]) + 1


_FUNCTION_WORD = re.compile(
    r"(?:\b(?:до|про|з|із|зі|та|і|й|в|у|на|щодо|для|від|за|по|при|між|які|яка|що|як|або)|[,:;(«\-])$",
    re.IGNORECASE,
)
_FINISHED = re.compile(r"(?:[.)»!?]|\bрок(?:и|у|ів)|\bрік|\bр\.)$", re.IGNORECASE)


def unfinished_bonus(before: str, fragment: str) -> float:
    """Positive when ``fragment`` plausibly continues ``before``, negative when it can't."""
    before = before.strip()
    if not before:
        return -0.25
    if re.search(r"\w-$", before):
        return 0.8
    if _FUNCTION_WORD.search(before):
        return 0.5
    if _FINISHED.search(before):
        return -0.35
    return 0.15 if fragment.strip()[:1].islower() else -0.05
