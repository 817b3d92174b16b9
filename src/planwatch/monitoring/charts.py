"""Server-rendered SVG charts: no JavaScript, no CDN. Every chart has a table beside it in
the template, which is also what screen readers and printouts use."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

COLORS = {
    "done": "#1e7b34",
    "in_progress": "#1d4f91",
    "not_done": "#b3261e",
    "postponed": "#c98a00",
    "obsolete": "#8a94a0",
    "no_data": "#d8dde3",
    "overdue": "#b3261e",
    "received": "#1d4f91",
    "on_time": "#f6c800",
}


def hbars(
    rows: list[tuple[str, int | None, str]], *, unit: str = "%", scale: int = 100
) -> SafeString:
    """Horizontal bars with their labels: [(label, value, color key)]; None is drawn as "—"."""
    bar_h, gap, label_w, width = 18, 8, 190, 260
    height = max(1, len(rows)) * (bar_h + gap)
    scale = max(scale, 1)
    parts = []
    for i, (label, value, color) in enumerate(rows):
        y = i * (bar_h + gap)
        w = 0 if value is None else round(width * min(value, scale) / scale)
        text = "—" if value is None else f"{value}{unit}"
        short = label if len(label) <= 27 else label[:26] + "…"
        parts.append(
            format_html(
                '<g><title>{}: {}</title><text x="0" y="{}" font-size="11" fill="#3b4450">{}'
                '</text><rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="#eef1f5"/>'
                '<rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="{}"/>'
                '<text x="{}" y="{}" font-size="12" fill="#1b1f24">{}</text></g>',
                label, text, y + 13, short, label_w, y, width, bar_h, label_w, y, w, bar_h,
                COLORS.get(color, color), label_w + width + 6, y + 13, text,
            )
        )  # fmt: skip
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}">{}</svg>',
        label_w + width + 50, height, ", ".join(str(r[0]) for r in rows),
        mark_safe("".join(parts)),
    )  # fmt: skip


def columns(periods: list[tuple[str, int | None, int | None]]) -> SafeString:
    """Grouped columns per period: completeness (blue) and on-time rate (yellow), 0–100 %."""
    col_w, group_gap, top, plot_h = 16, 28, 10, 120
    group_w = 2 * col_w + group_gap
    width = max(1, len(periods)) * group_w + 40
    parts = [
        format_html(
            '<line x1="30" x2="{}" y1="{}" y2="{}" stroke="#d8dde3"/>'
            '<text x="0" y="{}" font-size="10" fill="#5b6470">{}%</text>',
            width,
            top + plot_h * (1 - f / 100),
            top + plot_h * (1 - f / 100),
            top + plot_h * (1 - f / 100) + 3,
            f,
        )
        for f in (0, 50, 100)
    ]
    for i, (label, complete, on_time) in enumerate(periods):
        x = 34 + i * group_w
        series = ((complete, "received", _("reports received")), (on_time, "on_time", _("on time")))
        for j, (value, color, name) in enumerate(series):
            h = 0 if value is None else plot_h * value / 100
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{} · {}: {}</title></rect>',
                    x + j * col_w,
                    top + plot_h - h,
                    col_w - 2,
                    h,
                    COLORS[color],
                    label,
                    name,
                    "—" if value is None else f"{value}%",
                )
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="10" fill="#5b6470" text-anchor="middle">{}</text>',
                x + col_w,
                top + plot_h + 14,
                label,
            )
        )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}">{}</svg>',
        width,
        top + plot_h + 22,
        _("Reports received and handed in on time, by period"),
        format_html_join("", "{}", ((p,) for p in parts)),
    )
