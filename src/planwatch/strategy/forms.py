from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from planwatch.lib.params import id_form_field


class CoverageForm(forms.Form):
    org = id_form_field(required=False)
    doc = forms.SlugField(required=False)


class ReviewForm(forms.Form):
    """One "accept" box and one goal choice per measure on the page."""

    BULK_CHOICES = ("good", "suggested")

    def __init__(
        self,
        *args,
        measures=(),
        choices=(),
        initial_items=None,
        initial_accept=(),
        suggested=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        initial_items = initial_items or {}
        suggested = suggested or {}
        self.measure_ids = [m.pk for m in measures]
        for m in measures:
            # The measure's candidates first (keyboard: fewer steps), then every goal.
            row_choices = list(choices)
            if suggested.get(m.pk):
                row_choices = [
                    (_("Suggested"), suggested[m.pk]),
                    (_("All goals"), list(choices)),
                ]
            self.fields[f"accept_{m.pk}"] = forms.BooleanField(
                required=False, initial=m.pk in initial_accept
            )
            self.fields[f"item_{m.pk}"] = forms.TypedChoiceField(
                choices=[("", "—"), *row_choices],
                coerce=int,
                required=False,
                empty_value=None,
                initial=initial_items.get(m.pk),
                label=_("Strategy item"),
            )

    def rejections(self) -> list[int]:
        """Measures ticked with no item chosen: none of the suggestions fits."""
        return [
            pk
            for pk in self.measure_ids
            if self.cleaned_data.get(f"accept_{pk}") and not self.cleaned_data.get(f"item_{pk}")
        ]

    def decisions(self) -> dict[int, int]:
        """measure id → chosen item id, for the rows ticked "accept" with an item chosen."""
        out = {}
        for pk in self.measure_ids:
            item = self.cleaned_data.get(f"item_{pk}")
            if self.cleaned_data.get(f"accept_{pk}") and item:
                out[pk] = item
        return out
