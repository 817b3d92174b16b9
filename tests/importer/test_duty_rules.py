"""The duty reader (Django-free): reporting sentences → kind, frequency, due rule, owner."""

import subprocess
import sys
from pathlib import Path

from planwatch.monitoring.duty_rules import read_duties, read_sentence


def test_quarterly_by_day_5_of_the_next_month_is_an_executors_duty():
    duty = read_sentence(
        "Виконавцям заходів щокварталу до 5 числа місяця, наступного за звітним, подавати "
        "службі у справах дітей інформацію про стан виконання плану."
    )
    assert duty["kind"] == "executor_reports"
    assert duty["frequency"] == "quarterly"
    assert (duty["due_rule"], duty["due_day"]) == ("day_of_next_month", 5)


def test_quarterly_with_the_day_in_brackets():
    duty = read_sentence(
        "інформування про хід виконання плану",
        "щокварталу (до 10 числа місяця, наступного за звітним кварталом)",
    )
    assert (duty["frequency"], duty["due_rule"], duty["due_day"]) == (
        "quarterly",
        "day_of_next_month",
        10,
    )


def test_half_yearly_within_days():
    duty = read_sentence(
        "Відділу освіти щопівроку протягом 15 днів після звітного періоду подавати звіт."
    )
    assert (duty["frequency"], duty["due_rule"], duty["due_days"]) == (
        "half_yearly",
        "days_after",
        15,
    )


def test_a_one_off_report_form_is_no_duty_and_money_every_year_is_no_report():
    assert read_sentence("розроблення форм квартального та річного звіту", "I квартал 2019") is None
    assert read_sentence("щороку передбачати кошти для фінансового забезпечення плану") is None


def test_the_order_and_the_measure_merge_into_one_report_to_the_head():
    order = (
        "1. Затвердити план заходів. 2. Службі у справах дітей облдержадміністрації "
        "(Родіна Р.В.) щороку до 10 січня забезпечити надання голові облдержадміністрації "
        "звіту про результати виконання плану заходів."
    )
    measure = {
        "number": "3)",
        "text": "підготовка щорічного підсумкового звіту про результати моніторингу",
        "deadline": "щороку (до 10січня)",
        "executors": "служба у справах дітей облдержадміністрації, департамент освіти",
    }
    duties = read_duties([order], [measure])
    assert len(duties) == 1
    duty = duties[0]
    assert duty["kind"] == "annual_summary_to_head"
    assert (duty["due_rule"], duty["due_day"], duty["due_month"]) == ("fixed_date", 10, 1)
    assert duty["responsible_name"] == "Служба у справах дітей облдержадміністрації"
    assert "підсумкового звіту" in duty["source_text"]


def test_working_group_meetings_each_quarter_by_the_quarters_end():
    measure = {
        "text": "проведення засідань міжвідомчої робочої групи",
        "deadline": "щокварталу",
        "executors": "керівник та члени міжвідомчої робочої групи",
    }
    (duty,) = read_duties([], [measure])
    assert (duty["kind"], duty["due_rule"], duty["due_days"]) == (
        "working_group_meeting",
        "days_after",
        0,
    )


def test_the_reader_needs_no_django():
    code = (
        "import sys; import planwatch.monitoring.duty_rules; "
        "assert 'django' not in sys.modules, 'django imported'"
    )
    subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        env={"PYTHONPATH": str(Path(__file__).parents[2] / "src")},
    )
