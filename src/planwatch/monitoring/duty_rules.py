"""Reading a plan's reporting duties from its own words (no Django: the importer's CLI may use it).

A plan says who reports what and when in two places: the approving order above the table
("2. Службі у справах дітей … щороку до 10 січня забезпечити надання голові
облдержадміністрації … звіту про результати виконання плану заходів") and the monitoring
section's measures ("підготовка щорічного підсумкового звіту …" with the deadline
"щороку (до 10 січня)"; "виконавцям … щокварталу до 5 числа місяця, наступного за звітним").
Each such sentence is a *duty*: a kind, a frequency, a due rule and who owes it.

The rule, sentence by sentence:

- it must speak of a report, information on the plan's execution, or a working group's
  meetings, and name a recurrence ("щокварталу", "щопівроку", "щороку", "щомісяця",
  "щорічного") in its text or its deadline; a one-off ("I квартал 2019 року") is no duty;
- kind: a report to the head ("голові …") → ``annual_summary_to_head``; a summary
  ("підсумков…", "узагальн…", "зведен…") → ``coordinator_summary``; meetings of a working
  group → ``working_group_meeting``; executors' information → ``executor_reports``;
- due rule: "до 5 числа місяця, наступного за звітним" → ``day_of_next_month`` 5; "до 10 січня"
  → ``fixed_date`` 10/1 (the first such day after the period ends); "протягом 15 днів після"
  → ``days_after`` 15; nothing said → ``days_after`` 0 (by the period's end);
- duties that say the same (kind family, frequency, due rule) are one duty: the order's
  "report to the head by 10 January" and the measure "annual summary … до 10 січня" merge,
  keeping the more specific kind and both sentences.
"""

from __future__ import annotations

import re

from planwatch.importer.structure.meta import MONTHS  # one month table for every reader

DAYS_AFTER, FIXED_DATE, DAY_OF_NEXT_MONTH = "days_after", "fixed_date", "day_of_next_month"
EXECUTOR_REPORTS, COORDINATOR_SUMMARY = "executor_reports", "coordinator_summary"
SUMMARY_TO_HEAD, WORKING_GROUP = "annual_summary_to_head", "working_group_meeting"
QUARTERLY, HALF_YEARLY, ANNUAL, MONTHLY = "quarterly", "half_yearly", "annual", "monthly"

_FREQUENCY = (
    (MONTHLY, re.compile(r"щомісяч|щомісяц|кожного місяця|раз на місяць")),
    (QUARTERLY, re.compile(r"щокварт|кожного кварталу|раз на квартал")),
    (HALF_YEARLY, re.compile(r"щопів|раз на пів|кожного півріччя")),
    (ANNUAL, re.compile(r"щоро|щорічн|раз на рік|кожного року")),
)
_ABOUT = re.compile(r"звіт|інформ\w* про (?:стан|хід|результат)|засідан\w* \w*\s*робоч\w* груп")
_TO_HEAD = re.compile(r"\bголов[іиа]\b|керівнику")
_SUMMARY = re.compile(r"підсумков|узагальн|зведен")
_MEETING = re.compile(r"засідан\w* \w*\s*робоч\w* груп")
_NEXT_MONTH_DAY = re.compile(r"до\s+(\d{1,2})\s*(?:-?го\s+)?числа\s+(?:місяця,?\s+)?наступн")
_DATE = re.compile(r"до\s*(\d{1,2})\s*(" + "|".join(MONTHS) + r")")
_DAYS = re.compile(r"(?:протягом|упродовж|не пізніше)\s+(\d{1,3})\s+(?:календарних\s+)?дн")
_SENTENCE = re.compile(r"(?<=[.;])\s+(?=\d+[.)]\s|[А-ЯІЇЄҐ])")
# The dative that opens an order's paragraph ("Службі у справах дітей …") → who owes the duty.
_DATIVE = {
    "службі": "Служба",
    "відділу": "Відділ",
    "управлінню": "Управління",
    "департаменту": "Департамент",
    "центру": "Центр",
    "сектору": "Сектор",
}
_EXECUTORS = re.compile(r"^виконавц|^відповідальним виконавц")


def read_duties(preamble: list[str], measures: list[dict]) -> list[dict]:
    """Duty dicts found in the plan; ``measures`` are {"number", "text", "deadline",
    "executors"} with the deadline's text and the executors' cell as written."""
    found: list[dict] = []
    for text in preamble:
        for sentence in _SENTENCE.split(" ".join(str(text or "").split())):
            duty = read_sentence(sentence)
            if duty is not None:
                duty["responsible_name"] = _owner_of_paragraph(sentence)
                found.append(duty)
    for measure in measures:
        text = " ".join(str(measure.get("text") or "").split())
        deadline = " ".join(str(measure.get("deadline") or "").split())
        duty = read_sentence(text, deadline)
        if duty is not None:
            duty["responsible_name"] = _first_executor(measure.get("executors"))
            duty["measure_number"] = str(measure.get("number") or "")
            found.append(duty)
    return merge(found)


def read_sentence(text: str, deadline: str = "") -> dict | None:
    """One duty read from a sentence (and its deadline cell), or None if it states none."""
    folded = f"{text} {deadline}".casefold()
    if not _ABOUT.search(text.casefold()):
        return None
    frequency = next((f for f, rx in _FREQUENCY if rx.search(folded)), None)
    if frequency is None:
        return None
    source = f"{text} — {deadline}" if deadline else text
    return {
        "kind": _kind(text.casefold(), frequency),
        "frequency": frequency,
        **due_rule(folded),
        "source_text": source[:1000],
    }


def _kind(text: str, frequency: str) -> str:
    if _MEETING.search(text):
        return WORKING_GROUP
    if _TO_HEAD.search(text) and frequency == ANNUAL:
        return SUMMARY_TO_HEAD
    if _SUMMARY.search(text) or (_TO_HEAD.search(text)):
        return COORDINATOR_SUMMARY
    return EXECUTOR_REPORTS


def due_rule(folded: str) -> dict:
    """{"due_rule", "due_days", "due_day", "due_month"} the text states (see the top)."""
    rule = {"due_rule": DAYS_AFTER, "due_days": 0, "due_day": None, "due_month": None}
    if m := _NEXT_MONTH_DAY.search(folded):
        day = int(m.group(1))
        if 1 <= day <= 31:
            return {**rule, "due_rule": DAY_OF_NEXT_MONTH, "due_days": None, "due_day": day}
    if m := _DATE.search(folded):
        day, month = int(m.group(1)), MONTHS[m.group(2)]
        if 1 <= day <= 31:
            return {
                **rule,
                "due_rule": FIXED_DATE,
                "due_days": None,
                "due_day": day,
                "due_month": month,
            }
    if m := _DAYS.search(folded):
        return {**rule, "due_days": min(int(m.group(1)), 366)}
    return rule


def _owner_of_paragraph(sentence: str) -> str:
    """ "2. Службі у справах дітей облдержадміністрації (Родіна Р.В.) щороку …" → "Служба у
    справах дітей облдержадміністрації"; "" when the paragraph does not open with one."""
    body = re.sub(r"^\s*\d+[.)]\s*", "", sentence)
    words = body.split()
    if not words:
        return ""
    if _EXECUTORS.match(body.casefold()):
        return ""
    head = _DATIVE.get(words[0].casefold())
    if head is None:
        return ""
    rest = re.split(r"\s*\(|\s+(?:щокварт|щопів|щоро|щоміс|до\s+\d)", " ".join(words[1:]))[0]
    return f"{head} {rest}".strip()


def _first_executor(cell: object) -> str:
    text = " ".join(str(cell or "").split())
    return re.split(r"[,;:]", text)[0].strip()[:300]


def _family(kind: str) -> str:
    return "summary" if kind in (COORDINATOR_SUMMARY, SUMMARY_TO_HEAD) else kind


def merge(duties: list[dict]) -> list[dict]:
    """One duty for each (kind family, frequency, due rule); the more specific kind wins
    (a report to the head over a summary), sentences are joined, the first owner named stays."""
    out: dict[tuple, dict] = {}
    for duty in duties:
        key = (
            _family(duty["kind"]),
            duty["frequency"],
            duty["due_rule"],
            duty["due_days"],
            duty["due_day"],
            duty["due_month"],
        )
        kept = out.get(key)
        if kept is None:
            out[key] = dict(duty)
            continue
        if duty["kind"] == SUMMARY_TO_HEAD:
            kept["kind"] = SUMMARY_TO_HEAD
        if duty["source_text"] not in kept["source_text"]:
            kept["source_text"] = f"{kept['source_text']} · {duty['source_text']}"[:2000]
        kept["responsible_name"] = kept.get("responsible_name") or duty.get("responsible_name")
    return list(out.values())
