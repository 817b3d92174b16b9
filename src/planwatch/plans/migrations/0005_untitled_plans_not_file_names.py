"""Plans imported before the importer left an untitled plan untitled were titled with their
file name ("plan.docx"), which then showed in official reports and open data. Such titles (equal
to the revision's source file name) become "План без назви"; a person can then enter the title."""

from django.db import migrations
from django.db.models import F

UNTITLED_PLAN = "План без назви"  # plans.models.plan.UNTITLED_PLAN at the time of writing


def untitle_file_names(apps, schema_editor) -> None:
    Plan = apps.get_model("plans", "Plan")
    PlanRevision = apps.get_model("plans", "PlanRevision")
    PlanRevision.objects.exclude(source_name="").filter(title=F("source_name")).update(
        title=UNTITLED_PLAN
    )
    Plan.objects.exclude(current_revision__source_name="").filter(
        title=F("current_revision__source_name")
    ).update(title=UNTITLED_PLAN)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0004_merge_20261205_0910"),
    ]

    operations = [migrations.RunPython(untitle_file_names, migrations.RunPython.noop)]
