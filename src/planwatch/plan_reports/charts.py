"""The plan report's charts, drawn by the document toolkit (`planwatch.documents.charts`)
from a `ReportDataset`: status, executors' completeness, progress over periods, and the
indicators' and money's where the report has such figures."""

from __future__ import annotations

from planwatch.documents.charts import (
    executors_chart,
    indicators_chart,
    money_chart,
    progress_chart,
    status_chart,
)


def dataset_charts(dataset) -> dict[str, bytes]:
    """The charts of a plan report, keyed "status", "executors", "progress", and
    "indicators" / "money" where the report has such figures."""
    from django.utils.translation import gettext as _

    summary = dataset.summary
    counts = [(s.label, s.count, s.key) for s in summary.statuses]
    return {
        **figure_charts(getattr(dataset, "figures", None)),
        "status": status_chart(counts, _("Measures by status")),
        "executors": executors_chart(
            [(c.label, c.completeness) for c in summary.by_executor],
            _("Completeness of executors' reports, %"),
        ),
        "progress": progress_chart(
            [(c.label, c.completeness, c.on_time_rate) for c in summary.by_period],
            _("Progress over periods, %"),
            (_("Completeness"), _("On time")),
        ),
    }


def figure_charts(figures) -> dict[str, bytes]:
    """The indicator and money charts of a report's figures (only those with data)."""
    from django.utils.translation import gettext as _

    out = {}
    if figures is None:
        return out
    if figures.indicator_shares:
        out["indicators"] = indicators_chart(
            figures.indicator_shares, _("Share of the target reached, %")
        )
    if figures.money_bars:
        out["money"] = money_chart(
            figures.money_bars,
            _("Funding, thousand UAH"),
            (_("Planned"), _("Spent")),
        )
    return out
