"""`manage.py load_demo [--if-empty]`: organisations, a user of every role, the sample plans.

Prints where to log in and the demo logins every time, so `make run` always shows them.
"""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from planwatch.importer import PlanImportError
from planwatch.orgs.models import Membership, Organization, OrgKind, Role
from planwatch.plans.imports import create_draft
from planwatch.plans.models import Plan
from planwatch.plans.publish import publish_draft
from planwatch.strategy.loader import load_demo_strategy

DEMO_PASSWORD = "planwatch-demo"

# (name, kind, parent name) — the owners of the three sample plans and the tree above them.
ORGS = [
    ("Луганська обласна державна адміністрація", OrgKind.OBLAST, None),
    ("Івано-Франківська обласна державна адміністрація", OrgKind.OBLAST, None),
    (
        "Калуська районна державна адміністрація",
        OrgKind.DISTRICT,
        "Івано-Франківська обласна державна адміністрація",
    ),
    ("Калуська міська рада", OrgKind.COMMUNITY, "Калуська районна державна адміністрація"),
    ("Служба у справах дітей", OrgKind.DEPARTMENT, "Калуська міська рада"),
    ("Одеська обласна державна адміністрація", OrgKind.OBLAST, None),
    (
        "Подільська районна державна адміністрація",
        OrgKind.DISTRICT,
        "Одеська обласна державна адміністрація",
    ),
    ("Піщанська сільська рада", OrgKind.COMMUNITY, "Подільська районна державна адміністрація"),
]

# (username, role, organisation, description)
USERS = [
    (
        "admin",
        Role.ADMIN,
        "Івано-Франківська обласна державна адміністрація",
        "суперкористувач, бачить усе",
    ),
    (
        "coordinator",
        Role.COORDINATOR,
        "Калуська міська рада",
        "завантажує й веде плани Калуської громади",
    ),
    (
        "coordinator-pishchanska",
        Role.COORDINATOR,
        "Піщанська сільська рада",
        "плани Піщанської громади",
    ),
    (
        "coordinator-luhansk",
        Role.COORDINATOR,
        "Луганська обласна державна адміністрація",
        "плани області",
    ),
    (
        "reviewer",
        Role.REVIEWER,
        "Івано-Франківська обласна державна адміністрація",
        "переглядає все нижче області",
    ),
    ("executor", Role.EXECUTOR, "Служба у справах дітей", "звітує про свої заходи"),
    ("viewer", Role.VIEWER, "Калуська міська рада", "читає плани Калуської громади"),
]

SAMPLES = [
    ("docx/000-plain.docx", "Піщанська сільська рада"),
    ("docx/001-merged.docx", "Калуська міська рада"),
    ("docx/002-numbered.docx", "Луганська обласна державна адміністрація"),
]


class Command(BaseCommand):
    help = "Load demo organisations, users of every role and the three sample plans."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when any organisation exists"
        )

    def handle(self, *args, **options) -> None:
        if options["if_empty"] and Organization.objects.exists():
            self.stdout.write("Data exists; the demo is not loaded again.")
        else:
            with transaction.atomic():
                orgs = self._orgs()
                self._users(orgs)
            self._plans(orgs)
            self._app_demos()
            load_demo_strategy(self.stdout)
        self._print_logins()

    def _app_demos(self) -> None:
        """The hook for other apps' demo data: every AppConfig with `load_demo(stdout)`."""
        for config in apps.get_app_configs():
            hook = getattr(config, "load_demo", None)
            if callable(hook):
                hook(self.stdout)

    def _orgs(self) -> dict[str, Organization]:
        orgs: dict[str, Organization] = {}
        for name, kind, parent in ORGS:
            org = Organization.objects.filter(name=name, parent=orgs.get(parent)).first()
            orgs[name] = org or Organization.objects.create(
                name=name, kind=kind, parent=orgs.get(parent)
            )
        return orgs

    def _users(self, orgs: dict[str, Organization]) -> None:
        User = get_user_model()
        for username, role, org_name, _about in USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(username, f"{username}@example.org", DEMO_PASSWORD)
            if username == "admin":
                user.is_staff = user.is_superuser = True
                user.save(update_fields=["is_staff", "is_superuser"])
            Membership.objects.get_or_create(user=user, org=orgs[org_name], role=role)

    def _plans(self, orgs: dict[str, Organization]) -> None:
        samples = Path(settings.PLANWATCH_SAMPLES_DIR)
        if not samples.is_dir():
            self.stdout.write(
                self.style.WARNING(
                    f"No sample plans at {samples} (set PLANWATCH_SAMPLES_DIR); "
                    "loaded organisations and users only."
                )
            )
            return
        for relative, owner_name in SAMPLES:
            self._load_sample(samples / relative, orgs[owner_name])

    def _load_sample(self, path: Path, owner: Organization) -> None:
        if not path.is_file():
            self.stdout.write(self.style.WARNING(f"{path}: missing; skipped"))
            return
        if Plan.objects.filter(owner=owner).exists():
            return
        try:
            draft = create_draft(path.read_bytes(), path.name, owner)
            revision = publish_draft(draft, None, public=True)  # the demo shows the public side
        except PlanImportError as exc:
            self.stdout.write(self.style.WARNING(f"{exc}; skipped"))
            return
        count = revision.measures.count()
        self.stdout.write(f"{path.name}: plan {revision.plan_id}, {count} measures ({owner})")

    def _print_logins(self) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("planwatch: http://127.0.0.1:8000/"))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, role, org_name, about in USERS:
            self.stdout.write(f"  {username:<24} {role.label:<12} {org_name} — {about}")
        self.stdout.write("Public pages, no login: http://127.0.0.1:8000/public/")
