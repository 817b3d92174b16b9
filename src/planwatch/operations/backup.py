"""`manage.py backup OUT_DIR` / `manage.py restore IN_DIR`: the whole database and its files.

Format ("planwatch-backup/1"), portable between SQLite and PostgreSQL:

    OUT_DIR/manifest.json      format, time, applied migrations, rows per table, files + sha256
    OUT_DIR/data/<app.Model>.jsonl.gz   one JSON array per row, columns in the manifest's order
    OUT_DIR/files/<app.Model.field>/<name>   every file a FileField row points at (evidence,
                               generated reports, uploaded plan documents — `plans.ImportDraft.
                               file`), under the name the row stores, read
                               through the field's storage (disk or S3) with its sha256

Every concrete model is dumped, the auto-created many-to-many tables included, with raw column
values (foreign keys as ids), so a restore gives back the same ids. The dump reads one
snapshot (a REPEATABLE READ transaction on PostgreSQL, one read transaction on SQLite), so
rows written meanwhile cannot make it inconsistent.

A restore goes into a migrated, empty database (the rows `migrate` creates itself, content
types and permissions, are replaced by the backup's so that ids match). It checks the
manifest, the files' checksums and the migrations first, puts the files back through the
storage API (into whichever backend STORAGES names now: a folder or an S3 bucket, whatever
the backup was taken from; each file read back and checked against its sha256), then loads
every table in one transaction: all of it or nothing. On PostgreSQL the rows go through COPY
with foreign-key triggers off and every reference is checked by one anti-join per key before
the commit (a dangling one rolls the whole restore back).
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import gzip
import hashlib
import json
import uuid
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import Storage
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.dateparse import parse_duration
from django.utils.duration import duration_iso_string

from planwatch.operations.bulk import (
    Table,
    orphans,
    reset_sequences,
    with_fk_triggers,
    without_fk_triggers,
)

FORMAT = "planwatch-backup/1"
CHUNK = 2000
# Created by `migrate` in every database; a restore replaces them with the backup's rows.
MIGRATE_MADE = (ContentType, Permission)


class BackupError(RuntimeError):
    pass


def backup_models() -> list[type[models.Model]]:
    """Every table that holds data, many-to-many tables included, in a stable order."""
    found = [
        m
        for m in apps.get_models(include_auto_created=True)
        if not m._meta.proxy and m._meta.managed
    ]
    return sorted(found, key=lambda m: m._meta.label)


# -- values -------------------------------------------------------------------------------


def _dump_value(field: models.Field, value):
    if value is None:
        return None
    if isinstance(field, models.BinaryField):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return duration_iso_string(value)
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def _load_value(field: models.Field, value):
    if value is None:
        return None
    if isinstance(field, models.BinaryField):
        return base64.b64decode(value)
    if isinstance(field, models.JSONField):
        return value
    if isinstance(field, models.DurationField):
        return parse_duration(value)
    if isinstance(field, models.DateTimeField | models.DateField | models.TimeField):
        return field.to_python(value)
    if isinstance(field, models.DecimalField | models.UUIDField):
        return field.to_python(value)
    return value


# -- backup -------------------------------------------------------------------------------


def backup(out_dir: Path) -> dict:
    """Write the backup; returns the manifest."""
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        raise BackupError(f"{out_dir} is not empty; back up into a new directory")
    (out_dir / "data").mkdir(parents=True, exist_ok=True)
    manifest: dict = {"format": FORMAT, "created_at": timezone.now().isoformat()}
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        manifest["migrations"] = applied_migrations()
        manifest["tables"] = {m._meta.label: _dump_table(m, out_dir) for m in backup_models()}
        manifest["files"] = _copy_files(out_dir)
    (out_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def applied_migrations() -> list[str]:
    return sorted(
        f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
    )


def _dump_table(model: type[models.Model], out_dir: Path) -> dict:
    fields = list(model._meta.concrete_fields)
    names = [f.attname for f in fields]
    rows = model._base_manager.order_by("pk").values_list(*names).iterator(chunk_size=CHUNK)
    count = 0
    with gzip.open(
        out_dir / "data" / f"{model._meta.label}.jsonl.gz", "wt", encoding="utf-8"
    ) as fh:
        for row in rows:
            values = [_dump_value(f, v) for f, v in zip(fields, row, strict=True)]
            fh.write(json.dumps(values, ensure_ascii=False, separators=(",", ":")))
            fh.write("\n")
            count += 1
    return {"columns": names, "rows": count}


def _file_fields() -> Iterator[tuple[type[models.Model], models.FileField]]:
    for model in backup_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield model, field


def _copy_files(out_dir: Path) -> list[dict]:
    copied = []
    for model, field in _file_fields():
        key = f"{model._meta.label}.{field.name}"
        names = model._base_manager.exclude(**{field.attname: ""}).values_list(
            field.attname, flat=True
        )
        for name in names.iterator(chunk_size=CHUNK):
            target = _safe_join(out_dir / "files" / key, name)
            target.parent.mkdir(parents=True, exist_ok=True)
            storage = field.storage
            if not storage.exists(name):
                copied.append({"field": key, "name": name, "missing": True})
                continue
            digest = hashlib.sha256()
            with storage.open(name, "rb") as src, open(target, "wb") as dst:
                for chunk in iter(lambda s=src: s.read(1 << 20), b""):
                    digest.update(chunk)
                    dst.write(chunk)
            copied.append({"field": key, "name": name, "sha256": digest.hexdigest()})
    return copied


def _safe_join(root: Path, name: str) -> Path:
    """A stored name is relative and stays inside its folder (never "../" or absolute)."""
    target = (root / name).resolve()
    if not target.is_relative_to(root.resolve()):
        raise BackupError(f"refused file name {name!r}: it leaves the backup folder")
    return target


# -- restore ------------------------------------------------------------------------------


def restore(in_dir: Path) -> dict[str, int]:
    """Load a backup into a migrated, empty database; returns rows per table."""
    in_dir = Path(in_dir)
    manifest = read_manifest(in_dir)
    _check_target(manifest)
    _restore_files(in_dir, manifest["files"])
    counts: dict[str, int] = {}
    unchecked = False
    try:
        with transaction.atomic():
            unchecked = without_fk_triggers(local=True)  # ends with the transaction
            for model in MIGRATE_MADE:
                model._base_manager.all().delete()
            for model in backup_models():
                counts[model._meta.label] = _load_table(model, in_dir, manifest)
            if unchecked and (broken := orphans(backup_models())):
                raise BackupError(f"dangling references in the backup: {broken}")
            reset_sequences(backup_models())
    finally:
        if unchecked:
            with_fk_triggers()
    ContentType.objects.clear_cache()
    return counts


def read_manifest(in_dir: Path) -> dict:
    try:
        manifest = json.loads((in_dir / "manifest.json").read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{in_dir}: no readable manifest.json ({exc})") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{in_dir}: not a {FORMAT} backup")
    return manifest


def _check_target(manifest: dict) -> None:
    if manifest["migrations"] != applied_migrations():
        raise BackupError(
            "the database's migrations differ from the backup's: migrate both to the same "
            "version of planwatch first"
        )
    known = {m._meta.label for m in backup_models()}
    if unknown := sorted(set(manifest["tables"]) - known):
        raise BackupError(f"the backup has tables this version does not know: {unknown}")
    busy = [
        m._meta.label for m in backup_models() if m not in MIGRATE_MADE and m._base_manager.exists()
    ]
    if busy:
        raise BackupError(f"restore needs an empty database; these tables have rows: {busy}")


def _load_table(model: type[models.Model], in_dir: Path, manifest: dict) -> int:
    info = manifest["tables"].get(model._meta.label)
    if info is None:
        return 0
    by_name = {f.attname: f for f in model._meta.concrete_fields}
    missing = set(by_name) - set(info["columns"])
    if missing:
        raise BackupError(f"{model._meta.label}: the backup lacks columns {sorted(missing)}")
    fields = [by_name.get(name) for name in info["columns"]]
    table = Table(model)
    path = in_dir / "data" / f"{model._meta.label}.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            values = json.loads(line)
            table.add(
                **{
                    f.attname: _load_value(f, v)
                    for f, v in zip(fields, values, strict=True)
                    if f is not None
                }
            )
    table.flush()
    if table.written != info["rows"]:
        raise BackupError(
            f"{model._meta.label}: {table.written} rows read, {info['rows']} expected"
        )
    return table.written


def _restore_files(in_dir: Path, files: list[dict]) -> None:
    """Check every file against its checksum first, then put them where the rows expect them."""
    present = [f for f in files if not f.get("missing")]
    for entry in present:
        source = _safe_join(in_dir / "files" / entry["field"], entry["name"])
        if _sha256(source) != entry["sha256"]:
            raise BackupError(f"{source}: checksum mismatch; the backup is damaged")
    fields = {f"{m._meta.label}.{f.name}": f for m, f in _file_fields()}
    for entry in present:
        source = _safe_join(in_dir / "files" / entry["field"], entry["name"])
        put_file(fields[entry["field"]].storage, entry["name"], source, entry["sha256"])


def restore_files(in_dir: Path) -> int:
    """Only the backup's files, into the storages configured now; the database is not touched.

    For moving a running deployment's files to another backend (disk → S3 and back): back up,
    switch the storage settings, `restore --files-only`. Returns how many files were put back.
    """
    manifest = read_manifest(Path(in_dir))
    _restore_files(Path(in_dir), manifest["files"])
    return sum(1 for f in manifest["files"] if not f.get("missing"))


def put_file(storage: Storage, name: str, source: Path, sha256: str) -> None:
    """Store `source` under exactly `name` and read it back to check it arrived whole.

    A file already there with the same checksum is kept (a restore tried again); one with
    other bytes is replaced, so the row's name always leads to the backup's bytes.
    """
    if storage.exists(name):
        if _stored_sha256(storage, name) == sha256:
            return
        storage.delete(name)
    with open(source, "rb") as fh:
        saved = storage.save(name, File(fh, name=name))
    if saved != name:
        raise BackupError(f"{name}: the storage kept it as {saved!r}")
    if _stored_sha256(storage, name) != sha256:
        raise BackupError(f"{name}: checksum mismatch after copying it into the storage")


def _stored_sha256(storage: Storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
