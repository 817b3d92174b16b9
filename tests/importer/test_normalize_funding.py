"""Funding cells: every distinct funding text of the shared samples, plus forms built by hand."""

import pytest

from planwatch.importer.normalize import parse_funding

SAMPLE_FUNDING = [
    ("позабюджетні кошти", ["extra_budgetary"]),
    (
        "державний бюджет Місцевий бюджет, позабюджетні кошти",
        ["state_budget", "local_budget", "extra_budgetary"],
    ),
    ("Місцевий бюджет, позабюджетні кошти", ["local_budget", "extra_budgetary"]),
    ("Місцевий бюджет", ["local_budget"]),
    (
        "державний та Місцевий бюджет, позабюджетні кошти",
        ["state_budget", "local_budget", "extra_budgetary"],
    ),
    ("Місцевий бюджет, кошти неурядових організацій", ["local_budget", "ngo"]),
    ("місцевий бюджет, позабюджетні кошти", ["local_budget", "extra_budgetary"]),
    (
        "Державний та місцеві бюджети, позабюджетні кошти",
        ["state_budget", "local_budget", "extra_budgetary"],
    ),
    ("Місцеві бюджети", ["local_budget"]),
    ("В межах кошторисних призначень, кошти неурядових організацій", ["within_estimates", "ngo"]),
    ("кошти неурядових організацій", ["ngo"]),
    (
        "державний та місцеві бюджети, позабюджетні кошти",
        ["state_budget", "local_budget", "extra_budgetary"],
    ),
    (
        "Державний та місцеві бюджети, кошти неурядових організацій",
        ["state_budget", "local_budget", "ngo"],
    ),
    ("Кошти неурядових організацій", ["ngo"]),
    ("Місцеві бюджети, кошти неурядових організацій", ["local_budget", "ngo"]),
    ("місцеві бюджети, позабюджетні кошти", ["local_budget", "extra_budgetary"]),
    ("місцеві бюджети", ["local_budget"]),
]

CONSTRUCTED = [
    ("державний бюджет", ["state_budget"]),
    ("кошти державного бюджету", ["state_budget"]),
    ("освітня субвенція з державного бюджету", ["state_budget"]),
    ("обласний бюджет", ["oblast_budget"]),
    ("районний бюджет", ["district_budget"]),
    ("обласний, районні бюджети", ["oblast_budget", "district_budget"]),
    ("сільський бюджет", ["local_budget"]),
    ("міський бюджет", ["local_budget"]),
    ("селищний бюджет, позабюджетні кошти", ["local_budget", "extra_budgetary"]),
    ("бюджет громади", ["local_budget"]),
    ("бюджет Калуської міської територіальної громади", ["local_budget"]),
    ("Бюджет ОТГ", ["local_budget"]),
    ("кошти міжнародних організацій/донорів", ["international"]),
    ("кошти міжнародної технічної допомоги", ["international"]),
    ("не потребує фінансування", ["not_required"]),
    ("Фінансування не потребує", ["not_required"]),
    ("в межах кошторису", ["within_estimates"]),
    ("В межах бюджетних призначень", ["within_estimates"]),
    ("в межах коштів, передбачених на утримання", ["within_estimates"]),
    ("інші джерела, не заборонені законодавством", ["other"]),
    (
        "державний, місцеві бюджети, кошти міжнародних донорів, інші джерела",
        ["state_budget", "local_budget", "international", "other"],
    ),
    ("кошти ГО «Право на захист»", ["ngo"]),
    ("благодійні внески", ["ngo"]),
    ("позабюджетні кошти, місцевий бюджет", ["extra_budgetary", "local_budget"]),
    ("Державний\u00a0бюджет;\nмісцевий бюджет", ["state_budget", "local_budget"]),
    ("бюджет обласної ради", ["oblast_budget"]),
    ("кошти районної ради", ["district_budget"]),
    ("кошти Піщанської сільської ради", ["local_budget"]),
    ("кошти громади", ["local_budget"]),
    ("кошти громадських організацій", ["ngo"]),
    ("ДБ, ОБ, МБ, ін. джерела", ["state_budget", "oblast_budget", "local_budget", "other"]),
    ("Кошти державного та місцевих бюджетів", ["state_budget", "local_budget"]),
    ("за рахунок коштів обласного бюджету", ["oblast_budget"]),
]


@pytest.mark.parametrize("text,sources", SAMPLE_FUNDING + CONSTRUCTED)
def test_funding_sources_in_cell_order(text, sources):
    assert parse_funding(text)["sources"] == sources


def test_an_unknown_source_is_warned_about():
    value = parse_funding("кошти з невідомого джерела")
    assert value["sources"] == [] and value["warnings"]


def test_an_empty_cell_has_no_sources_and_no_warning():
    assert parse_funding("") == {"sources": [], "warnings": []}
