"""The Django admin in Ukrainian: Django translates its own text; what planwatch adds there —
the names of its models and of their fields (column headings, form labels, list filters) —
must be Ukrainian too."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path, label_for_field
from django.utils import translation

from tests.web.english import english_in_html

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
