"""Uploaded file names: what people and browsers send is cleaned before it is shown or stored,
and a body Django cannot parse becomes a message on the form instead of a bare 400.

A file name is text from a stranger: control and bidi-override characters (a name that reads
"report‮fdp.exe" backwards), path separators, a name that is only an extension, or 1,000
characters. `clean_upload_name` keeps the last path component, drops invisible characters,
and shortens the stem to `MAX_NAME` characters keeping the extension.

Django's multipart parser refuses a part whose headers exceed 1 KB (a file name of ~1,000
characters) with MultiPartParserError, which CSRF's check turns into "Bad Request (400)"
with no word on what went wrong. `UnreadableUploadMiddleware` (its `process_view` runs just
before CSRF's) parses a multipart POST first; when it fails, the person is sent back to the
page (GET) with a message saying what to do. Nothing of such a request reaches a view, so
answering it before the CSRF check changes nothing.
"""

from __future__ import annotations

import re
import unicodedata

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

MAX_NAME = 150  # characters, extension included (Evidence.name holds 200)
MAX_EXTENSION = 10
FALLBACK = "файл"


def clean_upload_name(name: str) -> str:
    """A file name fit to show and store: last path component, no control or format
    characters, single spaces, at most `MAX_NAME` characters with the extension kept."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(" " if ch.isspace() else ch for ch in name)  # tabs, newlines
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = " ".join(name.split()).strip()
    stem, dot, ext = name.rpartition(".")
    if not dot or not ext or len(ext) > MAX_EXTENSION or " " in ext:
        stem, ext = name, ""
    stem = stem.strip(" .")[: MAX_NAME - len(ext) - 1].rstrip(" .") or FALLBACK
    return f"{stem}.{ext}" if ext else stem


class UnreadableUploadMiddleware:
    """Just before CSRF's check: an unparseable multipart POST → back to the page with a
    message (303), never a bare 400. Views exempt from CSRF (the API: JSON, its own errors)
    are left alone, so their parsers still choose what they accept."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method != "POST" or not content_type.startswith("multipart/"):
            return None
        if getattr(view_func, "csrf_exempt", False):
            return None
        try:
            request.POST  # noqa: B018 — parses the body now, files included
        except MultiPartParserError:
            messages.error(
                request,
                _(
                    "The file could not be received: its name is too long or the form "
                    "was damaged on the way. Rename the file to a short name (for "
                    "example plan.docx) and upload it again."
                ),
            )
            return HttpResponseRedirect(request.get_full_path(), status=303)
        return None
