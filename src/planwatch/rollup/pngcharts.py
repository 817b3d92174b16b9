"""Charts for the roll-up documents: PNG bytes from matplotlib (Agg, no display needed)."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from planwatch.monitoring.charts import COLORS  # noqa: E402

FONT = ["Times New Roman", "Liberation Serif", "DejaVu Serif"]


def _png(fig: Figure) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=150, bbox_inches="tight")
    plt.close(fig)
    return out.getvalue()


def _short(label: str, n: int = 42) -> str:
    return label if len(label) <= n else label[: n - 1] + "…"


def status_chart(rows: list[tuple[str, int, str]]) -> bytes:
    """Horizontal bars: [(label, count, status key)] — counts, not percentages."""
    with plt.rc_context({"font.family": "serif", "font.serif": FONT}):
        fig, ax = plt.subplots(figsize=(8, 0.45 * len(rows) + 0.8))
        labels = [r[0] for r in rows][::-1]
        values = [r[1] for r in rows][::-1]
        colors = [COLORS.get(r[2], "#1d4f91") for r in rows][::-1]
        bars = ax.barh(labels, values, color=colors)
        ax.bar_label(bars, padding=3)
        ax.set_xlabel("Кількість заходів")
        ax.spines[["top", "right"]].set_visible(False)
        ax.margins(x=0.12)
        return _png(fig)


def communities_chart(rows: list[tuple[str, int | None, int | None]]) -> bytes:
    """Per community: completeness and on-time rate, 0–100 % (no bar where not known)."""
    rows = rows[:40] or [("—", None, None)]
    with plt.rc_context({"font.family": "serif", "font.serif": FONT}):
        fig, ax = plt.subplots(figsize=(9, 0.42 * len(rows) + 1.0))
        y = list(range(len(rows)))[::-1]
        complete = [r[1] or 0 for r in rows]
        on_time = [r[2] or 0 for r in rows]
        ax.barh(
            [v + 0.2 for v in y], complete, height=0.4, color=COLORS["received"], label="Повнота"
        )
        ax.barh([v - 0.2 for v in y], on_time, height=0.4, color=COLORS["on_time"],
                label="Вчасно")  # fmt: skip
        ax.set_yticks(y, [_short(r[0]) for r in rows])
        ax.set_xlim(0, 100)
        ax.set_xlabel("%")
        ax.legend(loc="lower right", fontsize=8)
        ax.spines[["top", "right"]].set_visible(False)
        return _png(fig)
