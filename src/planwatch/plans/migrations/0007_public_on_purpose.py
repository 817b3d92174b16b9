"""Plans are public on purpose: new plans are private unless made public when published.

Plans published before this change were public by default; they stay public (the demo's too),
except where an editor explicitly decided otherwise (an audit entry that changed is_public).
"""

from django.db import migrations, models


def keep_published_plans_public(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    AuditEntry = apps.get_model("plans", "AuditEntry")
    decided = AuditEntry.objects.filter(changes__has_key="is_public").values("plan_id")
    Plan.objects.filter(current_revision__isnull=False).exclude(pk__in=decided).update(
        is_public=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0006_draft_change_history"),
    ]

    operations = [
        migrations.AlterField(
            model_name="plan",
            name="is_public",
            field=models.BooleanField(default=False, verbose_name="shown on the public pages"),
        ),
        migrations.RunPython(keep_published_plans_public, migrations.RunPython.noop),
    ]
