"""Open data of a plan's money and indicators (issue 18), beside `opendata.py`'s measures.

- `money.csv` / `money.json`: planned (the plan's amounts) against spent (accepted reports)
  per year and funding source, in тис. грн, decimal strings (never floats), share spent in %.
- `indicators.json`: each indicator of the current revision (unit, baseline, targets per year
  and by the plan's end, whether a coordinator confirmed it) with its values per period from
  accepted reports: the period's figure, the running total, the target and its share, the
  breakdown by category. Only accepted reports, as everywhere on the public pages.
Four queries whatever the plan's size.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from planwatch.monitoring.indicators import plain, plan_progress
from planwatch.monitoring.spending import UNIT, plan_money
from planwatch.plans.templatetags.planwatch import funding_label
from planwatch.public.opendata import safe_cell, stable_ids

MONEY_COLUMNS = [
    ("year", "Рік (порожньо: не зазначено)"),
    ("source", "Джерело фінансування (код)"),
    ("source_label", "Джерело фінансування"),
    ("planned", "Заплановано, тис. грн"),
    ("spent", "Витрачено (прийняті звіти), тис. грн"),
    ("share_spent", "Частка витраченого, %"),
]


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else plain(value)


def money_records(plan) -> list[dict]:
    money = plan_money(plan)
    return [
        {
            "year": r.year,
            "source": r.source,
            "source_label": funding_label(r.source),
            "planned": _dec(r.planned),
            "spent": _dec(r.spent),
            "share_spent": _dec(r.share),
        }
        for r in money.rows
        if not r.is_total
    ]


def money_csv(plan) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([name for name, _title in MONEY_COLUMNS])
    for row in money_records(plan):
        writer.writerow([safe_cell(row[name]) for name, _title in MONEY_COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def money_json(plan) -> bytes:
    body = {
        "plan_id": plan.pk,
        "unit": UNIT,
        "columns": dict(MONEY_COLUMNS),
        "records": money_records(plan),
    }
    return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")


def indicator_records(plan) -> list[dict]:
    uids = stable_ids(plan)
    out = []
    for p in plan_progress(plan):
        ind = p.indicator
        out.append(
            {
                "measure_uid": uids.get(ind.measure_id, ind.measure_id),
                "number": ind.measure.number,
                "indicator": ind.name,
                "unit": ind.unit,
                "kind": ind.kind,
                "baseline": _dec(ind.baseline_value),
                "baseline_year": ind.baseline_year,
                "targets_by_year": ind.yearly_targets,
                "target_by_plan_end": _dec(ind.end_target),
                "confirmed": ind.is_confirmed,
                "periods": [
                    {
                        "period": v.period,
                        "value": _dec(v.value),
                        "running_total": _dec(v.cumulative),
                        "target": _dec(v.target),
                        "share_of_target": _dec(v.share),
                        "categories": {k: plain(x) for k, x in v.categories.items()},
                    }
                    for v in p.periods
                ],
            }
        )
    return out


def indicators_json(plan) -> bytes:
    body = {
        "plan_id": plan.pk,
        "kinds": {
            "count": "кількість: значення періодів додаються до базового",
            "level": "рівень (відсоток): діє значення останнього періоду",
        },
        "records": indicator_records(plan),
    }
    return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")
