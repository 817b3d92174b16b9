"""Odd upload file names (issue 14): a 1,000-character name answered a bare "Bad Request
(400)"; control characters, path separators or a name that is only an extension must not
reach the page or the database as they came."""

from __future__ import annotations

from django.test import Client

from planwatch.lib.uploads import MAX_NAME, clean_upload_name
from planwatch.plans.models import ImportDraft
from tests.plans.test_import_upload import TEXT_PLAN
from tests.support.base import BaseTestCase
from tests.support.factory import PASSWORD

BOUNDARY = "pw-boundary"


def multipart(fields: dict[str, str], file_name: str, data: str) -> bytes:
    """A form body as a browser sends it: the file name raw in the part's header (Django's
    test client would shorten it to 255 characters first)."""
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
        for k, v in fields.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{file_name}"'
        f"\r\nContent-Type: text/plain\r\n\r\n{data}\r\n--{BOUNDARY}--\r\n"
    )
    return "".join(parts).encode()


class UploadNameTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.drafts_before = ImportDraft.objects.count()

    def new_draft(self) -> ImportDraft:
        self.assertEqual(ImportDraft.objects.count(), self.drafts_before + 1)
        return ImportDraft.objects.latest("pk")

    def post_raw(self, client: Client, url: str, body: bytes):
        return client.generic(
            "POST", url, body, content_type=f"multipart/form-data; boundary={BOUNDARY}"
        )

    def test_a_1000_character_name_gets_a_message_on_the_form_not_a_bare_400(self):
        client = Client(enforce_csrf_checks=True)  # as a browser: the CSRF check runs too
        client.login(username=self.coordinator.username, password=PASSWORD)
        body = multipart({"owner": str(self.community.pk)}, "а" * 1000 + ".txt", TEXT_PLAN)
        response = self.post_raw(client, "/plans/import/", body)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(response["Location"], "/plans/import/")
        page = client.get("/plans/import/")
        self.assertContains(page, "назва задовга")
        self.assertContains(page, "plan.docx")
        self.assertEqual(ImportDraft.objects.count(), self.drafts_before)

    def test_a_name_just_under_the_parsers_limit_is_accepted_and_shortened(self):
        self.login(self.coordinator)
        body = multipart({"owner": str(self.community.pk)}, "п" * 450 + ".txt", TEXT_PLAN)
        response = self.post_raw(self.client, "/plans/import/", body)
        self.assertEqual(response.status_code, 302)
        draft = self.new_draft()
        self.assertEqual(len(draft.file_name), MAX_NAME)
        self.assertTrue(draft.file_name.endswith("ппп.txt"))

    def test_control_characters_and_paths_are_dropped_from_the_stored_name(self):
        self.login(self.coordinator)
        name = "..\\..\\evil/пла\x01н\u202eтxt.\x07txt"
        body = multipart({"owner": str(self.community.pk)}, name, TEXT_PLAN)
        self.assertEqual(self.post_raw(self.client, "/plans/import/", body).status_code, 302)
        self.assertEqual(self.new_draft().file_name, "плантxt.txt")

    def test_a_name_that_is_only_an_extension_gets_a_stem(self):
        self.login(self.coordinator)
        body = multipart({"owner": str(self.community.pk)}, ".txt", TEXT_PLAN)
        self.assertEqual(self.post_raw(self.client, "/plans/import/", body).status_code, 302)
        self.assertEqual(self.new_draft().file_name, "файл.txt")


def test_clean_upload_name():
    assert clean_upload_name("План 2025.docx") == "План 2025.docx"
    assert clean_upload_name("C:\\Users\\x\\План.docx") == "План.docx"
    assert clean_upload_name("a\tb\n c.pdf") == "a b c.pdf"
    assert clean_upload_name("") == "файл"
    assert clean_upload_name("...") == "файл"
    assert clean_upload_name(".docx") == "файл.docx"
    assert clean_upload_name("звіт\u202efdp.exe") == "звітfdp.exe"
    long = clean_upload_name("x" * 1000 + ".pdf")
    assert len(long) == MAX_NAME and long.endswith("x.pdf")
    assert clean_upload_name("name." + "e" * 40) == "name." + "e" * 40  # not an extension
