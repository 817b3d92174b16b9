"""make_* helpers: build the world in code (no JSON fixtures)."""

from __future__ import annotations

import itertools

from django.contrib.auth import get_user_model

from planwatch.orgs.models import Membership, Organization, OrgKind
from planwatch.plans import document as docs
from planwatch.plans.models import ImportDraft, Plan
from planwatch.plans.publish import publish_draft

PASSWORD = "correct-horse-battery"
_seq = itertools.count(1)


def make_org(name: str, kind: str = OrgKind.COMMUNITY, parent=None, **kw) -> Organization:
    return Organization.objects.create(name=name, kind=kind, parent=parent, **kw)


def make_user(username: str | None = None, org=None, role=None, **kw):
    username = username or f"user{next(_seq)}"
    user = get_user_model().objects.create_user(
        username, kw.pop("email", f"{username}@example.org"), PASSWORD, **kw
    )
    if org is not None and role is not None:
        Membership.objects.create(user=user, org=org, role=role)
    return user


def make_measure_dict(n: int, executors: str = "служба у справах дітей", **cells) -> dict:
    return {
        "number": f"{n})",
        "text": cells.pop("text", f"захід номер {n} щодо підтримки сімей з дітьми"),
        "deadline": {
            "text": cells.pop("deadline", "2025-2026 роки"),
            "start": "2025-01-01",
            "end": "2026-12-31",
        },
        "funding": {"text": cells.pop("funding", "місцевий бюджет")},
        "executors": {
            "text": executors,
            "organizations": [
                {"name": name.strip(), "by_consent": False, "id": name.strip()}
                for name in executors.split(",")
                if name.strip()
            ],
        },
        "indicator": {"text": cells.pop("indicator", "")},
        "lines": [10 + n],
        "warnings": cells.pop("warnings", []),
    }


def make_plan_dict(
    measures: int = 3, title: str = "План заходів громади на 2025-2026 роки", tasks: int = 1, **kw
) -> dict:
    """A planwatch-plan/1 document: one goal with `tasks` tasks sharing `measures` measures."""
    task_nodes = [
        {
            "kind": "task",
            "number": f"1.{t + 1}",
            "title": f"Завдання {t + 1}",
            "children": [],
            "measures": [],
        }
        for t in range(tasks)
    ]
    for n in range(1, measures + 1):
        task_nodes[(n - 1) % tasks]["measures"].append(make_measure_dict(n))
    return {
        "format": "planwatch-plan/1",
        "title": title,
        "issuer": kw.get("issuer", ""),
        "approval": {"text": "рішенням ради", "date": "2025-05-20", "number": "297"},
        "period": {"start": 2025, "end": 2026},
        "columns": ["task", "measure", "deadline", "funding", "executors"],
        "source": {"name": "plan.txt", "format": "text", "sha256": ""},
        "nodes": [
            {
                "kind": "strategic_goal",
                "number": "1",
                "title": "Ціль перша",
                "children": task_nodes,
                "measures": [],
            }
        ],
        "warnings": kw.get("warnings", []),
    }


def make_draft(
    owner, doc: dict | None = None, user=None, plan=None, data: bytes = b""
) -> ImportDraft:
    doc = docs.prepare(doc or make_plan_dict())
    draft = ImportDraft(owner=owner, plan=plan, created_by=user, file_name="plan.txt", document=doc)
    if data:
        from planwatch.plans import uploads

        uploads.store(draft, data)
    from planwatch.plans.imports import suggested_mapping

    draft.executor_map = suggested_mapping(draft)
    draft.save()
    return draft


def make_plan(
    owner, measures: int = 3, user=None, doc: dict | None = None, public: bool = True, **kw
) -> Plan:
    """A published plan, through the same publish path as the review page (made public unless
    `public=False`: most tests look at the public pages)."""
    draft = make_draft(owner, doc or make_plan_dict(measures, **kw), user=user)
    return publish_draft(draft, user, public=public).plan
