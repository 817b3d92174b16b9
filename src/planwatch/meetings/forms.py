"""Forms of the meetings register; the minutes file is checked by its bytes (PDF or .docx)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from planwatch.lib.uploads import clean_upload_name
from planwatch.meetings.models import Decision, DecisionStatus, Meeting
from planwatch.monitoring.evidence import check_upload
from planwatch.monitoring.periods import Period
from planwatch.orgs.models import Organization
from planwatch.plans.models import MeasureExecutor, Plan

MINUTES_KINDS = ("pdf", "docx")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeetingForm(forms.ModelForm):
    minutes_file = forms.FileField(
        label=_("Minutes (PDF or .docx)"),
        required=False,
        help_text=_("Replaces the minutes stored before, if any."),
    )

    class Meta:
        model = Meeting
        fields = ["date", "body", "body_name", "period", "participants", "agenda"]
        widgets = {
            "date": DATE,
            "participants": forms.Textarea(attrs={"rows": 3}),
            "agenda": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "period": _("The period whose implementation was considered: 2025-Q3, 2025-H2, 2025."),
        }

    def clean_period(self) -> str:
        value = "".join(self.cleaned_data.get("period", "").split()).upper()
        if value and (Period.parse(value) is None or len(value) > 10):
            raise ValidationError(_("A period is written 2025-Q3, 2025-H2 or 2025."))
        return value

    def clean_minutes_file(self):
        upload = self.cleaned_data.get("minutes_file")
        if not upload:
            return None
        kind = check_upload(upload)
        if kind not in MINUTES_KINDS:
            raise ValidationError(_("The minutes must be a PDF or .docx file."))
        upload.planwatch_kind = kind
        upload.planwatch_name = clean_upload_name(upload.name)
        return upload


def responsible_choices(plan: Plan):
    """The plan's owner and everything below it, and the organisations executing its measures."""
    executing = MeasureExecutor.objects.filter(measure__revision__plan=plan).values(
        "organization_id"
    )
    return Organization.objects.filter(
        Q(path__startswith=plan.owner.path) | Q(pk__in=executing)
    ).order_by("path")


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["number", "text", "responsible", "due_date", "status", "done_on", "note"]
        widgets = {
            "due_date": DATE,
            "done_on": DATE,
            "text": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, plan: Plan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = responsible_choices(plan)
        self.fields["due_date"].required = True

    def clean(self):
        data = super().clean()
        if data.get("status") == DecisionStatus.DONE and not data.get("done_on"):
            self.add_error("done_on", _("Say when it was done."))
        return data


class ProgressForm(forms.ModelForm):
    """What the responsible organisation reports on a decision."""

    class Meta:
        model = Decision
        fields = ["status", "done_on", "note"]
        widgets = {"done_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        data = super().clean()
        if data.get("status") == DecisionStatus.DONE and not data.get("done_on"):
            self.add_error("done_on", _("Say when it was done."))
        return data
