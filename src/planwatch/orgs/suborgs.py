"""Departments, institutions and partners that a coordinator adds under their organisation.

Managing a part of the tree (its people and its sub-organisations) belongs to its admins and
coordinators: the roles that already change its plans (`Access.can_edit_org`). Outside that
subtree every such page answers 404, as the rest of the tree does.
"""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from planwatch.importer.structure.text import collapse
from planwatch.lib.text import name_key
from planwatch.orgs.access import get_access
from planwatch.orgs.edrpou import validate_edrpou
from planwatch.orgs.models import Organization, OrgKind

CHILD_KINDS = [
    (OrgKind.DEPARTMENT, _("Department (structural unit)")),
    (OrgKind.INSTITUTION, _("Institution")),
    (OrgKind.PARTNER, _("Partner organisation (“за згодою”)")),
]


def get_org_for_manager(request: HttpRequest, pk: int) -> Organization:
    """The organisation, if the user is its admin or coordinator (or above it); else 404."""
    org = get_object_or_404(Organization, pk=pk)
    if not get_access(request).can_edit_org(org):
        raise Http404("not a coordinator of this organisation")
    return org


class AddOrganizationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CHILD_KINDS)
    name = forms.CharField(label=_("Name"), max_length=300)
    edrpou = forms.CharField(
        label=_("ЄДРПОУ code"),
        max_length=8,
        required=False,
        validators=[validate_edrpou],
        help_text=_("8 digits; leave empty for a structural unit without its own code."),
    )

    def __init__(self, *args, parent: Organization, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.parent = parent

    def clean_edrpou(self) -> str:
        return self.cleaned_data["edrpou"].strip()

    def clean_name(self) -> str:
        name = collapse(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("An organisation needs a name."))
        taken = {name_key(n) for n in self.parent.children.values_list("name", flat=True)}
        if name_key(name) in taken:
            raise forms.ValidationError(
                _("“%(parent)s” already has “%(name)s”."),
                params={"parent": self.parent.name, "name": name},
            )
        return name

    def save(self) -> Organization:
        data = self.cleaned_data
        return Organization.objects.create(
            parent=self.parent, kind=data["kind"], name=data["name"], edrpou=data["edrpou"]
        )


class EdrpouForm(forms.Form):
    """The ЄДРПОУ code of an organisation already in the tree (the register has none)."""

    edrpou = forms.CharField(
        label=_("ЄДРПОУ code"), max_length=8, required=False, validators=[validate_edrpou]
    )

    def clean_edrpou(self) -> str:
        return self.cleaned_data["edrpou"].strip()
