"""The Django admin in Ukrainian: Django translates its own text; what planwatch adds there —
the names of its models and of their fields (column headings, form labels, list filters) —
must be Ukrainian too."""

from __future__ import annotations

import contextlib
import re

import pytest
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path, label_for_field
from django.db import models
from django.utils import translation

from tests.i18n.test_i18n_crawl import client_for, crawl, demo_world  # noqa: F401
from tests.support.english import english_in_html

CYRILLIC = re.compile("[а-яіїєґ]", re.IGNORECASE)
DJANGO_APPS = {"auth", "sessions", "contenttypes", "admin"}


def planwatch_admins():
    return [(m, a) for m, a in admin.site._registry.items() if m._meta.app_label not in DJANGO_APPS]


def test_model_and_field_names_are_ukrainian():
    english = []
    with translation.override("uk"):
        for model, model_admin in planwatch_admins():
            meta = model._meta
            for what in (meta.verbose_name, meta.verbose_name_plural):
                if not CYRILLIC.search(str(what)):
                    english.append(f"{meta.label}: {what}")
            for field in meta.get_fields():
                if field.auto_created and not field.concrete or field.name == "id":
                    continue
                if not CYRILLIC.search(str(field.verbose_name)):
                    english.append(f"{meta.label}.{field.name}: {field.verbose_name}")
            shown = [*model_admin.list_display, *model_admin.list_filter]
            for name in shown:
                if isinstance(name, str) and name != "__str__":
                    label = (
                        get_fields_from_path(model, name)[-1].verbose_name  # a filter's title
                        if "__" in name
                        else label_for_field(name, model, model_admin)
                    )
                    if not CYRILLIC.search(str(label)):
                        english.append(f"{meta.label} column/filter {name}: {label}")
    assert len(planwatch_admins()) > 10
    assert not english, "\n".join(english)


def test_every_model_names_itself_in_ukrainian():
    """Models outside the admin too: their names reach delete confirmations, permission
    labels and the change history."""
    from django.apps import apps

    english = []
    with translation.override("uk"):
        for model in apps.get_models():
            meta = model._meta
            for what in (meta.verbose_name, meta.verbose_name_plural):
                if not CYRILLIC.search(str(what)):
                    english.append(f"{meta.label}: {what}")
            if model.__str__ is models.Model.__str__:
                english.append(f"{meta.label}: no __str__ (“{meta.object_name} object (1)”)")
    assert not english, "\n".join(english)


def test_heading_kinds_are_words_not_codes():
    from planwatch.plans.admin import NodeAdmin
    from planwatch.plans.models import Node

    shown = NodeAdmin(Node, admin.site).kind_shown
    with translation.override("uk"):
        words = [str(shown(Node(kind=kind))) for kind in ("task", "operational_goal", "section")]
    assert all(CYRILLIC.search(w) and "_" not in w for w in words), words


@pytest.mark.django_db
def test_admin_pages_have_no_english(client, django_user_model):
    """What Django itself writes in the admin — permission names, the app list's table
    headings, the yes/no icons' alt text, the add-user page's notes — reads Ukrainian too."""
    root = django_user_model.objects.create_superuser("адміністратор", "root@example.org", "x")
    client.force_login(root)
    pages = [
        "/admin/",
        "/admin/auth/user/",  # "staff status" is a yes/no column
        f"/admin/auth/user/{root.pk}/change/",
        "/admin/auth/group/add/",
        "/admin/auth/user/add/",
    ]
    found = {}
    with translation.override("uk"):
        for page in pages:
            response = client.get(page, HTTP_ACCEPT_LANGUAGE="uk")
            assert response.status_code == 200, page
            found[page] = english_in_html(response.content.decode())
    assert not any(found.values()), found
    html = client.get("/admin/auth/group/add/", HTTP_ACCEPT_LANGUAGE="uk").content.decode()
    assert "Може додавати" in html and "Can add" not in html
    assert (
        'alt="Так"' in client.get("/admin/auth/user/", HTTP_ACCEPT_LANGUAGE="uk").content.decode()
    )


def admin_pages() -> list[str]:
    """Every registered model's changelist and add page, and the change page of its first
    object (the demo world has one of each; a group and a token are made here)."""
    from django.urls import NoReverseMatch, reverse

    pages = ["/admin/"]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        pages.append(reverse("admin:{}_{}_changelist".format(*info)))
        with contextlib.suppress(NoReverseMatch):  # a model the admin may not add to
            pages.append(reverse("admin:{}_{}_add".format(*info)))
        first = model._default_manager.order_by("pk").first()
        assert first is not None, f"no {model._meta.label} to open"
        pages.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
    return pages


@pytest.mark.django_db
def test_every_admin_page_is_ukrainian(demo_world):  # noqa: F811
    """The superuser's admin, every model: its list, its add form, one object's change form,
    and the admin pages they link to (history, delete confirmation with the related objects,
    list filters), a few per URL pattern. Fails on a server error or an English phrase; run
    with `-s` for the figures."""
    from django.contrib.auth.models import Group, User
    from rest_framework.authtoken.models import Token

    Group.objects.create(name="Координатори громад")
    Token.objects.create(user=User.objects.get(username="admin"))
    seed = admin_pages()
    found = crawl(
        client_for("admin"),
        seed=seed,
        skip=("/admin/logout/", "/static/", "/media/", "/i18n/"),
        within="/admin/",
    )
    english = {page: phrases for page, phrases in found.items() if phrases}
    print(f"\nadmin pages read: {len(found)} (seeded {len(seed)})")
    print(f"English phrases: {sum(map(len, english.values()))}")
    for page, phrases in english.items():
        print(page, phrases)
    assert len(found) > len(seed)
    assert any("/delete/" in page for page in found) and any("/history/" in page for page in found)
    assert not english, english


@pytest.mark.django_db
def test_importer_warnings_read_ukrainian_and_save_back_as_stored(rf, admin_user):
    """A draft's document in the admin shows its warnings translated; saving the form
    untouched stores the English originals again, and an edited warning keeps the edit."""
    from planwatch.importer.messages import warning
    from planwatch.plans.admin import ImportDraftAdmin
    from planwatch.plans.models import ImportDraft
    from tests.support.factory import make_draft, make_org, make_plan_dict

    doc = make_plan_dict(warnings=[warning("heading_number_incomplete", 3, number="1.")])
    doc["nodes"][0]["children"][0]["measures"][0]["warnings"] = [
        "heading number '2.' looks incomplete; kept as printed"
    ]
    draft = make_draft(make_org("Громада"), doc)
    draft.refresh_from_db()  # as the admin reads it: JSON keys are strings
    request = rf.get("/admin/")
    request.user = admin_user
    form_class = ImportDraftAdmin(ImportDraft, admin.site).get_form(request, draft)
    with translation.override("uk"):
        shown = form_class(instance=draft)
        data = {name: shown[name].value() for name in shown.fields}
        data |= {
            f"initial-{n}": shown[n].value()
            for n, f in shown.fields.items()
            if f.show_hidden_initial
        }
        data = {k: "" if v is None else v for k, v in data.items()}
        assert "looks incomplete" not in data["document"], data["document"]
        assert "номер заголовка «1.» виглядає неповним" in data["document"]
        assert english_in_html(f"<textarea>{data['document']}</textarea>") == []
        saved = form_class(data=data, instance=draft)
        assert saved.is_valid(), saved.errors
        assert saved.cleaned_data["document"] == draft.document
        assert not saved.has_changed(), saved.changed_data
        text = data["document"].replace("«1.» виглядає неповним", "«1.» неповний", 1)
        edited = form_class(data={**data, "document": text}, instance=draft)
        assert edited.is_valid(), edited.errors
        (kept,) = edited.cleaned_data["document"]["warnings"]
        assert "«1.» неповний" in kept["message"]
        assert edited.cleaned_data["document"]["nodes"] == draft.document["nodes"]
