"""What the review page shows: the parsed tree beside the source lines, with every warning."""

from __future__ import annotations

from django.utils.translation import gettext

from planwatch.importer.messages import code_of, render
from planwatch.importer.structure.text import collapse
from planwatch.importer.walk import count_warnings, iter_nodes
from planwatch.orgs.models import Organization
from planwatch.plans import document as docs
from planwatch.plans.draft_history import recent
from planwatch.plans.forms import ExecutorMapForm
from planwatch.plans.models import ImportDraft

MAX_SOURCE_LINES = 12


def source_lines(draft: ImportDraft) -> dict[int, str]:
    """Line (or table row) number → its text, so a person can check each measure's origin.

    Kept on the draft from the one read of the file: the review page never reads it again."""
    rows = draft.source_rows or {}
    return {int(k): v for k, v in rows.items() if str(k).isdigit()}


def executor_form(draft: ImportDraft, data=None) -> ExecutorMapForm:
    """The "who is who" form: each executor name of the draft → an organisation below its owner."""
    names = [{"key": docs.org_key(o), **o} for o in docs.executor_names(draft.document)]
    orgs = Organization.objects.below(draft.owner)
    return ExecutorMapForm(data, names=names, orgs=orgs, initial_map=draft.executor_map)


def review_context(draft: ImportDraft) -> dict:
    doc = draft.document
    lines = source_lines(draft)
    rows = []
    for node, depth, _parent in iter_nodes(doc.get("nodes", [])):
        rows.append({"type": "node", "node": node, "depth": depth, "is_first": not rows})
        for index, m in enumerate(node.get("measures", [])):
            rows.append(
                {
                    "type": "measure",
                    "m": m,
                    "node": node,
                    "depth": depth,
                    "is_last": index == len(node["measures"]) - 1,
                    "source": _measure_source(m, lines),
                    "warnings": [_measure_warning(w) for w in m.get("warnings", [])],
                }
            )
    return {
        "draft": draft,
        "doc": doc,
        "doc_warnings": _document_warnings(draft, doc),
        "rows": rows,
        "node_choices": node_choices(doc),
        "warning_count": count_warnings(doc),
        "measure_count": sum(1 for r in rows if r["type"] == "measure"),
        "executor_form": executor_form(draft),
        "has_source": bool(lines),
        "unplaced": unplaced(doc),
        "history": recent(draft),
        "needs_title": needs_title(draft),
        "column_form": _column_form(doc),
    }


def needs_title(draft: ImportDraft) -> bool:
    """A new plan is published from the review only with a title a person has seen: the
    file name is never a plan's title (an amended plan keeps its own)."""
    return not draft.plan_id and not collapse(draft.document.get("title"))


def node_choices(doc: dict) -> list[tuple[str, str]]:
    """(uid, indented "number title") of every heading, for the "move under" selects."""
    out = []
    for node, depth, _parent in iter_nodes(doc.get("nodes", [])):
        label = f"{node.get('number', '')} {node.get('title', '')}".strip()
        out.append((node["uid"], "\u2003" * depth + label[:120]))
    return out


def _measure_source(m: dict, lines: dict[int, str]) -> list[tuple[int, str]]:
    numbers = [n for n in m.get("lines", []) if isinstance(n, int)]
    if len(numbers) == 2 and numbers[1] - numbers[0] > 1:
        numbers = list(range(numbers[0], numbers[1] + 1))  # [first, last] as a range
    return [(n, lines[n]) for n in numbers[:MAX_SOURCE_LINES] if n in lines]


def _document_warnings(draft: ImportDraft, doc: dict) -> list[dict]:
    """The document's warnings; those that point at a scanned cell get the cell's picture."""
    from django.urls import reverse

    pdf = (doc.get("source") or {}).get("format") == "pdf"
    out = []
    for index, w in enumerate(doc.get("warnings") or []):
        w = w if isinstance(w, dict) else {"message": str(w)}
        scanned = bool(w.get("page")) and len(w.get("bbox") or ()) == 4
        image = reverse("plans:draft_cell_image", args=[draft.pk, index]) if scanned else ""
        place = _place(w, pdf)
        out.append({**w, "index": index, "image": image, "text": warning_text(w), **place})
    return out


def warning_text(w) -> str:
    """A warning in the reader's language: through its `code` and `params` (the importer's
    `messages.render`); a plain English message gets its code back from the templates first."""
    w = w if isinstance(w, dict) else {"message": str(w)}
    if not w.get("code") and w.get("message"):
        code, params = code_of(str(w["message"]))
        w = {**w, "code": code, "params": params}
    return str(render(w, gettext) or w.get("message") or "")


def warnings_shown(value, *, warnings: bool = False):
    """A stored JSON value (a draft's document; with `warnings=True` a revision's or a
    measure's list of warnings) with every warning in the reader's language: the admin shows
    it so, and `plans.admin.TranslatedJSONForm` puts the stored English back where unedited."""
    if warnings and isinstance(value, list):
        return [_shown_warning(w) for w in value]
    if isinstance(value, list):
        return [warnings_shown(v) for v in value]
    if not isinstance(value, dict):
        return value
    return {k: warnings_shown(v, warnings=k == "warnings") for k, v in value.items()}


def _shown_warning(w):
    if isinstance(w, dict):
        return {**w, "message": warning_text(w)} if w.get("message") else w
    return warning_text(w) if isinstance(w, str) else w


def _measure_warning(w) -> dict:
    return {"text": warning_text(w), "line": w.get("line") if isinstance(w, dict) else None}


def unplaced(doc: dict) -> list[dict]:
    """Source text the importer placed nowhere, with its place, for the person to place."""
    pdf = (doc.get("source") or {}).get("format") == "pdf"
    out = []
    for index, item in enumerate(doc.get("unplaced") or []):
        item = item if isinstance(item, dict) else {"text": str(item)}
        place = {k: item.get(k) for k in ("page", "line", "row")}
        out.append({"index": index, "text": collapse(item.get("text")), **place})
        out[-1].update(_place(item, pdf))
    return out


def _column_form(doc: dict):
    from planwatch.plans import reread
    from planwatch.plans.review_forms import ColumnRolesForm

    columns = reread.source_columns(doc)
    if not columns or not reread.supports_column_roles():
        return None
    return ColumnRolesForm(columns=columns)


def _place(w: dict, pdf: bool) -> dict:
    """A PDF's "line" is page × 1000 + row: say page and row, as a person counts them."""
    line = w.get("line")
    if pdf and isinstance(line, int) and line >= 1000:
        return {"page": w.get("page") or line // 1000, "line": None, "row": line % 1000}
    return {}
