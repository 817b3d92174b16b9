"""Coverage matrix (+ .xlsx), a Strategy item's measures across plans, the review page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from planwatch.access import org_for_viewer, plan_for_editor
from planwatch.orgs.access import get_access
from planwatch.plans.models import Measure, Plan
from planwatch.strategy import crosswalk, jobs
from planwatch.strategy.coverage import coverage_matrix, document_for, matrix_xlsx
from planwatch.strategy.forms import CoverageForm, ReviewForm
from planwatch.strategy.models import Crosswalk, Source, StrategyDocument, StrategyItem

ITEM_MEASURES_LIMIT = 100


def _matrix_for(request: HttpRequest):
    form = CoverageForm(request.GET)
    if not form.is_valid():
        raise Http404("bad parameters")
    org = org_for_viewer(request, form.cleaned_data["org"])
    document = document_for(form.cleaned_data["doc"])
    return coverage_matrix(org, document, timezone.localdate())


@login_required
@require_GET
def coverage(request: HttpRequest) -> HttpResponse:
    matrix = _matrix_for(request)
    ctx = {
        "matrix": matrix,
        "documents": list(StrategyDocument.objects.all()),
        "orgs": list(get_access(request).visible_orgs().filter(kind__in=ORG_LEVELS)[:200]),
    }
    return render(request, "strategy/coverage.html", ctx)


ORG_LEVELS = ("oblast", "district", "community")


@login_required
@require_GET
def coverage_xlsx(request: HttpRequest) -> HttpResponse:
    matrix = _matrix_for(request)
    response = HttpResponse(
        matrix_xlsx(matrix),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"coverage-{matrix.document.code}-{matrix.org.pk}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def item(request: HttpRequest, pk: int) -> HttpResponse:
    """What plans the user can see do for one Strategy item."""
    strategy_item = get_object_or_404(
        StrategyItem.objects.select_related("document", "parent"), pk=pk
    )
    visible = Plan.objects.visible_to(get_access(request))
    item_ids = [strategy_item.pk, *strategy_item.children.values_list("pk", flat=True)]
    links = list(
        Crosswalk.objects.firm()
        .filter(
            item_id__in=item_ids,
            measure__revision__is_current=True,
            measure__revision__plan__in=visible,
        )
        .select_related("measure__revision__plan__owner")
        .order_by("measure__revision__plan__owner__path", "measure__position")[:ITEM_MEASURES_LIMIT]
    )
    ctx = {"item": strategy_item, "links": links, "limit": ITEM_MEASURES_LIMIT}
    return render(request, "strategy/item.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """Accept or change the suggested Strategy items of a plan's measures, many at a time."""
    plan = plan_for_editor(request, plan_pk)
    if plan.current_revision is None:
        raise Http404("the plan has no text yet")
    document = document_for(request.GET.get("doc"))
    show_all = request.GET.get("show") == "all"
    goals = list(StrategyItem.objects.of(document).matrix_rows().select_related("parent"))
    measures = list(Measure.objects.filter(revision=plan.current_revision).order_by("position"))
    links = _links_by_measure(plan, document)
    if not show_all:  # still open: no firm link, and not "nothing fits" already
        measures = [m for m in measures if _is_open(links[m.pk])]
    fits = {m.pk: crosswalk.fit_of(_best(links[m.pk])) for m in measures}
    initial = {m.pk: _default_choice(links[m.pk], fits[m.pk]) for m in measures}
    choices = [(g.pk, f"{g.number}. {g.title[:110]}") for g in goals]
    suggested = {
        m.pk: [
            (link.item_id, f"{link.item.number} · {link.score:.2f} — {link.item.title[:90]}")
            for link in links[m.pk]["suggested"]
        ]
        for m in measures
    }
    form = ReviewForm(
        request.POST or None,
        measures=measures,
        choices=choices,
        initial_items=initial,
        initial_accept={m.pk for m in measures if fits[m.pk] == crosswalk.Fit.GOOD},
        suggested=suggested,
    )
    bulk = request.POST.get("bulk") if request.method == "POST" else None
    if bulk in ReviewForm.BULK_CHOICES or (request.method == "POST" and form.is_valid()):
        if bulk in ReviewForm.BULK_CHOICES:
            # One button for many rows: the best suggestion of every row that fits well
            # ("good"), or of every row with a pre-chosen one ("suggested": also those to
            # check). Rows where no goal fits well are never confirmed in bulk.
            wanted = (crosswalk.Fit.GOOD,) if bulk == "good" else crosswalk.PRECHOSEN
            decisions = {m.pk: _best(links[m.pk]).item_id for m in measures if fits[m.pk] in wanted}
            rejections = []
        else:
            decisions = form.decisions()
            rejections = form.rejections()
        items = StrategyItem.objects.of(document).in_bulk(set(decisions.values()))
        by_pk = {m.pk: m for m in measures}
        with transaction.atomic():
            for measure_pk, item_pk in decisions.items():
                crosswalk.confirm(by_pk[measure_pk], items[item_pk], request.user)
            for measure_pk in rejections:
                crosswalk.reject_suggestions(by_pk[measure_pk], document, request.user)
        messages.success(
            request,
            _("%(n)d links confirmed, %(r)d measures marked as fitting no suggestion.")
            % {"n": len(decisions), "r": len(rejections)},
        )
        return redirect(request.get_full_path())
    rows = [
        {
            "measure": m,
            "links": links[m.pk],
            "accept": form[f"accept_{m.pk}"],
            "choice": form[f"item_{m.pk}"],
            "fit": fits[m.pk],
        }
        for m in measures
    ]
    suggested = any(f is not None for f in fits.values())
    ctx = {
        "plan": plan,
        "document": document,
        "rows": rows,
        "form": form,
        "show_all": show_all,
        "any_good": crosswalk.Fit.GOOD in fits.values(),
        "any_review": crosswalk.Fit.REVIEW in fits.values(),
        "suggested": suggested,
        "preparing": not suggested and _preparing(plan),
    }
    return render(request, "strategy/review.html", ctx)


def _links_by_measure(plan: Plan, document: StrategyDocument) -> dict:
    out: dict = {}
    rows = (
        Crosswalk.objects.filter(measure__revision=plan.current_revision, item__document=document)
        .select_related("item__parent")
        .order_by("rank", "-score")
    )
    for link in rows:
        entry = out.setdefault(link.measure_id, _empty_links())
        entry[_LINK_GROUP.get(link.source, "firm")].append(link)
    return _DefaultLinks(out)


_LINK_GROUP = {Source.SUGGESTED: "suggested", Source.REJECTED: "rejected"}


def _empty_links() -> dict:
    return {"firm": [], "suggested": [], "rejected": []}


def _is_open(entry: dict) -> bool:
    return not entry["firm"] and not (entry["rejected"] and not entry["suggested"])


class _DefaultLinks(dict):
    def __missing__(self, key):
        return _empty_links()


def _preparing(plan: Plan) -> bool:
    return jobs.job_state(plan.current_revision)[0] == "queued"


def _best(entry: dict):
    return entry["suggested"][0] if entry["suggested"] else None


def _default_choice(entry: dict, fit: str | None) -> int | None:
    """The item shown chosen: a firm link's goal (a task shows as its goal), else the best
    suggestion unless no goal fits well (then a person picks; the candidates are shown)."""
    if entry["firm"]:
        return entry["firm"][0].item.row_item_id
    if entry["suggested"] and fit != crosswalk.Fit.NONE:
        return entry["suggested"][0].item_id
    return None
