"""`manage.py import_plan FILE [--org NAME_OR_CODE] [--publish]`: the upload form's code path."""

from __future__ import annotations

import argparse
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from planwatch.importer import PlanImportError
from planwatch.plans import document as docs
from planwatch.plans.imports import create_draft, find_org, guess_owner, parse_upload_with_rows
from planwatch.plans.publish import PublishError, publish_draft


class Command(BaseCommand):
    help = "Import a plan document as a draft for review, or straight to a published plan."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "file", help="plan document: .docx, .xlsx, .csv, .tsv, .md, .txt, .json"
        )
        parser.add_argument(
            "--org", help="owner: КАТОТТГ code, id or name (default: from the title)"
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
        measures = sum(1 for _ in docs.iter_measures(doc))
        self.stdout.write(
            f"{path.name}: {measures} measures, {docs.warning_count(doc)} warnings; "
            f"owner {owner.name}"
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
        owner = guess_owner(doc)
        if owner is None:
            raise CommandError(
                "cannot tell the owner from the plan's title; name it with --org "
                "(a КАТОТТГ code, an id or a name)"
            )
        return owner
