from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from planwatch.lib.admin_a11y import LabelledRowsInline
from planwatch.strategy.models import (
    Crosswalk,
    CrosswalkRun,
    SimilarMeasure,
    StrategyDocument,
    StrategyItem,
)


class StrategyItemInline(LabelledRowsInline, admin.TabularInline):
    model = StrategyItem
    fields = ("number", "level", "title", "parent", "position", "note")
    raw_id_fields = ("parent",)
    extra = 1


@admin.register(StrategyDocument)
class StrategyDocumentAdmin(admin.ModelAdmin):
    list_display = (
        "short_title",
        "code",
        "approved_by",
        "period_start",
        "period_end",
        "is_current",
    )
    prepopulated_fields = {"code": ("short_title",)}
    inlines = [StrategyItemInline]


@admin.register(StrategyItem)
class StrategyItemAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "level", "document", "note_shown")
    list_filter = ("document", "level")
    search_fields = ("number", "title")
    raw_id_fields = ("parent",)
    ordering = ("document", "position")

    @admin.display(description=_("note"))
    def note_shown(self, item: StrategyItem) -> str:
        return item.note_shown


@admin.register(Crosswalk)
class CrosswalkAdmin(admin.ModelAdmin):
    list_display = ("item", "measure", "node", "source", "score", "rank", "confirmed_by")
    list_filter = ("source", "item__document")
    raw_id_fields = ("item", "measure", "node", "confirmed_by")
    list_select_related = ("item", "measure", "node", "confirmed_by")


admin.site.register(CrosswalkRun, list_display=("revision", "explicit", "suggested", "finished_at"))
admin.site.register(
    SimilarMeasure,
    list_display=("measure", "other", "score", "rank"),
    raw_id_fields=("measure", "other"),
)
