"""Optimistic locking: one version number per editable row, bumped by a conditional UPDATE.

A form (hidden field) or an API client (`version` in the body, or `If-Match`) carries the
version it was shown. The write starts with `claim(obj, seen)`:

    UPDATE … SET version = version + 1 WHERE id = … AND version = seen

One row changed: nobody wrote since, and the row stays locked until the caller's transaction
ends, so the rest of the write follows inside that transaction. No row changed: someone else
saved meanwhile; nothing is written and the caller shows the conflict — web forms with
`conflict_response` (the other person's values beside this person's, field by field, and a
choice), the API with 409 (412 when the version came in `If-Match`).

Why not a row lock alone: two people each load the form, then post one after the other; a lock
only serialises the posts, and the second would still silently overwrite the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class StaleVersion(Exception):
    """Someone else saved the row after the writer loaded it; nothing was written."""


def parse_version(value) -> int | None:
    """The version a client sent ("3", 3, '"3"', 'W/"3"'); None if absent or not a number."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    if text.startswith("W/"):
        text = text[2:]
    text = text.strip('"').strip()
    return int(text) if text.isdigit() and len(text) < 12 else None


def claim(obj: models.Model, seen) -> None:
    """Bump `obj`'s version from `seen` by one conditional UPDATE, or raise StaleVersion.

    Call it first inside the transaction that then writes the rest of the row: the UPDATE
    holds the row's lock until the transaction ends, so no one slips in between.
    """
    number = parse_version(seen)
    if number is None:
        raise StaleVersion(f"no version sent for {obj._meta.label} {obj.pk}")
    changed = (
        type(obj)
        ._base_manager.filter(pk=obj.pk, version=number)
        .update(version=models.F("version") + 1)
    )
    if changed != 1:
        raise StaleVersion(f"{obj._meta.label} {obj.pk} is no longer at version {number}")
    obj.version = number + 1


class BumpsVersionAdmin:
    """ModelAdmin mixin: an edit in the admin raises the row's version too, so a page form
    opened before it cannot silently write over it (the admin itself is not checked)."""

    def save_model(self, request, obj, form, change) -> None:
        if change:
            obj.version = models.F("version") + 1
        super().save_model(request, obj, form, change)
        if change:
            obj.refresh_from_db(fields=["version"])


def etag(version: int | str) -> str:
    """The `ETag` of a row at this version (strong: the number says it all)."""
    return f'"{version}"'


class VersionField(forms.IntegerField):
    """The hidden field that carries the version of the row the form was filled from."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)


@dataclass
class Change:
    """One field of the conflict page: the saved value (theirs) beside the one sent (mine)."""

    label: str
    theirs: str
    mine: str

    @property
    def differs(self) -> bool:
        return self.theirs != self.mine


def show(field: forms.Field, value) -> str:
    """A value as the form's user would recognise it: choice labels, Так/Ні, "—" for empty."""
    if isinstance(field, forms.BooleanField):
        return _("Yes") if value else _("No")
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):  # as typed in Ukrainian: "1 250,5"
        return number_format(Decimal(format(value.normalize(), "f")), force_grouping=True)
    choices = getattr(field, "choices", None)
    if choices:
        labels = {str(k): str(v) for k, v in choices}
        return labels.get(str(value), str(value))
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def changes(form: forms.Form, theirs: dict) -> list[Change]:
    """Field by field, in the form's order: what is saved now beside what this person sent."""
    out = []
    for name, field in form.fields.items():
        if name not in theirs:
            continue
        mine = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
        out.append(Change(str(field.label or name), show(field, theirs[name]), show(field, mine)))
    return out


def resend_fields(form: forms.Form, version_name: str | None, version, keep: dict | None = None):
    """(name, value) pairs that post this person's values again, now over `version`
    (`version_name` None: a form riding along with another's version, e.g. a report's numbers)."""
    pairs = []
    version_key = form.add_prefix(version_name) if version_name else None
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if key == version_key or isinstance(field, forms.FileField):
            continue
        getlist = getattr(form.data, "getlist", None)
        values = getlist(key) if getlist else [form.data.get(key)]
        pairs.extend((key, v) for v in values if v is not None)
    if version_key:
        pairs.append((version_key, str(version)))
    pairs.extend((keep or {}).items())
    return pairs


CONFLICT_TITLE = gettext_lazy("Someone else saved this meanwhile")


def conflict_response(
    request: HttpRequest,
    *,
    form: forms.Form,
    theirs: dict,
    version,
    back_url: str,
    who: str = "",
    version_name: str = "version",
    keep: dict | None = None,
    note: str = "",
    also: tuple = (),
) -> HttpResponse:
    """The page a second writer sees (409): nothing saved, their values beside the saved ones,
    and the choice — post theirs again over the new version, or keep what is saved.

    `also`: (form, theirs) pairs saved with `form` under its version (a report's numbers):
    shown and sent again the same way."""
    rows = changes(form, theirs)
    hidden = resend_fields(form, version_name, version, keep)
    for other, other_theirs in also:
        rows += changes(other, other_theirs)
        hidden += resend_fields(other, None, version)
    ctx = {
        "title": CONFLICT_TITLE,
        "who": who,
        "changes": rows,
        "hidden": hidden,
        "action": request.get_full_path(),
        "back_url": back_url,
        "note": note,
    }
    return render(request, "lib/conflict.html", ctx, status=409)
