"""The roll-up documents' money and indicator sections (strings, always Ukrainian, as the
rest of the roll-up documents) and their chart; `rollup/figures.py` computes the figures."""

from __future__ import annotations

from planwatch.plan_reports.figures import num, pct
from planwatch.plans.templatetags.planwatch import FUNDING
from planwatch.rollup.data import Rollup

MONEY_HEADERS = [
    "Громада",
    "Рік",
    "Джерело фінансування",
    "Заплановано, тис. грн",
    "Витрачено, тис. грн",
    "Частка витраченого",
]
INDICATOR_HEADERS = [
    "Одиниця",
    "Показників",
    "Зі значеннями",
    "Як поєднано",
    "Базове значення",
    "Ціль на кінець планів",
    "Наростаючим підсумком",
    "% цілі",
]
MONEY_NOTE = (
    "Заплановано — суми планів (funding.amounts) на роки періоду, у тис. грн (гривні й мільйони "
    "перераховано); витрачено — за прийнятими звітами виконавців, період яких лежить у межах "
    "обраного. Суми додано точно (десяткові числа, без округлень) за громадами і загалом; "
    "витрати співвиконавців додаються."
)
INDICATOR_NOTE = (
    "Як поєднано: показники з однаковою одиницею виміру (кількість) підсумовано — базові "
    "значення, цілі і наростаючі підсумки на кінець періоду; у межах заходу з різних значень "
    "співвиконавців враховано найбільше. Відсотки не додаються і не усереднюються: наведено "
    "найменше і найбільше значення."
)


def _source(code: str) -> str:
    return "усі джерела" if code == "*" else str(FUNDING.get(code, code or "не зазначено"))


def money_rows(data: Rollup) -> list[list[str]]:
    """Per community, then "Усього": each year and source with the year's total row."""
    out = []
    blocks = [*data.community_money]
    if data.money is not None and not data.money.is_empty:
        blocks.append(("Усього", data.money))
    for name, money in blocks:
        for r in money.rows:
            year = str(r.year) if r.year else "не зазначено"
            out.append(
                [name, year, _source(r.source), num(r.planned, 3), num(r.spent, 3), pct(r.share)]
            )
    return out


def indicator_rows(data: Rollup) -> list[list[str]]:
    out = []
    for u in data.indicator_sums:
        if u.percent:
            spread = f"{num(u.low)}–{num(u.high)}" if u.low is not None else "—"
            tail = ["—", "—", spread, "—"]
        else:
            tail = [num(u.baseline), num(u.target), num(u.actual), pct(u.share)]
        how = "не додаються: найменше–найбільше" if u.percent else "підсумовано"
        out.append([u.unit, str(u.indicators), str(u.reported), how, *tail])
    return out


def money_chart(data: Rollup) -> tuple[str, bytes] | None:
    """Planned vs spent per community (all years and sources of the period)."""
    from planwatch.documents.charts import money_chart as draw

    bars = [(name, float(m.planned), float(m.spent)) for name, m in data.community_money]
    if not bars:
        return None
    png = draw(bars[:12], "", ("Заплановано", "Витрачено"))
    return ("Кошти за громадами: заплановано і витрачено, тис. грн", png)
