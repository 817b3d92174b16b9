"""What the review page shows: the parsed tree beside the source lines, with every warning."""

from __future__ import annotations

from planwatch.plans import document as docs
from planwatch.plans.models import ImportDraft

TEXT_FORMATS = {"text", "txt", "tsv", "markdown", "md", "csv"}
MAX_SOURCE_LINES = 12


def source_lines(draft: ImportDraft) -> dict[int, str]:
    """Line (or table row) number → its text, so a person can check each measure's origin."""
    fmt = str((draft.document.get("source") or {}).get("format") or "")
    data = bytes(draft.file_data or b"")
    if fmt in TEXT_FORMATS:
        text = data.decode("utf-8", errors="replace")
        return {i: line for i, line in enumerate(text.splitlines(), start=1)}
    return _grid_lines(fmt, data, draft.file_name)


def _grid_lines(fmt: str, data: bytes, name: str) -> dict[int, str]:
    """Rows of a binary source as the importer's reader sees them ("cell | cell | …")."""
    try:
        from planwatch.importer import readers

        grid = readers.read(fmt, data, name)
    except Exception:  # noqa: BLE001 — the source view is a help, never a reason to fail
        return {}
    out: dict[int, str] = {}
    for row in grid.rows:
        text = " | ".join(c.text.replace("\n", " ") for c in row.cells if c.text.strip())
        for line in row.lines[:1]:
            out.setdefault(line, text)
    return out


def review_context(draft: ImportDraft) -> dict:
    from planwatch.plans.views.imports import executor_form

    doc = draft.document
    lines = source_lines(draft)
    rows, node_choices = [], []
    for node, depth, _parent in docs.iter_nodes(doc.get("nodes", [])):
        label = f"{node.get('number', '')} {node.get('title', '')}".strip()
        node_choices.append((node["uid"], "\u2003" * depth + label[:120]))
        rows.append({"type": "node", "node": node, "depth": depth})
        for index, m in enumerate(node.get("measures", [])):
            rows.append(
                {
                    "type": "measure",
                    "m": m,
                    "node": node,
                    "depth": depth,
                    "is_last": index == len(node["measures"]) - 1,
                    "source": _measure_source(m, lines),
                }
            )
    return {
        "draft": draft,
        "doc": doc,
        "rows": rows,
        "node_choices": node_choices,
        "warning_count": docs.warning_count(doc),
        "measure_count": sum(1 for r in rows if r["type"] == "measure"),
        "executor_form": executor_form(draft),
        "has_source": bool(lines),
    }


def _measure_source(m: dict, lines: dict[int, str]) -> list[tuple[int, str]]:
    numbers = [n for n in m.get("lines", []) if isinstance(n, int)]
    if len(numbers) == 2 and numbers[1] - numbers[0] > 1:
        numbers = list(range(numbers[0], numbers[1] + 1))  # [first, last] as a range
    return [(n, lines[n]) for n in numbers[:MAX_SOURCE_LINES] if n in lines]
