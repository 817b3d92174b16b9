"""`manage.py import_plan FILE [--org NAME_OR_CODE] [--publish]`: the upload form's code path."""

from __future__ import annotations

import argparse
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from planwatch.importer import PlanImportError
from planwatch.importer.walk import count_warnings, measures_with_headings
from planwatch.plans.imports import create_draft, find_org, parse_upload_with_rows
from planwatch.plans.owners import exact_owner, owner_candidates
from planwatch.plans.publish import PublishError, publish_draft


class Command(BaseCommand):
    help = "Import a plan document as a draft for review, or straight to a published plan."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "file", help="plan document: .docx, .xlsx, .csv, .tsv, .md, .txt, .json"
        )
        parser.add_argument(
            "--org",
            help="owner: КАТОТТГ code, id or name (default: the organisation the plan's title, "
            "approving act or letterhead names exactly)",
        )
        parser.add_argument("--publish", action="store_true", help="publish without review")
        parser.add_argument(
            "--public",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="with --publish: show it on the public pages (default: the owner's setting)",
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        data = path.read_bytes()
        try:
            doc, rows = parse_upload_with_rows(data, path.name)
        except PlanImportError as exc:
            raise CommandError(str(exc)) from None
        owner = self._owner(options.get("org"), doc)
        draft = create_draft(data, path.name, owner, doc=doc, rows=rows)
        measures = sum(1 for _ in measures_with_headings(doc))
        self.stdout.write(
            f"{path.name}: {measures} measures, {count_warnings(doc)} warnings; owner {owner.name}"
        )
        if not options["publish"]:
            self.stdout.write(f"draft {draft.pk}: review it at /plans/import/{draft.pk}/")
            return
        try:
            revision = publish_draft(draft, None, public=options["public"])
        except PublishError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"published plan {revision.plan_id} revision {revision.number}: "
                f"/plans/{revision.plan_id}/"
            )
        )

    def _owner(self, wanted: str | None, doc: dict):
        if wanted:
            owner = find_org(wanted)
            if owner is None:
                raise CommandError(f"no organisation matches --org {wanted!r}")
            return owner
        with translation.override(settings.LANGUAGE_CODE):
            candidates = owner_candidates(doc)
            chosen = exact_owner(candidates)
            if chosen is None:
                raise CommandError(_no_exact_owner(candidates))
            self.stdout.write(
                _("owner: %(name)s (%(why)s)") % {"name": chosen.org.name, "why": chosen.reason()}
            )
        return chosen.org


def _no_exact_owner(candidates) -> str:
    """Stop rather than guess: say what the plan names and which organisations came close."""
    lines = [
        _(
            "The plan's title, approving act and letterhead name no existing organisation "
            "exactly, so the owner is not guessed. Name it with --org (a КАТОТТГ code, an id "
            "or a name)."
        )
    ]
    exact = [c for c in candidates if c.exact]
    if len(exact) > 1:
        lines[0] = _(
            "The plan names several organisations equally; name the owner with --org "
            "(a КАТОТТГ code, an id or a name)."
        )
    if candidates:
        lines.append(_("Candidates (name ← parent organisations):"))
        for c in candidates[:8]:
            why = f" — {c.reason()}" if c.exact else ""
            lines.append(f"  {c.org.pk}: {c.chain()}{why}")
    return "\n".join(lines)
