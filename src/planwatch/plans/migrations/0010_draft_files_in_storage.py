"""Uploaded plan documents move out of the database into the "uploads" storage.

Forward: each draft's bytes are written to the storage (one draft in memory at a time), with
their sha256 on the draft; then the column goes. Backward: the column comes back and each
stored file is read into it (checked against its sha256), the objects deleted once the
migration has committed.
"""

import hashlib

from django.core.files.base import ContentFile
from django.db import migrations, models, transaction

import planwatch.plans.uploads


def to_storage(apps, schema_editor):
    ImportDraft = apps.get_model("plans", "ImportDraft")
    storage = planwatch.plans.uploads.upload_storage()
    pks = ImportDraft.objects.exclude(file_data=b"").values_list("pk", flat=True)
    for pk in list(pks):
        name, data = ImportDraft.objects.values_list("file_name", "file_data").get(pk=pk)
        data = bytes(data)
        if not data:
            continue
        stored = storage.save(planwatch.plans.uploads.upload_to(None, name), ContentFile(data))
        ImportDraft.objects.filter(pk=pk).update(
            file=stored, file_sha256=hashlib.sha256(data).hexdigest(), file_data=b""
        )


def to_database(apps, schema_editor):
    ImportDraft = apps.get_model("plans", "ImportDraft")
    storage = planwatch.plans.uploads.upload_storage()
    stored = ImportDraft.objects.exclude(file="").values_list("pk", "file", "file_sha256")
    for pk, name, digest in list(stored):
        with storage.open(name, "rb") as fh:
            data = fh.read()
        if hashlib.sha256(data).hexdigest() != digest:
            raise RuntimeError(f"draft {pk}: {name} does not match its sha256")
        ImportDraft.objects.filter(pk=pk).update(file_data=data, file="", file_sha256="")
        transaction.on_commit(lambda name=name: storage.delete(name))


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0009_plan_events"),
    ]

    operations = [
        migrations.AddField(
            model_name="importdraft",
            name="file",
            field=models.FileField(
                blank=True,
                max_length=300,
                storage=planwatch.plans.uploads.upload_storage,
                upload_to=planwatch.plans.uploads.upload_to,
            ),
        ),
        migrations.AddField(
            model_name="importdraft",
            name="file_sha256",
            field=models.CharField(blank=True, max_length=64),
        ),
        # a default, so that going back can add the column to a table with rows again
        migrations.AlterField(
            model_name="importdraft",
            name="file_data",
            field=models.BinaryField(blank=True, default=b""),
        ),
        migrations.RunPython(to_storage, to_database),
        migrations.RemoveField(
            model_name="importdraft",
            name="file_data",
        ),
    ]
