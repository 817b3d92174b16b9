"""How an organisation is named in a list of look-alikes: with its chain of parents, short
("Піщанська — Подільський р-н — Одеська обл."), since 5 communities share that name."""

from __future__ import annotations

from planwatch.orgs.models import Organization, OrgKind

_SUFFIXES = {
    OrgKind.OBLAST: (" область", " обл."),
    OrgKind.DISTRICT: (" район", " р-н"),
    OrgKind.COMMUNITY: (" територіальна громада", ""),
}


def short_name(org: Organization) -> str:
    long, short = _SUFFIXES.get(org.kind, ("", ""))
    if long and org.name.endswith(long):
        return org.name[: -len(long)] + short
    return org.name


def chain_labels(orgs: list[Organization]) -> dict[int, str]:
    """{id: "name — parent — grandparent"} for many organisations, in one query."""
    ids = {int(p) for o in orgs for p in o.path.strip("/").split("/") if p}
    by_id = Organization.objects.in_bulk(ids)
    labels = {}
    for org in orgs:
        chain = [int(p) for p in org.path.strip("/").split("/") if p][::-1]
        labels[org.pk] = " — ".join(short_name(by_id.get(i, org)) for i in chain)
    return labels
