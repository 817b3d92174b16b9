from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from planwatch.lib.admin_a11y import LabelledRowsInline
from planwatch.lib.versioning import BumpsVersionAdmin
from planwatch.plans.models import (
    AuditEntry,
    ImportDraft,
    Measure,
    MeasureExecutor,
    Node,
    Plan,
    PlanRevision,
)
from planwatch.plans.review import warnings_shown
from planwatch.plans.templatetags.planwatch import kind_label


class TranslatedJSONField(forms.JSONField):
    """A JSON field whose importer warnings read in the reader's language (they are stored
    in English with their code and parameters); an empty value is an empty box, not "null"."""

    def __init__(self, *args, warnings: bool = False, **kwargs):
        self.warnings = warnings
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if value is None:
            return ""
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return super().prepare_value(warnings_shown(value, warnings=self.warnings))

    def has_changed(self, initial, data):
        return super().has_changed(warnings_shown(initial, warnings=self.warnings), data)


def restored(new, shown, stored):
    """`new` with every part left as it was shown put back as it is stored: an admin who
    saves without touching the warnings keeps their English, code-bearing originals."""
    if new == shown:
        return stored
    if isinstance(new, dict) and isinstance(shown, dict) and isinstance(stored, dict):
        return {k: restored(v, shown[k], stored[k]) if k in shown else v for k, v in new.items()}
    lists = all(isinstance(v, list) for v in (new, shown, stored))
    if lists and len(new) == len(shown) == len(stored):
        return [restored(*parts) for parts in zip(new, shown, stored, strict=True)]
    return new


class TranslatedJSONForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        for name, field in self.fields.items():
            if isinstance(field, TranslatedJSONField) and name in data and self.instance.pk:
                stored = getattr(self.instance, name)
                shown = warnings_shown(stored, warnings=field.warnings)
                data[name] = restored(data[name], shown, stored)
        return data


class TranslatedJSONAdmin(admin.ModelAdmin):
    """Shows a model's JSON fields through `TranslatedJSONField`."""

    form = TranslatedJSONForm

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.JSONField):
            kwargs["form_class"] = TranslatedJSONField
            kwargs["warnings"] = db_field.name == "warnings"
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class RevisionInline(LabelledRowsInline, admin.TabularInline):
    model = PlanRevision
    extra = 0
    fields = ["number", "title", "approval_date", "approval_number", "is_current"]
    show_change_link = True


@admin.register(Plan)
class PlanAdmin(BumpsVersionAdmin, admin.ModelAdmin):
    list_display = ["title", "owner", "status", "is_public", "updated_at"]
    list_filter = ["status", "is_public"]
    search_fields = ["title", "owner__name"]
    autocomplete_fields = ["owner"]
    raw_id_fields = ["current_revision"]
    inlines = [RevisionInline]


@admin.register(PlanRevision)
class PlanRevisionAdmin(TranslatedJSONAdmin):
    list_display = ["plan", "number", "approval_date", "is_current", "created_at"]
    list_filter = ["is_current"]
    search_fields = ["title", "plan__title"]
    raw_id_fields = ["plan", "created_by"]


@admin.register(Node)
class NodeAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "kind_shown", "revision"]
    search_fields = ["title"]
    raw_id_fields = ["revision", "parent"]

    @admin.display(description=_("kind"), ordering="kind")
    def kind_shown(self, node: Node) -> str:
        """The heading's kind in words ("Завдання"), not its stored code ("task")."""
        return kind_label(node.kind)


class ExecutorInline(LabelledRowsInline, admin.TabularInline):
    model = MeasureExecutor
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(Measure)
class MeasureAdmin(BumpsVersionAdmin, TranslatedJSONAdmin):
    list_display = ["number", "text", "deadline_text", "revision"]
    search_fields = ["text", "executors_text"]
    raw_id_fields = ["revision", "node", "previous"]
    inlines = [ExecutorInline]


@admin.register(MeasureExecutor)
class MeasureExecutorAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "by_consent", "measure"]
    search_fields = ["name", "organization__name"]
    raw_id_fields = ["measure"]
    autocomplete_fields = ["organization"]


@admin.register(ImportDraft)
class ImportDraftAdmin(TranslatedJSONAdmin):
    list_display = ["file_name", "owner", "status", "created_by", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["owner", "plan", "created_by", "published_revision"]
    exclude = ["file"]  # stored bytes change only through plans/uploads.py
    readonly_fields = ["file_sha256"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "plan", "measure", "user", "action"]
    list_filter = ["action"]
    raw_id_fields = ["plan", "measure", "user"]
    readonly_fields = ["at"]
