"""Forms of the hand-over steps and of the approval up the chain."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from planwatch.lib.uploads import clean_upload_name
from planwatch.lib.versioning import VersionField
from planwatch.monitoring.handover import check_signed

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


class PrepareForm(forms.Form):
    duty = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**62)
    period = forms.CharField(widget=forms.HiddenInput, max_length=10)
    document = forms.ModelChoiceField(
        label=_("Generated document"), queryset=None, required=False, empty_label="—"
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

    def __init__(self, *args, documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents


class SignForm(forms.Form):
    file = forms.FileField(
        label=_("Signed file (PDF, .p7s, .asice)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.p7s,.p7m,.asice,.sce"}),
    )
    version = VersionField()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        upload.name = clean_upload_name(upload.name)
        upload.signed_kind = check_signed(upload)
        return upload


class RegisterForm(forms.Form):
    outgoing_number = forms.CharField(label=_("Outgoing number"), max_length=60)
    outgoing_date = forms.DateField(
        label=_("Outgoing date"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    addressee = forms.CharField(label=_("Addressee"), max_length=300)
    version = VersionField()

    def clean(self):
        data = super().clean()
        for name in ("outgoing_number", "addressee"):
            if name in data and not data[name].strip():
                self.add_error(name, _("This field is required."))
        return data


class ReasonMixin(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("This field is required."))
        return reason


class ReplaceSignedForm(SignForm, ReasonMixin):
    field_order = ["file", "reason"]


class CorrectRegistrationForm(RegisterForm, ReasonMixin):
    field_order = ["outgoing_number", "outgoing_date", "addressee", "reason"]


class ApprovalForm(forms.Form):
    ACTIONS = [
        ("submit", _("Submit to the upper level")),
        ("accept", _("Accept")),
        ("return", _("Return for changes")),
        ("reopen", _("Reopen")),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = VersionField()

    def clean(self):
        data = super().clean()
        if data.get("action") in ("return", "reopen") and not (data.get("comment") or "").strip():
            raise ValidationError(
                {"comment": _("Write why: the comment is required to return or reopen.")}
            )
        return data
