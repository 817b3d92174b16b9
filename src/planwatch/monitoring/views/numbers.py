"""The report page's numbers: the form beside the narrative, and what was reported (read)."""

from __future__ import annotations

from planwatch.monitoring.indicators import indicators_of, progress, values_rows
from planwatch.monitoring.models import ExpectedReport, Indicator, ReportState, Spending
from planwatch.monitoring.numbers_form import NumbersForm

# the executor sees their own drafts' figures in the progress; others only handed-in ones
SEEN_STATES = (ReportState.SUBMITTED, ReportState.ACCEPTED)


def numbers_form(request, expected: ExpectedReport, current) -> NumbersForm:
    post = request.method == "POST"
    return NumbersForm(
        request.POST if post else None,
        indicators=indicators_of(expected),
        funding=expected.measure.funding,
        report=current,
    )


def numbers_context(expected: ExpectedReport, report) -> dict:
    """The measure's indicator progress (accepted and handed-in reports of every executor,
    up to this period) and this report's spending, for the page."""
    indicators = indicators_of(expected)
    ids = Indicator.objects.filter(measure_id=expected.measure_id).values("pk")  # a subquery:
    rows = values_rows(ids, states=SEEN_STATES, period_end=expected.period_end)  # always 1 query
    spent = list(Spending.objects.filter(report=report)) if report else []
    return {
        "indicator_progress": [progress(i, rows.get(i.pk, [])) for i in indicators],
        "spent": spent,
    }
