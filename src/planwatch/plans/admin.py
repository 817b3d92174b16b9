from django.contrib import admin
from django.utils.translation import gettext_lazy as _

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
from planwatch.plans.templatetags.planwatch import kind_label


class RevisionInline(admin.TabularInline):
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
class PlanRevisionAdmin(admin.ModelAdmin):
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


class ExecutorInline(admin.TabularInline):
    model = MeasureExecutor
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(Measure)
class MeasureAdmin(BumpsVersionAdmin, admin.ModelAdmin):
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
class ImportDraftAdmin(admin.ModelAdmin):
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
