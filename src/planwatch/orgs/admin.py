from django.contrib import admin

from planwatch.lib.admin_a11y import LabelledRowsInline
from planwatch.lib.versioning import BumpsVersionAdmin
from planwatch.orgs.models import Membership, OrgAlias, Organization


class AliasInline(LabelledRowsInline, admin.TabularInline):
    model = OrgAlias
    extra = 0


class MembershipInline(LabelledRowsInline, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(BumpsVersionAdmin, admin.ModelAdmin):
    list_display = ["name", "kind", "katottg", "edrpou", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "katottg", "edrpou", "aliases__name"]
    autocomplete_fields = ["parent"]
    inlines = [AliasInline, MembershipInline]


@admin.register(OrgAlias)
class OrgAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "org"]
    search_fields = ["name", "org__name"]
    autocomplete_fields = ["org"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "org", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "org__name"]
    autocomplete_fields = ["user", "org"]
