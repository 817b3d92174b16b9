"""The coordinator's indicator form: unit, baseline, yearly targets, end target, categories."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from planwatch.monitoring.indicators import plain
from planwatch.monitoring.models import Indicator
from planwatch.monitoring.numbers_form import MAX_CATEGORIES

TARGET_RE = re.compile(r"^\s*((?:19|20)\d{2})\s*[:=—–-]\s*(-?[\d\s\u00a0]+(?:[.,]\d+)?)\s*$")


class IndicatorForm(forms.ModelForm):
    targets_text = forms.CharField(
        label=_("Targets per year"),
        help_text=_("One a line: year and the running total due by its end, e.g. “2025: 40”."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    categories_text = forms.CharField(
        label=_("Categories of the breakdown"),
        help_text=_(
            "One a line. Categories that split the total share a prefix: "
            "“вік: 0–5 років”, “вік: 6–17 років”, “стать: дівчата”; "
            "a category on its own (“діти з інвалідністю”) is a part of the total."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Indicator
        fields = ["name", "unit", "kind", "baseline_value", "baseline_year", "end_target"]
        widgets = {"name": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["targets_text"] = "\n".join(
                f"{year}: {value}" for year, value in sorted(self.instance.yearly_targets.items())
            )
            self.initial["categories_text"] = "\n".join(self.instance.categories)
        for name in ("baseline_value", "end_target"):
            self.fields[name].localize = True
            self.fields[name].widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def clean_baseline_year(self):
        year = self.cleaned_data.get("baseline_year")
        if year is not None and not 1990 <= year <= 2100:
            raise ValidationError(_("A year between 1990 and 2100."))
        return year

    def clean_targets_text(self) -> dict[str, str]:
        out = {}
        for line in self.cleaned_data["targets_text"].splitlines():
            if not line.strip():
                continue
            match = TARGET_RE.match(line)
            try:
                value = (
                    Decimal("".join(match.group(2).split()).replace(",", ".")) if match else None
                )
            except InvalidOperation:
                value = None
            if value is None:
                raise ValidationError(
                    _("Write each line as “2025: 40”: “%(line)s”.") % {"line": line}
                )
            out[match.group(1)] = plain(value)
        return out

    def clean_categories_text(self) -> list[str]:
        lines = [
            " ".join(x.split())[:100] for x in self.cleaned_data["categories_text"].splitlines()
        ]
        lines = list(dict.fromkeys(x for x in lines if x))
        if len(lines) > MAX_CATEGORIES:
            raise ValidationError(
                ngettext("At most %(n)s category.", "At most %(n)s categories.", MAX_CATEGORIES)
                % {"n": MAX_CATEGORIES}
            )
        return lines

    def save(self, commit: bool = True) -> Indicator:
        self.instance.yearly_targets = self.cleaned_data["targets_text"]
        self.instance.categories = self.cleaned_data["categories_text"]
        return super().save(commit)
