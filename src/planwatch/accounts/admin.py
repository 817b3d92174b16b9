"""The Django admin's own English made Ukrainian, without rewriting stored data.

Permission names are stored in English when migrations create them ("Can add plan"); the
user and group forms label each permission from its codename's action and the model's
translated name instead. The admin's yes/no icons carry alt="True"/"False"; they say
"Так"/"Ні" here. (The app list's table headings are in the main catalog.)
"""

from django.contrib import admin
from django.contrib.admin.templatetags import admin_list
from django.contrib.auth import admin as auth_admin  # registers User and Group first
from django.contrib.auth.models import Group, Permission, User
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}
ICONS = {True: ("yes", _("Yes")), False: ("no", _("No")), None: ("unknown", _("Unknown"))}


def permission_label(permission: Permission) -> str:
    """Django's "app | model | permission" layout in the reader's language, e.g.
    "Плани | план | Може додавати: план".
    A custom permission shows its name through gettext (declare it with gettext_lazy)."""
    model = permission.content_type.model_class()
    if model is None:  # a content type whose model is gone
        return str(permission)
    meta = model._meta
    model_name = str(meta.verbose_name)  # every model names itself in gettext_lazy
    action, _sep, rest = permission.codename.partition("_")
    if action in ACTIONS and rest == meta.model_name:
        name = ACTIONS[action] % {"model": model_name}
    else:
        name = gettext(permission.name)
    return f"{meta.app_config.verbose_name} | {model_name} | {name}"


def boolean_icon(field_val) -> str:
    """Django's yes/no/unknown icon (admin_list._boolean_icon) with translated alt text."""
    icon, label = ICONS[field_val]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), label)


# Django looks the icon up in admin_list at each call (changelist cells, read-only fields).
admin_list._boolean_icon = boolean_icon


class PermissionLabels:
    """Labels the permission choices of a user or group form with permission_label."""

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.remote_field.model is Permission:
            field.label_from_instance = permission_label
        return field


class UserAdmin(PermissionLabels, auth_admin.UserAdmin):
    pass


class GroupAdmin(PermissionLabels, auth_admin.GroupAdmin):
    pass


admin.site.unregister(User)
admin.site.unregister(Group)
admin.site.register(User, UserAdmin)
admin.site.register(Group, GroupAdmin)
