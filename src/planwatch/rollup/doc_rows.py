"""What every format of the roll-up document shows, as rows of strings and numbers: the
title, the summary per community, the overdue measures, indicator targets sharing a unit,
the charts. Always Ukrainian (the document goes up to the head of the body whatever the
clerk's interface language). The .docx, .xlsx and PDF writers (`doc_docx`, `doc_xlsx`,
`doc_pdf`) read these and nothing else of the `Rollup`'s layout."""

from __future__ import annotations

from django.utils.translation import gettext as _

from planwatch.formats import prose_date
from planwatch.rollup.data import Figures, Rollup
from planwatch.rollup.doc_figures import money_chart

STATUS_TITLES = {
    "done": "Виконано",
    "in_progress": "Виконується",
    "not_done": "Не виконано",
    "postponed": "Перенесено",
    "obsolete": "Втратив актуальність",
    "no_data": "Немає прийнятого звіту",
}


def title_lines(data: Rollup) -> tuple[str, str]:
    return (
        "Зведена інформація про стан виконання планів заходів",
        f"{data.org_name}, {data.period.title} (станом на {prose_date(data.today, 'uk')})",
    )


SUMMARY_HEADERS = [
    "Громада / план",
    "Заходів",
    *STATUS_TITLES.values(),
    "Прострочені заходи",
    "Звітів отримано / очікувано",
    "Повнота, %",
    "Вчасно, %",
    "Прострочені звіти",
]


def pct(value: int | None) -> str:
    return "—" if value is None else f"{value}%"


def figure_cells(f: Figures) -> list:
    rep = f.reports
    return [
        f.measures,
        *(n for _k, n in f.status_list()),
        f.overdue_measures,
        f"{rep.received} / {rep.expected}",
        pct(rep.completeness),
        pct(rep.on_time_rate),
        rep.overdue,
    ]


def summary_rows(data: Rollup) -> list[tuple[str, list, str]]:
    """(kind, cells, label) rows: "community", "plan" or "total"."""
    rows = []
    for c in data.communities:
        rows.append(("community", [c.name, *figure_cells(c.figures)], c.name))
        for p in c.plans:
            rows.append(("plan", [f"   {p.title}", *figure_cells(p.figures)], p.title))
    rows.append(("total", ["Разом", *figure_cells(data.totals)], "Разом"))
    return rows


OVERDUE_HEADERS = ["№", "Громада", "План", "Захід", "Строк", "Стан"]


def overdue_rows(data: Rollup) -> list[list[str]]:
    return [
        [str(i), o.community, o.plan_title, f"{o.number} {o.text}".strip(), o.deadline_text,
         STATUS_TITLES.get(o.status, o.status_label)]
        for i, o in enumerate(data.overdue, 1)
    ]  # fmt: skip


UNIT_HEADERS = ["Одиниця", "Цілей", "Сума цілей", "Звітовано", "Сума звітованого"]


def unit_rows(data: Rollup) -> list[list]:
    return [
        [u.unit, u.targets, _num(u.target_sum), u.reported, _num(u.reported_sum)]
        for u in data.unit_sums
    ]


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(x, 2)


def chart_images(data: Rollup) -> list[tuple[str, bytes]]:
    """(caption, PNG) of the charts section: drawn by the toolkit (`documents.charts`)."""
    from planwatch.documents import charts

    statuses = [(STATUS_TITLES[k], n, k) for k, n in data.totals.status_list()]
    communities = [
        (c.name, c.figures.reports.completeness, c.figures.reports.on_time_rate)
        for c in data.communities
    ]
    money = money_chart(data)
    return [
        (
            "Заходи за станом виконання (кількість)",
            charts.status_chart(statuses, xlabel="Кількість заходів", width=8),
        ),
        (
            "Повнота і вчасність звітів за громадами, %",
            charts.pair_chart(communities, legend=("Повнота", "Вчасно"), width=9),
        ),
        *([money] if money else []),
    ]


# ---- what the linked lower measures reported (`Rollup.linked`, filled by `add_linked`) ----


def linked_heading(data: Rollup) -> str:
    """Section 7, whichever of 4 and 6 (only with data) come before it."""
    return "7. " + _("Linked measures of lower plans: what they reported")


def linked_note() -> str:
    return _(
        "Accepted reports of the period only, on the measures of lower plans whose link to a "
        "measure of the body's own plan has been confirmed."
    )


def linked_headers() -> list[str]:
    return [_("Measure of the plan"), _("Linked measure of a lower plan"), _("What it reported")]


def linked_rows(data: Rollup) -> list[list[str]]:
    """One row per linked lower measure; the upper measure's cell only on its first row."""
    from planwatch.plan_reports import text

    rows = []
    for upper in data.linked:
        head = f"{upper.number} {upper.text}".strip() + f" ({upper.plan_title})"
        for i, lower in enumerate(upper.lower):
            ((title, notes),) = text.linked_blocks([lower])
            lines = []
            for note_head, body, figures in notes:
                lines.append(f"{note_head} {body}".strip())
                lines += [figures] if figures else []
            rows.append([head if i == 0 else "", title, "\n".join(lines)])
    return rows
