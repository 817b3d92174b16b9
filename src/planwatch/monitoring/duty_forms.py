"""The duty edit form: a due rule needs its own numbers, and only those (see DueRule)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext as _

from planwatch.monitoring.models import DueRule, Duty
from planwatch.orgs.models import Organization


class DutyForm(forms.ModelForm):
    class Meta:
        model = Duty
        fields = [
            "kind",
            "frequency",
            "due_rule",
            "due_days",
            "due_day",
            "due_month",
            "responsible",
            "responsible_name",
        ]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        # Who may owe a duty: the plan's owner and the organisations below it.
        self.fields["responsible"].queryset = Organization.objects.filter(
            path__startswith=plan.owner.path
        ).order_by("path")
        self.fields["responsible"].required = False

    def clean(self):
        data = super().clean()
        rule = data.get("due_rule")
        days, day, month = data.get("due_days"), data.get("due_day"), data.get("due_month")
        if rule == DueRule.DAYS_AFTER:
            if days is None or days > 366:
                self.add_error("due_days", _("Days after the period: a number from 0 to 366."))
            data["due_day"] = data["due_month"] = None
        elif rule == DueRule.DAY_OF_NEXT_MONTH:
            if day is None or not 1 <= day <= 31:
                self.add_error("due_day", _("Day of the month: a number from 1 to 31."))
            data["due_days"] = data["due_month"] = None
        elif rule == DueRule.FIXED_DATE:
            if month is None or not 1 <= month <= 12:
                self.add_error("due_month", _("Month: a number from 1 to 12."))
            elif day is None or not _real_day(day, month):
                self.add_error("due_day", _("There is no such day in that month."))
            data["due_days"] = None
        return data


def _real_day(day: int, month: int) -> bool:
    try:
        dt.date(2024, month, day)  # a leap year: 29 February is a real due day
    except ValueError:
        return False
    return True
