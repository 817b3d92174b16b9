"""Organisation resolution: spellings of one body in a plan share an id, different bodies don't."""

from planwatch.importer.normalize import normalize_plan
from planwatch.importer.normalize.organizations import resolve_organizations
from tests.importer.samples import gold


def plan_from_gold(num: str) -> dict:
    data = gold(num)
    start, end = data["plan"]["period"]
    measures = [
        {
            "number": m["number"],
            "text": m["text"],
            **{k: {"text": m.get(k) or ""} for k in ("deadline", "funding", "executors")},
            "indicator": {"text": m.get("indicator") or ""},
            "warnings": [],
        }
        for m in data["measures"]
    ]
    return {
        "period": {"start": start, "end": end},
        "nodes": [{"kind": "task", "children": [], "measures": measures}],
    }


def ids_by_name(plan: dict) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for measure in plan["nodes"][0]["measures"]:
        for entry in measure["executors"]["organizations"]:
            out.setdefault(entry["name"].casefold(), set()).add(entry["id"])
    return out


def one_id(ids: dict[str, set[str]], *names: str) -> str:
    found = set().union(*(ids[n.casefold()] for n in names))
    assert len(found) == 1, (names, found)
    return found.pop()


def resolve(*cells: list[str]) -> list[list[dict]]:
    lists = [[{"name": n, "kind": "other", "by_consent": False} for n in cell] for cell in cells]
    resolve_organizations(lists)
    return lists


def test_village_plan_collapses_spellings_and_keeps_departments_apart():
    plan = plan_from_gold("000")
    normalize_plan(plan)
    ids = ids_by_name(plan)
    ssd = one_id(ids, "служба у справах дітей")
    oms = one_id(
        ids,
        "органу місцевого самоврядування",
        "орган місцевого самоврядування",
        "органи місцевого самоврядування",
    )
    social = one_id(ids, "відділ соціальної політики", "Відділ соціальної політики")
    education = one_id(ids, "відділ освіти")
    assert len({ssd, oms, social, education}) == 4
    orgs = {o["id"]: o for o in plan["organizations"]}
    assert orgs[ssd]["kind"] == "service" and orgs[ssd]["count"] == 64
    assert orgs[oms]["kind"] == "council"


def test_city_plan_keeps_each_city_body_apart():
    plan = plan_from_gold("001")
    normalize_plan(plan)
    ids = ids_by_name(plan)
    bodies = [
        "Служба у справах дітей Калуської міської ради",
        "Калуський міський центр соціальних служб",
        "Управління освіти Калуської міської ради",
        "Управління соціального захисту населення Калуської міської ради",
        "Управління культури, національностей та релігії Калуської міської ради",
        "Управління молоді та спорту Калуської міської ради",
        "КНП «ЦРЛ Калуської міської ради»",
        "КУ «Інклюзивно-ресурсний центр Калуської міської ради»",
    ]
    assert len({one_id(ids, b) for b in bodies}) == len(bodies)
    one_id(
        ids,
        "КНП «Калуський міський центр первинної медико-санітарної допомоги Калуської міської ради»",
        "КНП «Калуський міський центр первинної медико-санітарної допомоги калуської міської ради»",
    )


def test_oblast_plan_splits_shared_heads_and_levels():
    plan = plan_from_gold("002")
    normalize_plan(plan)
    ids = ids_by_name(plan)
    one_id(
        ids,
        "Департамент освіти і науки облдержадміністрації",
        "департамент освіти і науки облдержадміністрації",
    )
    one_id(
        ids,
        "департамент масових комунікацій",
        "Департамент масових комунікацій облдержадміністрації",
    )
    oblast = one_id(ids, "обласний центр соціальних служб для сім'ї, дітей та молоді")
    district = one_id(ids, "районні центри соціальних служб для сім'ї, дітей та молоді")
    city = one_id(ids, "міські центри соціальних служб для сім'ї, дітей та молоді")
    assert len({oblast, district, city}) == 3
    health = one_id(ids, "департамент охорони здоров'я облдержадміністрації")
    social = one_id(ids, "департамент соціального захисту населення облдержадміністрації")
    assert health != social
    assert one_id(ids, "районні державні адміністрації") != one_id(
        ids, "обласна державна адміністрація"
    )


def test_abbreviations_and_owner_suffixes_resolve_to_one_body():
    lists = resolve(
        ["ССД", "ЦНСП"],
        ["служба у справах дітей", "центр надання соціальних послуг"],
        ["Служба у справах дітей Калуської міської ради", "КП «Центр надання соціальних послуг»"],
    )
    assert len({lists[0][0]["id"], lists[1][0]["id"], lists[2][0]["id"]}) == 1
    assert len({lists[0][1]["id"], lists[1][1]["id"]}) == 1


def test_a_place_or_level_word_does_not_split_a_body_but_two_different_ones_do():
    lists = resolve(
        ["ЦСС", "Калуська міська рада"],
        ["Калуський міський центр соціальних служб", "міська рада"],
        ["Долинський міський центр соціальних служб", "Лисичанська міська рада"],
    )
    assert lists[0][0]["id"] == lists[1][0]["id"] != lists[2][0]["id"]
    assert lists[0][1]["id"] == lists[1][1]["id"] != lists[2][1]["id"]


def test_a_body_without_a_level_does_not_bridge_two_levels():
    lists = resolve(
        ["обласний центр соціальних служб"],
        ["центр соціальних служб"],
        ["районний центр соціальних служб"],
    )
    assert lists[0][0]["id"] == lists[1][0]["id"] != lists[2][0]["id"]


def test_an_administration_is_one_body_however_it_is_written():
    lists = resolve(
        ["ОДА", "служба у справах дітей облдержадміністрації", "райдержадміністрації"],
        ["облдержадміністрація", "служба у справах дітей обласної державної адміністрації"],
        ["обласна державна адміністрація", "районні державні адміністрації"],
    )
    assert lists[0][0]["id"] == lists[1][0]["id"] == lists[2][0]["id"]
    assert lists[0][1]["id"] == lists[1][1]["id"]
    assert lists[0][2]["id"] == lists[2][1]["id"] != lists[0][0]["id"]


def test_numbered_bodies_stay_apart():
    lists = resolve(["КНП «Лікарня № 1»", "школа № 5"], ["КНП «Лікарня № 2»", "Школа № 5"])
    assert lists[0][0]["id"] != lists[1][0]["id"]
    assert lists[0][1]["id"] == lists[1][1]["id"]


def test_bodies_of_different_owners_stay_apart():
    lists = resolve(
        ["служба у справах дітей облдержадміністрації"],
        ["служба у справах дітей"],
        ["служба у справах дітей райдержадміністрації"],
    )
    assert lists[0][0]["id"] == lists[1][0]["id"] != lists[2][0]["id"]


def test_the_plan_list_names_each_body_with_its_fullest_spelling():
    cells = [["ССД"], ["Служба у справах дітей Калуської міської ради", "відділ освіти"], ["ССД"]]
    lists = [[{"name": n, "kind": "service", "by_consent": False} for n in c] for c in cells]
    orgs = resolve_organizations(lists)
    assert orgs[0] == {
        "id": "org-1",
        "name": "Служба у справах дітей Калуської міської ради",
        "aliases": ["ССД", "Служба у справах дітей Калуської міської ради"],
        "kind": "service",
        "count": 3,
    }
    assert orgs[1]["name"] == "відділ освіти" and orgs[1]["count"] == 1
