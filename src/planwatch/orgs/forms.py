from django import forms
from django.utils.translation import gettext_lazy as _

from planwatch.lib.versioning import VersionField
from planwatch.orgs.models import Organization, katottg_validator


class RenameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    katottg = forms.CharField(
        label=_("КАТОТТГ code"), max_length=19, required=False, validators=[katottg_validator]
    )
    version = VersionField()

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("An organisation needs a name."))
        return name

    def clean_katottg(self):
        return self.cleaned_data["katottg"].strip().upper()


class MergeForm(forms.Form):
    other = forms.ModelChoiceField(
        Organization.objects.none(), label=_("Merge this duplicate into the organisation")
    )

    def __init__(self, *args, candidates=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["other"].queryset = candidates
