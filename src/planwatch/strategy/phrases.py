"""How local plans word each operational goal: hand-written phrasings the suggester reads
beside the goal's title and its tasks' titles.

Why: a goal's title and tasks are written in the Strategy's words ("Забезпечення належного
рівня фінансування…"), a community writes "подати грантову заявку" or "передбачити кошти в
бюджеті громади". Examples from other plans close that gap only once such plans are linked;
the phrasings do it on the first day. Written from the goals' definitions, never from a plan
we measure on (strategy/README.md, "Goal phrasings"). Pure Python, no Django.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

# StrategyDocument.code → the file of its operational goals' phrasings (by canonical number)
FILES = {"strategy-2024-2028": "goal_phrases_2024.json"}


@cache
def goal_phrases(code: str) -> dict[str, tuple[str, ...]]:
    """{"1.1": ("…", …), …} for the Strategy document `code`; {} for one without phrasings."""
    name = FILES.get(code)
    if name is None:
        return {}
    data = json.loads((Path(__file__).with_name(name)).read_text(encoding="utf-8"))
    return {number: tuple(phrases) for number, phrases in data["goals"].items()}
