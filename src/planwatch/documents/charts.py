"""Charts for the documents: PNG bytes drawn with matplotlib's Agg backend (no display).

Inputs are plain lists of (label, figures): the plan report (`reports/charts.py`) and the
roll-up (`rollup/doc_rows.py`) draw the same charts from their own figures.
Statuses are counted (bars of measures), never turned into a percentage of "doneness".
Colours are the dashboard's (monitoring/charts.py), so a printout matches the screen.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["font.family"] = ["DejaVu Sans", "Liberation Sans", "sans-serif"]

from matplotlib.figure import Figure  # noqa: E402 - the backend must be chosen first

from planwatch.monitoring.charts import COLORS  # noqa: E402

DPI = 150
WIDTH_IN = 5.2  # two charts side by side on a landscape A4 page


def _figure(height: float, width: float = WIDTH_IN) -> tuple[Figure, object]:
    fig = Figure(figsize=(width, height), dpi=DPI)
    ax = fig.add_subplot()
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=8)
    return fig, ax


def _png(fig: Figure) -> bytes:
    """The figure as an opaque RGB PNG: the same pixels as `savefig` on white, without the
    alpha channel that WeasyPrint would split off and re-compress as a separate mask."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    # Margins are set by hand (`_margins`): bbox_inches="tight" costs a second drawing.
    fig.set_facecolor("white")
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    rgba = Image.frombuffer(
        "RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1
    )
    out = io.BytesIO()
    rgba.convert("RGB").save(out, format="PNG", dpi=(DPI, DPI))
    return out.getvalue()


def _margins(fig: Figure, labels: list[str], size: float, bottom: float = 0.6) -> None:
    """Room for the longest y label (DejaVu Sans: ≈0.68 em per Cyrillic character) and the title, in inches."""
    width, height = fig.get_size_inches()
    left = min(0.62, (max(map(len, labels), default=4) * size * 0.68 / 72 + 0.12) / width)
    fig.subplots_adjust(left=left, right=0.95, top=1 - 0.45 / height, bottom=bottom / height)


def _short(label: str, limit: int = 38) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def status_chart(
    counts: list[tuple[str, int, str]], title: str = "", xlabel: str = "", width: float = WIDTH_IN
) -> bytes:
    """Measures by status: [(label, count, colour key)] as horizontal bars with counts; a
    page-wide document (the roll-up) draws it `width` inches wide."""
    fig, ax = _figure(0.45 * max(len(counts), 1) + 0.8, width)
    labels = [_short(label) for label, _n, _c in counts][::-1]
    values = [n for _l, n, _c in counts][::-1]
    colors = [COLORS.get(c, "#8a94a0") for _l, _n, c in counts][::-1]
    bars = ax.barh(labels, values, color=colors, height=0.6)
    ax.bar_label(bars, padding=3, fontsize=8)
    ax.set_xlim(0, max(values + [1]) * 1.15)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_title(title, fontsize=10, loc="left")
    if xlabel:
        ax.set_xlabel(xlabel, fontsize=8)
    _margins(fig, labels, 8, bottom=0.6 if xlabel else 0.35)
    return _png(fig)


def executors_chart(rows: list[tuple[str, int | None]], title: str = "") -> bytes:
    """Completeness by executor, %: [(organisation, completeness or None)]; None is "—"."""
    rows = rows[:20]
    fig, ax = _figure(0.32 * max(len(rows), 1) + 0.8)
    labels = [_short(label, 44) for label, _v in rows][::-1]
    values = [v or 0 for _l, v in rows][::-1]
    bars = ax.barh(labels, values, color=COLORS["received"], height=0.6)
    texts = [("—" if v is None else f"{v} %") for _l, v in rows][::-1]
    ax.bar_label(bars, labels=texts, padding=3, fontsize=7)
    ax.set_xlim(0, 115)
    ax.set_xlabel("%", fontsize=8)
    ax.tick_params(axis="y", labelsize=7)
    ax.set_title(title, fontsize=10, loc="left")
    _margins(fig, labels, 7, bottom=0.5)
    return _png(fig)


def progress_chart(
    rows: list[tuple[str, int | None, int | None]], title: str = "", legend=("", "")
) -> bytes:
    """Completeness and on-time rate per period: [(period label, completeness, on time)]."""
    fig, ax = _figure(2.4)
    xs = range(len(rows))
    width = 0.38
    done = [c or 0 for _l, c, _t in rows]
    on_time = [t or 0 for _l, _c, t in rows]
    ax.bar([x - width / 2 for x in xs], done, width, color=COLORS["received"], label=legend[0])
    ax.bar([x + width / 2 for x in xs], on_time, width, color=COLORS["on_time"], label=legend[1])
    ax.set_xticks(list(xs), [label for label, _c, _t in rows], rotation=45, ha="right")
    ax.set_ylim(0, 105)
    ax.set_ylabel("%", fontsize=8)
    if any(legend):
        ax.legend(fontsize=7, frameon=False, loc="lower right", bbox_to_anchor=(1, 1), ncols=2)
    ax.set_title(title, fontsize=10, loc="left", pad=14)
    _margins(fig, ["100"], 8, bottom=0.75)
    return _png(fig)


def money_chart(bars: list[tuple[str, float, float]], title: str = "", legend=("", "")) -> bytes:
    """Planned against spent per year: [(year, planned, spent)] (floats only for drawing; the
    tables print the exact Decimal figures)."""
    fig, ax = _figure(2.2)
    xs = range(len(bars))
    width = 0.38
    planned = [p for _l, p, _s in bars]
    spent = [s for _l, _p, s in bars]
    ax.bar([x - width / 2 for x in xs], planned, width, color=COLORS["received"], label=legend[0])
    ax.bar([x + width / 2 for x in xs], spent, width, color=COLORS["on_time"], label=legend[1])
    ax.set_xticks(list(xs), [label for label, _p, _s in bars])
    ax.set_xlim(-0.8, max(len(bars), 2) - 0.2)  # one year: two slim bars, not the whole width
    if any(legend):
        ax.legend(fontsize=7, frameon=False, loc="lower right", bbox_to_anchor=(1, 1), ncols=2)
    ax.set_title(title, fontsize=10, loc="left", pad=14)
    _margins(fig, ["100000"], 8, bottom=0.45)
    return _png(fig)


def indicators_chart(rows: list[tuple[str, float]], title: str = "") -> bytes:
    """Share of the target reached per indicator, %: [(label, share)]; bars stop at 150."""
    rows = rows[:15]
    fig, ax = _figure(0.32 * max(len(rows), 1) + 0.8)
    labels = [_short(label, 44) for label, _v in rows][::-1]
    values = [min(v, 150) for _l, v in rows][::-1]
    bars = ax.barh(labels, values, color=COLORS["received"], height=0.6)
    texts = [f"{v:.1f} %".replace(".", ",") for _l, v in rows][::-1]
    ax.bar_label(bars, labels=texts, padding=3, fontsize=7)
    ax.axvline(100, color="#444", linewidth=0.8, linestyle="--")
    ax.set_xlim(0, 170)
    ax.set_xlabel("%", fontsize=8)
    ax.tick_params(axis="y", labelsize=7)
    ax.set_title(title, fontsize=10, loc="left")
    _margins(fig, labels, 7, bottom=0.5)
    return _png(fig)


def pair_chart(
    rows: list[tuple[str, int | None, int | None]],
    title: str = "",
    legend=("", ""),
    width: float = WIDTH_IN,
) -> bytes:
    """Two rates per label as horizontal bars, 0–100 %: [(label, completeness, on time)]
    (no bar where a rate is not known); at most 40 labels."""
    rows = rows[:40] or [("—", None, None)]
    fig, ax = _figure(0.42 * len(rows) + 1.0, width)
    ys = list(range(len(rows)))[::-1]
    first = [a or 0 for _l, a, _b in rows]
    second = [b or 0 for _l, _a, b in rows]
    ax.barh([y + 0.2 for y in ys], first, 0.4, color=COLORS["received"], label=legend[0])
    ax.barh([y - 0.2 for y in ys], second, 0.4, color=COLORS["on_time"], label=legend[1])
    labels = [_short(label, 44) for label, _a, _b in rows]
    ax.set_yticks(ys, labels)
    ax.set_xlim(0, 100)
    ax.set_xlabel("%", fontsize=8)
    ax.tick_params(axis="y", labelsize=7)
    if any(legend):
        ax.legend(fontsize=7, frameon=False, loc="lower right", bbox_to_anchor=(1, 1), ncols=2)
    ax.set_title(title, fontsize=10, loc="left", pad=14)
    _margins(fig, labels, 7, bottom=0.5)
    return _png(fig)
