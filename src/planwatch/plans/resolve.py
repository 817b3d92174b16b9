"""Executors named in a plan → organisations of the plan's owner.

The same body is written differently across rows and plans, so names are compared by
`name_key` against each organisation's name and its aliases. A name nobody maps becomes a new
organisation under the owner, with the importer's other spellings kept as aliases.
"""

from __future__ import annotations

from planwatch.importer.structure.text import collapse
from planwatch.lib.text import name_key
from planwatch.orgs.models import IMPORTER_KINDS, OrgAlias, Organization, OrgKind


class Resolver:
    def __init__(self, owner: Organization, mapping: dict | None = None) -> None:
        self.owner = owner
        self.mapping = mapping or {}
        orgs = list(Organization.objects.below(owner))
        self._by_pk = {o.pk: o for o in orgs}
        self._by_key = self._known_names(orgs)

    def _known_names(self, orgs: list[Organization]) -> dict[str, Organization]:
        """Organisations the owner's plans may name: its subtree, keyed by every spelling."""
        by_key = {name_key(o.name): o for o in orgs}
        for alias in OrgAlias.objects.filter(org__in=orgs):
            by_key.setdefault(alias.key, self._by_pk[alias.org_id])
        return by_key

    def suggest(self, org: dict) -> Organization | None:
        """The existing organisation this name (or one of its aliases) already belongs to."""
        for name in [org.get("name", ""), *org.get("aliases", [])]:
            found = self._by_key.get(name_key(name))
            if found is not None:
                return found
        return None

    def resolve(self, key: str, org: dict) -> Organization:
        """Mapped by a person, known by a spelling, or created under the owner."""
        chosen = self.mapping.get(key)
        if chosen and chosen != "new" and int(chosen) in self._by_pk:
            found = self._by_pk[int(chosen)]
        elif chosen == "new":
            found = self._by_key.get(name_key(org["name"])) or self._create(org)
        else:
            found = self.suggest(org) or self._create(org)
        for name in [org.get("name", ""), *org.get("aliases", [])]:
            self._remember(name, found)
        return found

    def _create(self, org: dict) -> Organization:
        kind = IMPORTER_KINDS.get(str(org.get("kind") or "").lower(), OrgKind.OTHER)
        if org.get("by_consent") and kind == OrgKind.OTHER:
            kind = OrgKind.PARTNER
        created = Organization.objects.create(
            name=collapse(org["name"])[:300], kind=kind, parent=self.owner
        )
        self._by_pk[created.pk] = created
        return created

    def _remember(self, name: str, org: Organization) -> None:
        key = name_key(name)
        if not key:
            return
        if key != name_key(org.name) and self._by_key.get(key) is None:
            org.add_alias(name)
        self._by_key.setdefault(key, org)
