"""Where files live: named storages from the STORAGES setting, on local disk or in S3.

Every file the apps keep (evidence, generated reports, uploaded plan documents, anything
through the default storage)
goes through Django's storage API, never through a path: with `PLANWATCH_S3_BUCKET` set the
same code writes to an S3-compatible object store that every server and job worker shares.

- `SettingDirStorage` — a folder on local disk whose location is read from a setting on every
  use (`PLANWATCH_EVIDENCE_ROOT`, …), so tests can point it elsewhere with override_settings.
- `named(alias)` — what a FileField's ``storage=`` callable returns: a storage that hands
  every call to ``storages[alias]`` as configured *now* (a field keeps the object it was given
  at import time; this one follows a change of STORAGES, e.g. a test or a restore that moves
  files between backends).
- `s3_storage(prefix)` / `disk_storage(setting)` — the STORAGES entries settings.py builds.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.deconstruct import deconstructible


@deconstructible
class SettingDirStorage(FileSystemStorage):
    """A FileSystemStorage whose folder is the value of a setting, read on every use."""

    def __init__(self, setting: str = "MEDIA_ROOT", **kwargs) -> None:
        self.setting = setting
        super().__init__(**kwargs)

    @property
    def base_location(self) -> str:  # type: ignore[override]
        return str(getattr(settings, self.setting))

    @property
    def location(self) -> str:  # type: ignore[override]
        return str(Path(self.base_location).resolve())


class NamedStorage(Storage):
    """Every call goes to ``storages[alias]``, looked up at the moment of the call."""

    def __init__(self, alias: str) -> None:
        self.alias = alias

    @property
    def target(self) -> Storage:
        return storages[self.alias]

    def open(self, name, mode="rb"):
        return self.target.open(name, mode)

    def save(self, name, content, max_length=None):
        return self.target.save(name, content, max_length=max_length)

    def get_valid_name(self, name):
        return self.target.get_valid_name(name)

    def get_alternative_name(self, file_root, file_ext):
        return self.target.get_alternative_name(file_root, file_ext)

    def get_available_name(self, name, max_length=None):
        return self.target.get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self.target.generate_filename(filename)

    def path(self, name):
        return self.target.path(name)

    def delete(self, name):
        return self.target.delete(name)

    def exists(self, name):
        return self.target.exists(name)

    def listdir(self, path):
        return self.target.listdir(path)

    def size(self, name):
        return self.target.size(name)

    def url(self, name):
        return self.target.url(name)

    def get_accessed_time(self, name):
        return self.target.get_accessed_time(name)

    def get_created_time(self, name):
        return self.target.get_created_time(name)

    def get_modified_time(self, name):
        return self.target.get_modified_time(name)


def named(alias: str) -> NamedStorage:
    return NamedStorage(alias)


def disk_storage(setting: str) -> dict:
    return {"BACKEND": "planwatch.lib.storage.SettingDirStorage", "OPTIONS": {"setting": setting}}


def s3_storage(prefix: str, environ: os._Environ | dict | None = None) -> dict:
    """One folder ("prefix") of the bucket; private objects, never overwritten in place.

    Credentials come from the usual AWS variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY),
    read by boto3 itself. An endpoint URL (MinIO, Ceph, a provider's S3) implies path-style
    addressing unless PLANWATCH_S3_ADDRESSING_STYLE says otherwise.
    """
    env = os.environ if environ is None else environ
    endpoint = env.get("PLANWATCH_S3_ENDPOINT_URL") or None
    options = {
        "bucket_name": env["PLANWATCH_S3_BUCKET"],
        "location": "/".join(
            p for p in (env.get("PLANWATCH_S3_PREFIX", "").strip("/"), prefix) if p
        ),
        "endpoint_url": endpoint,
        "region_name": env.get("PLANWATCH_S3_REGION") or env.get("AWS_DEFAULT_REGION") or None,
        "addressing_style": env.get("PLANWATCH_S3_ADDRESSING_STYLE")
        or ("path" if endpoint else None),
        "default_acl": None,  # private: the bucket's own policy, no public-read
        "file_overwrite": False,  # a name already taken gets a new one, as on disk
        "querystring_auth": True,
        "querystring_expire": 300,  # signed URLs (none are handed out today) live 5 min
        "max_memory_size": 8 * 1024 * 1024,  # a download up to 8 MB stays in memory
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def file_storages(environ: os._Environ | dict | None = None) -> dict:
    """STORAGES' file entries: S3 when PLANWATCH_S3_BUCKET is set, else folders on disk."""
    env = os.environ if environ is None else environ
    if env.get("PLANWATCH_S3_BUCKET"):
        return {
            "default": s3_storage("media", env),
            "evidence": s3_storage("evidence", env),
            "reports": s3_storage("reports", env),
            "uploads": s3_storage("uploads", env),
        }
    return {
        "default": disk_storage("MEDIA_ROOT"),
        "evidence": disk_storage("PLANWATCH_EVIDENCE_ROOT"),
        "reports": disk_storage("PLANWATCH_REPORTS_ROOT"),
        "uploads": disk_storage("PLANWATCH_UPLOADS_ROOT"),
    }


def describe(alias: str) -> str:
    """Where a named storage keeps its files, for messages: a folder or s3://bucket/prefix."""
    target = storages[alias]
    if isinstance(target, FileSystemStorage):
        return str(target.location)
    bucket = getattr(target, "bucket_name", "?")
    return f"s3://{bucket}/{getattr(target, 'location', '')}".rstrip("/")


def uploaded_file_response(field, filename: str, content_type: str, as_attachment: bool):
    """A file someone uploaded (evidence, a signed document, minutes), from whichever store
    holds it: never a page that could run script (sandboxed, no sniffing); 404 when the
    stored file is gone."""
    from django.http import FileResponse, Http404

    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404("the file is gone") from exc
    response = FileResponse(
        handle, as_attachment=as_attachment, filename=filename, content_type=content_type
    )
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response
