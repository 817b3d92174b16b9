"""What changed between two revisions of a plan, measure by measure."""

from __future__ import annotations

from dataclasses import dataclass, field

from planwatch.plans.models import Measure, PlanRevision

COMPARED = ("number", "text", "deadline_text", "funding_text", "executors_text", "indicator_text")


@dataclass
class Change:
    old: Measure
    new: Measure
    fields: list[str]


@dataclass
class RevisionDiff:
    old: PlanRevision
    new: PlanRevision
    added: list[Measure] = field(default_factory=list)
    removed: list[Measure] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    unchanged: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def diff_revisions(old: PlanRevision, new: PlanRevision) -> RevisionDiff:
    """Two queries: both revisions' measures; `previous` links (set at publish) pair them."""
    old_measures = {m.pk: m for m in old.measures.select_related("node")}
    result = RevisionDiff(old=old, new=new)
    paired = set()
    for m in new.measures.select_related("node"):
        earlier = old_measures.get(m.previous_id)
        if earlier is None:
            result.added.append(m)
            continue
        paired.add(earlier.pk)
        fields = [f for f in COMPARED if getattr(m, f) != getattr(earlier, f)]
        if fields:
            result.changed.append(Change(old=earlier, new=m, fields=fields))
        else:
            result.unchanged += 1
    result.removed = [m for pk, m in old_measures.items() if pk not in paired]
    return result
