"""The review page's structure editor: plan details, headings, moves, unplaced text, column
roles, undo. Thin views: the edits are functions of `structure`, `document_meta` and
`reread`; every change goes through `draft_history` so it can be undone."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from planwatch.importer import PlanImportError
from planwatch.importer.walk import iter_nodes
from planwatch.plans import document as docs
from planwatch.plans import document_meta, reread, structure
from planwatch.plans.access import draft_for_editor
from planwatch.plans.draft_history import apply_change, replace_document, undo
from planwatch.plans.review import node_choices
from planwatch.plans.review_forms import (
    TOP,
    ColumnRolesForm,
    HeadingForm,
    MetaForm,
    StepForm,
    ToHeadingForm,
    UnplacedForm,
)
from planwatch.plans.views.imports import _back, _lookup


def _change(request, draft, action: str, label: str, edit, done: str, anchor: str = ""):
    """Apply one edit with its history entry; a refused edit says why and changes nothing."""
    try:
        apply_change(draft, request.user, action, label, edit)
    except docs.DocumentError as exc:
        messages.error(request, str(exc))
        return _back(draft, anchor)
    messages.success(request, done)
    return _back(draft, anchor)


def _node(draft, uid: str) -> dict:
    from django.http import Http404

    try:
        return docs.find_node(draft.document, uid)
    except docs.DocumentError:
        raise Http404("no such heading") from None


@login_required
@require_http_methods(["GET", "POST"])
def draft_meta(request: HttpRequest, pk: int) -> HttpResponse:
    draft = draft_for_editor(request, pk)
    form = MetaForm(request.POST or None, initial=document_meta.meta_values(draft.document))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        return _change(
            request,
            draft,
            "meta",
            _("Plan details"),
            lambda doc: document_meta.set_meta(doc, data),
            _("The plan's details are saved."),
        )
    return render(request, "plans/draft_meta.html", {"draft": draft, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def heading_add(request: HttpRequest, pk: int) -> HttpResponse:
    draft = draft_for_editor(request, pk)
    parents = node_choices(draft.document)
    initial = {"parent": request.GET.get("parent", TOP)}
    form = HeadingForm(request.POST or None, parents=parents, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        return _change(
            request,
            draft,
            "heading_add",
            _("New heading “%(title)s”") % {"title": d["title"][:200]},
            lambda doc: structure.add_heading(doc, d["parent"], d["kind"], d["number"], d["title"]),
            _("The heading is added."),
        )
    ctx = {"draft": draft, "form": form, "node": None}
    return render(request, "plans/draft_heading.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def heading_edit(request: HttpRequest, pk: int, node: str) -> HttpResponse:
    draft = draft_for_editor(request, pk)
    heading = _node(draft, node)
    parent = next(p for n, _d, p in iter_nodes(draft.document["nodes"]) if n is heading)
    own = {n["uid"] for n, _d, _p in iter_nodes([heading])}
    parents = [c for c in node_choices(draft.document) if c[0] not in own]
    initial = {**heading, "parent": parent["uid"] if parent else TOP}
    form = HeadingForm(request.POST or None, parents=parents, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        return _change(
            request,
            draft,
            "heading_edit",
            _("Heading “%(title)s”") % {"title": d["title"][:200]},
            lambda doc: structure.edit_heading(
                doc, node, d["kind"], d["number"], d["title"], d["parent"]
            ),
            _("The heading is saved."),
            node,
        )
    ctx = {"draft": draft, "form": form, "node": heading}
    return render(request, "plans/draft_heading.html", ctx)


@login_required
@require_POST
def heading_delete(request: HttpRequest, pk: int, node: str) -> HttpResponse:
    draft = draft_for_editor(request, pk)
    heading = _node(draft, node)
    return _change(
        request,
        draft,
        "heading_delete",
        _("Heading “%(title)s” removed") % {"title": heading["title"][:200]},
        lambda doc: structure.delete_heading(doc, node),
        _("The heading is removed; its measures joined the heading above."),
    )


@login_required
@require_POST
def heading_step(request: HttpRequest, pk: int, node: str) -> HttpResponse:
    draft = draft_for_editor(request, pk)
    heading = _node(draft, node)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose up or down."))
        return _back(draft, node)
    direction = form.cleaned_data["direction"]
    return _change(
        request,
        draft,
        "heading_step",
        _("Heading “%(title)s” moved") % {"title": heading["title"][:200]},
        lambda doc: structure.step_heading(doc, node, direction),
        _("The heading is moved."),
        node,
    )


@login_required
@require_POST
def heading_to_measure(request: HttpRequest, pk: int, node: str) -> HttpResponse:
    draft = draft_for_editor(request, pk)
    heading = _node(draft, node)
    made = {}
    response = _change(
        request,
        draft,
        "heading_to_measure",
        _("Heading “%(title)s” made a measure") % {"title": heading["title"][:200]},
        lambda doc: made.update(structure.heading_to_measure(doc, node)),
        _("The heading is now a measure."),
    )
    return _back(draft, made["uid"]) if made else response


@login_required
@require_http_methods(["GET", "POST"])
def measure_to_heading(request: HttpRequest, pk: int, uid: str) -> HttpResponse:
    draft = draft_for_editor(request, pk)
    measure = _lookup(draft, uid)
    initial = {"placement": "nested", "take_following": True}
    form = ToHeadingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d, made = form.cleaned_data, {}

        def edit(doc):
            made.update(
                structure.measure_to_heading(
                    doc,
                    uid,
                    d["kind"],
                    nested=d["placement"] == "nested",
                    take_following=d["take_following"],
                )
            )

        label = _("Measure “%(text)s” made a heading") % {"text": measure["text"][:200]}
        response = _change(request, draft, "to_heading", label, edit, _("The row is a heading."))
        return _back(draft, made["uid"]) if made else response
    ctx = {"draft": draft, "measure": measure, "form": form}
    return render(request, "plans/draft_to_heading.html", ctx)


@login_required
@require_POST
def measure_step(request: HttpRequest, pk: int, uid: str) -> HttpResponse:
    draft = draft_for_editor(request, pk)
    measure = _lookup(draft, uid)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose up or down."))
        return _back(draft, uid)
    direction = form.cleaned_data["direction"]
    label = (_("Measure %(n)s moved up") if direction < 0 else _("Measure %(n)s moved down")) % {
        "n": measure["number"] or measure["text"][:60]
    }
    return _change(
        request,
        draft,
        "step",
        label,
        lambda doc: structure.step_measure(doc, uid, direction),
        _("The measure is moved."),
        uid,
    )


@login_required
@require_POST
def draft_unplaced(request: HttpRequest, pk: int) -> HttpResponse:
    draft = draft_for_editor(request, pk)
    form = UnplacedForm(request.POST)
    if not form.is_valid() or not (form.cleaned_data["drop"] or form.cleaned_data["node"]):
        messages.error(request, _("Choose the heading to place the text under."))
        return _back(draft, "unplaced")
    d = form.cleaned_data
    if d["drop"]:
        return _change(
            request,
            draft,
            "unplaced_drop",
            _("Unplaced text left out"),
            lambda doc: structure.drop_unplaced(doc, d["index"]),
            _("The text is left out of the plan."),
            "unplaced",
        )
    return _change(
        request,
        draft,
        "unplaced_place",
        _("Unplaced text made a measure"),
        lambda doc: structure.place_unplaced(doc, d["index"], d["node"]),
        _("The text is now a measure under the chosen heading."),
        "unplaced",
    )


@login_required
@require_POST
def draft_columns(request: HttpRequest, pk: int) -> HttpResponse:
    draft = draft_for_editor(request, pk)
    form = ColumnRolesForm(request.POST, columns=reread.source_columns(draft.document))
    if not reread.supports_column_roles() or not form.columns:
        messages.error(request, _("This file's columns cannot be chosen."))
        return _back(draft, "columns")
    if not form.is_valid():
        messages.error(request, _("Choose a role from the list for each column."))
        return _back(draft, "columns")
    try:
        document, rows = reread.reread(draft, form.roles())
    except reread.RereadError as exc:
        messages.error(request, str(exc))
        return _back(draft, "columns")
    except PlanImportError as exc:
        messages.error(request, _("The file could not be read: %(error)s") % {"error": exc})
        return _back(draft, "columns")
    replace_document(
        draft, request.user, _("File read again with the chosen columns"), document, rows
    )
    messages.success(request, _("The file is read again with the chosen column roles."))
    return _back(draft, "columns")


@login_required
@require_POST
def draft_undo(request: HttpRequest, pk: int) -> HttpResponse:
    draft = draft_for_editor(request, pk)
    change = undo(draft)
    if change is None:
        messages.error(request, _("There is nothing to undo."))
    else:
        messages.success(request, _("Undone: %(what)s") % {"what": change.label})
    return _back(draft)
