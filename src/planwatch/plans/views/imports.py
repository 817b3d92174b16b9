"""Upload → review (fix what the importer got wrong) → publish. Nothing is a plan before publish."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.forms.utils import ErrorDict, ErrorList
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from planwatch.importer.walk import iter_nodes
from planwatch.lib.atomic import non_atomic_writes
from planwatch.orgs.access import get_access
from planwatch.plans import document as docs
from planwatch.plans import import_jobs, uploads
from planwatch.plans.access import draft_for_editor
from planwatch.plans.draft_history import apply_change, record_mapping
from planwatch.plans.forms import (
    CellsForm,
    DismissForm,
    MoveForm,
    SplitForm,
    UploadForm,
)
from planwatch.plans.imports import UnreadableUpload, Upload, create_draft, read_upload
from planwatch.plans.models import DraftStatus, ImportDraft, ParseStatus, Plan
from planwatch.plans.publish import PublishError, publish_draft
from planwatch.plans.review import executor_form, needs_title, review_context, warning_text

UPLOAD_OVERHEAD = 64 * 1024  # multipart boundaries and the other fields
WORKER_HINT_AFTER = 20  # seconds a queued scan may wait before we mention the worker
SLOW_AFTER = 180  # seconds of reading after which the page says it takes longer than usual


@non_atomic_writes  # reading the plan takes seconds: only the save is a transaction
@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    access = get_access(request)
    if not access.can_import:
        raise Http404("only coordinators load plans")
    owners = access.editable_orgs()
    plans = Plan.objects.filter(owner__in=owners).select_related("owner")
    if request.method == "POST" and _body_too_large(request):
        return _refuse_large_upload(request, owners, plans)
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        owners=owners,
        plans=plans,
        initial=_upload_initial(request, plans, owners),
    )
    read = _read(form) if request.method == "POST" and form.is_valid() else None
    if read is not None and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            draft = create_draft(
                read.data,
                data["file"].name,
                data["owner"],
                request.user,
                plan=data["plan"],
                doc=read.document,
                rows=read.rows,
                deferred=read.deferred,
            )
        if form.owner_note:
            messages.info(request, form.owner_note)
        return redirect("plans:review", draft.pk)
    pending = ImportDraft.objects.filter(owner__in=owners, status=DraftStatus.PENDING)
    ctx = {"form": form, "pending": pending.select_related("owner")[:20]}
    return render(request, "plans/upload.html", ctx)


def _read(form: UploadForm) -> Upload | None:
    """Read the valid form's file (seconds, no transaction) and let the form settle the owner."""
    upload = form.cleaned_data["file"]
    try:
        read = read_upload(upload.read(), upload.name)
    except UnreadableUpload as exc:
        form.settle(None, error=str(exc))
        return None
    form.settle(read)
    return read


def _body_too_large(request: HttpRequest) -> bool:
    """Refuse before Django reads the body: a huge upload would otherwise be spooled to disk
    first. The form's own check gives the message for files just over the limit."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > settings.PLANWATCH_MAX_UPLOAD_BYTES + UPLOAD_OVERHEAD


def _refuse_large_upload(request: HttpRequest, owners, plans) -> HttpResponse:
    form = UploadForm({}, owners=owners, plans=plans)
    limit = settings.PLANWATCH_MAX_UPLOAD_BYTES // (1024 * 1024)
    message = _("The file is larger than %(limit)s MB.") % {"limit": limit}
    # Unparsed body: only this error (with field_id, so aria-describedby finds it).
    form._errors = ErrorDict({"file": ErrorList([message], field_id=form["file"].auto_id)})
    ctx = {"form": form, "pending": []}
    return render(request, "plans/upload.html", ctx, status=413)


def _upload_initial(request: HttpRequest, plans, owners) -> dict:
    """ "Import an amended revision" links here with ?plan=: preselect it and its owner.
    A coordinator's own organisation (the one above its departments) is chosen already."""
    wanted = request.GET.get("plan", "")
    plan = plans.filter(pk=wanted).first() if wanted.isdigit() else None
    if plan:
        return {"plan": plan, "owner": plan.owner}
    orgs = sorted(owners.only("pk", "path")[:50], key=lambda o: o.depth)
    if orgs and (len(orgs) == 1 or orgs[0].depth < orgs[1].depth):
        return {"owner": orgs[0]}  # the user's own organisation, above its departments
    return {}


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    draft = draft_for_editor(request, pk, ready=False)
    if draft.parse_status == ParseStatus.FAILED:
        return _failed_import(request, draft)
    if not draft.is_ready:
        return render(request, "plans/parsing.html", {"draft": draft, **parsing_state(draft)})
    return render(request, "plans/review.html", review_context(draft))


def parsing_state(draft: ImportDraft) -> dict:
    """What the waiting page says, truthfully: a job nobody picks up points at the worker
    command; a second attempt says so (the first one's worker stopped); a read running far
    longer than usual says that too, rather than "a minute or two" for ever."""
    now = timezone.now()
    waited = (now - draft.created_at).total_seconds()
    stuck = draft.parse_status == ParseStatus.QUEUED and waited > WORKER_HINT_AFTER
    running_for = 0.0
    if draft.parse_status == ParseStatus.RUNNING and draft.parse_started_at:
        running_for = (now - draft.parse_started_at).total_seconds()
    return {
        "waited": int(waited),
        "worker_hint": stuck and draft.attempts == 0,
        "attempt": draft.attempts,
        "max_attempts": import_jobs.QUEUE.max_attempts,
        "slow": draft.attempts > 1 or running_for > SLOW_AFTER,
    }


def _failed_import(request: HttpRequest, draft: ImportDraft) -> HttpResponse:
    """Say why on the waiting page itself, then forget the upload: a failed import leaves
    nothing behind (the page does not refresh any more; the message stays on screen)."""
    error = draft.parse_error
    if error != import_jobs.QUEUE.gave_up_text():  # that one is a whole sentence already
        error = _("The file could not be read: %(error)s") % {"error": error}
    ctx = {"draft": draft, "failed": True, "error": error}
    response = render(request, "plans/parsing.html", ctx)
    draft.delete()
    return response


@login_required
def draft_cell_image(request: HttpRequest, pk: int, index: int) -> HttpResponse:
    """The scanned cell an OCR warning points at, to compare with the text read from it."""
    draft = draft_for_editor(request, pk)
    warnings = draft.document.get("warnings") or []
    w = warnings[index] if 0 <= index < len(warnings) else None
    if not isinstance(w, dict) or not w.get("page") or len(w.get("bbox") or ()) != 4:
        raise Http404("no scanned cell for this warning")
    try:
        from planwatch.importer.readers.pdf_scan import cell_image

        png = cell_image(uploads.read(draft), int(w["page"]), [float(v) for v in w["bbox"]])
    except Exception:  # noqa: BLE001 — a missing picture must not break the review
        raise Http404("the cell could not be rendered") from None
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _back(draft: ImportDraft, uid: str = "") -> HttpResponse:
    url = reverse("plans:review", args=[draft.pk])
    return redirect(f"{url}#{uid}" if uid else url)


def _lookup(draft: ImportDraft, uid: str) -> dict:
    try:
        return docs.find_measure(draft.document, uid)[0]
    except docs.DocumentError:
        raise Http404("no such measure") from None


@login_required
@require_http_methods(["GET", "POST"])
def draft_measure_edit(request: HttpRequest, pk: int, uid: str) -> HttpResponse:
    draft = draft_for_editor(request, pk)
    m = _lookup(draft, uid)
    initial = {"number": m["number"], "text": m["text"]}
    initial.update({cell: m[cell]["text"] for cell in docs.CELLS})
    form = CellsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        label = _("Measure %(n)s corrected") % {"n": m["number"] or m["text"][:60]}
        apply_change(
            draft,
            request.user,
            "edit",
            label,
            lambda doc: docs.edit_measure(doc, uid, form.cleaned_data),
        )
        messages.success(request, _("The measure is corrected."))
        return _back(draft, uid)
    warnings = [warning_text(w) for w in m.get("warnings", [])]
    ctx = {"draft": draft, "measure": m, "form": form, "warnings": warnings}
    return render(request, "plans/draft_measure_edit.html", ctx)


@login_required
@require_POST
def draft_measure_move(request: HttpRequest, pk: int, uid: str) -> HttpResponse:
    draft = draft_for_editor(request, pk)
    m = _lookup(draft, uid)
    choices = [(n["uid"], n["uid"]) for n, _d, _p in iter_nodes(draft.document["nodes"])]
    form = MoveForm(request.POST, nodes=choices)
    if form.is_valid():
        node = form.cleaned_data["node"]
        label = _("Measure %(n)s moved") % {"n": m["number"] or m["text"][:60]}
        apply_change(
            draft, request.user, "move", label, lambda doc: docs.move_measure(doc, uid, node)
        )
        messages.success(request, _("The measure is moved."))
    else:
        messages.error(request, _("Choose the heading to move the measure under."))
    return _back(draft, uid)


@login_required
@require_POST
def draft_measure_merge(request: HttpRequest, pk: int, uid: str) -> HttpResponse:
    draft = draft_for_editor(request, pk)
    m = _lookup(draft, uid)
    label = _("Measure %(n)s merged with the next") % {"n": m["number"] or m["text"][:60]}
    try:
        apply_change(draft, request.user, "merge", label, lambda d: docs.merge_with_next(d, uid))
    except docs.DocumentError:
        messages.error(request, _("This is the last measure under its heading."))
        return _back(draft, uid)
    messages.success(request, _("The two rows are merged into one measure."))
    return _back(draft, uid)


@login_required
@require_http_methods(["GET", "POST"])
def draft_measure_split(request: HttpRequest, pk: int, uid: str) -> HttpResponse:
    draft = draft_for_editor(request, pk)
    m = _lookup(draft, uid)
    form = SplitForm(request.POST or None, initial={"first": m["text"]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        label = _("Measure %(n)s split") % {"n": m["number"] or m["text"][:60]}
        apply_change(
            draft,
            request.user,
            "split",
            label,
            lambda d: docs.split_measure(d, uid, data["first"], data["second"], data["number"]),
        )
        messages.success(request, _("The measure is split in two."))
        return _back(draft, uid)
    return render(request, "plans/draft_split.html", {"draft": draft, "measure": m, "form": form})


@login_required
@require_POST
def draft_dismiss_warning(request: HttpRequest, pk: int) -> HttpResponse:
    draft = draft_for_editor(request, pk)
    form = DismissForm(request.POST)
    uid = request.POST.get("measure", "")
    if form.is_valid():
        index = form.cleaned_data["index"]
        try:
            apply_change(
                draft,
                request.user,
                "dismiss",
                _("Warning accepted"),
                lambda d: docs.dismiss_warning(d, uid or None, index),
            )
        except docs.DocumentError:
            messages.error(request, _("That warning is no longer there."))
    return _back(draft, uid)


@login_required
@require_POST
def draft_executors(request: HttpRequest, pk: int) -> HttpResponse:
    draft = draft_for_editor(request, pk)
    form = executor_form(draft, request.POST)
    if form.is_valid():
        record_mapping(draft, request.user, _("Executors mapped"), form.mapping())
        messages.success(request, _("The executors are mapped."))
        return _back(draft, "executors")
    ctx = review_context(draft)
    ctx["executor_form"] = form
    return render(request, "plans/review.html", ctx, status=400)


@login_required
@require_POST
def draft_publish(request: HttpRequest, pk: int) -> HttpResponse:
    draft = draft_for_editor(request, pk)
    if needs_title(draft):
        messages.error(request, _("The plan has no title: enter it in the plan's details first."))
        return _back(draft)
    # the form asks "public?"; a request that did not ask gets the default (publish.py)
    public = "is_public" in request.POST if request.POST.get("public_asked") else None
    try:
        revision = publish_draft(draft, request.user, public=public)
    except PublishError as exc:
        messages.error(request, str(exc))
        return _back(draft)
    draft.changes.all().delete()  # a published draft cannot be undone: its history goes
    if revision.plan.is_public:
        messages.success(request, _("The plan is published and shown on the public pages."))
    else:
        messages.success(
            request, _("The plan is published for its members; the public pages do not show it.")
        )
    return redirect(revision.plan)


@login_required
@require_POST
def draft_discard(request: HttpRequest, pk: int) -> HttpResponse:
    draft = draft_for_editor(request, pk, ready=False)
    draft.status = DraftStatus.DISCARDED
    uploads.forget(draft)
    draft.save(update_fields=["status", "file", "file_sha256"])
    draft.changes.all().delete()
    messages.success(request, _("The import is discarded."))
    return redirect("plans:upload")
