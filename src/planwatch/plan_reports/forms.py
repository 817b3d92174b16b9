"""The "Звіт" form: which period, which format."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from planwatch.monitoring.periods import ALL, Period, latest_ended_or_none
from planwatch.plan_reports.models import FORMAT_CHOICES


class ReportDocumentForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"))
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, initial="docx")

    def __init__(self, *args, periods: list[str] = (), today=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p, period_label(p)) for p in periods]
        self.fields["period"].initial = latest_ended_or_none(periods, today)


def period_label(label: str) -> str:
    if label == ALL:
        return gettext("The whole plan so far")
    period = Period.parse(label)
    return period.title if period else label
