"""The sentences and table headings every format shares, so the .docx, .xlsx and PDF say the
same thing in the same words (and one catalog entry translates all three)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from planwatch.formats import prose_date
from planwatch.monitoring.stats import Counts
from planwatch.plan_reports.dataset import MeasureRow, Note, ReportDataset, Summary


def _pct(value: int | None) -> str:
    return "—" if value is None else f"{value} %"


def about_line() -> str:
    return _("on the execution of the action plan")


def status_sentence(summary: Summary) -> str:
    parts = [f"{s.label.lower()} — {s.count}" for s in summary.statuses if s.count]
    return _("Measures in the plan: %(n)s; by status: %(parts)s.") % {
        "n": summary.measure_count,
        "parts": ", ".join(parts) or "—",
    }


def reports_sentence(totals: Counts) -> str:
    if not totals.expected:
        return _("No executors' reports were due for the period.")
    return _(
        "Executors' reports due for the period: %(e)s; received: %(r)s (completeness "
        "%(c)s), of them on time: %(t)s (%(tr)s); accepted: %(a)s."
    ) % {
        "e": totals.expected,
        "r": totals.received,
        "c": _pct(totals.completeness),
        "t": totals.on_time,
        "tr": _pct(totals.on_time_rate),
        "a": totals.accepted,
    }


def summary_sentences(dataset: ReportDataset) -> list[str]:
    s, made_on = dataset.summary, prose_date(dataset.heading.made_on)
    lines = [status_sentence(s), reports_sentence(s.totals)]
    if s.totals.overdue:
        lines.append(
            _("Reports not received by their due date as of %(date)s: %(n)s.")
            % {"date": made_on, "n": s.totals.overdue}
        )
    if s.overdue_measures:
        lines.append(
            _("Measures whose deadline has passed without execution: %(n)s (listed below).")
            % {"n": len(s.overdue_measures)}
        )
    else:
        lines.append(_("No measure has passed its deadline without execution."))
    return lines


def executor_headers() -> list[str]:
    return [
        _("Executor"),
        _("Reports due"),
        _("Received"),
        _("Completeness, %"),
        _("On time, %"),
    ]


def executor_row(c: Counts) -> list[str]:
    return [c.label, str(c.expected), str(c.received), _pct(c.completeness), _pct(c.on_time_rate)]


def executor_rows(summary: Summary) -> list[list[str]]:
    rows = [executor_row(c) for c in summary.by_executor]
    return [*rows, executor_row(summary.totals)] if len(rows) > 1 else rows


def note_head(note: Note) -> str:
    """ "Служба у справах дітей (III квартал 2025), виконується:" before the report's text."""
    who = f"{note.org} ({note.period_title})" if note.period_title else note.org
    return f"{who}, {note.outcome_label.lower()}:" if note.outcome_label else f"{who}:"


def missing_line(row: MeasureRow) -> str:
    return _("No report received in time from: %(orgs)s.") % {"orgs": ", ".join(row.missing)}


def no_report_line(row: MeasureRow) -> str:
    line = _("No accepted report for the period.")
    return f"{line} {missing_line(row)}" if row.missing else line


def made_on_line(dataset: ReportDataset) -> str:
    return _("Prepared in planwatch on %(date)s from the executors' accepted reports.") % {
        "date": prose_date(dataset.heading.made_on)
    }


def signature_captions() -> list[str]:
    return [_("(position)"), _("(signature)"), _("(name, SURNAME)")]


# ---- what the linked lower measures reported (dataset `MeasureRow.linked`, the roll-up) ----

LINKED_TITLE_CHARS = 160


def linked_heading() -> str:
    return _("Reported by the linked measures of lower plans:")


def linked_title(lower) -> str:
    """ "Служба … району (Районний план), захід 2: Забезпечити …" """
    text = lower.text if len(lower.text) <= LINKED_TITLE_CHARS else lower.text[:159] + "…"
    return _("%(org)s (%(plan)s), measure %(number)s: %(text)s") % {
        "org": lower.org,
        "plan": lower.plan_title,
        "number": lower.number,
        "text": text,
    }


def linked_figures(note) -> str:
    """ "Показники: охоплення: 85 %; витрачено 12,5 тис. грн" or ""."""
    parts = list(note.figures)
    if note.spent is not None:
        amount = format(note.spent.normalize(), "f").replace(".", ",")
        parts.append(_("spent %(amount)s thousand UAH") % {"amount": amount})
    return _("Figures: %(list)s") % {"list": "; ".join(parts)} if parts else ""


def linked_blocks(linked: list) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """(title, [(note head, text, figures)]) per linked lower measure; a measure without an
    accepted report for the period says so."""
    out = []
    for lower in linked:
        notes = [(note_head(n), n.narrative or "—", linked_figures(n)) for n in lower.notes]
        out.append((linked_title(lower), notes or [("", linked_none(), "")]))
    return out


def linked_none() -> str:
    return _("no accepted report for the period")


def linked_plain(linked: list) -> str:
    """The same as one text (the workbook's cell, the roll-up's tables)."""
    lines = []
    for title, notes in linked_blocks(linked):
        lines.append(title)
        for head, body, figures in notes:
            lines.append(f"  {head} {body}".rstrip() if head else f"  {body}")
            if figures:
                lines.append(f"  {figures}")
    return "\n".join(lines)
