"""Forms of the review page's structure editor: plan details, headings, column roles."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from planwatch.plans.templatetags.planwatch import KINDS

YEAR = {"min_value": 1991, "max_value": 2100}
TOP = ""  # the "parent" value of a top-level heading


def kind_choices(blank: bool = True) -> list:
    choices = [(k, label) for k, label in KINDS.items()]
    return ([("", _("— no kind —"))] if blank else []) + choices


def _text(value: str) -> str:
    return " ".join((value or "").split())


class MetaForm(forms.Form):
    """The plan's details; a title is required (publish never falls back to the file name)."""

    title = forms.CharField(
        label=_("Title"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("The plan needs its title.")},
    )
    issuer = forms.CharField(label=_("Approving body"), max_length=300, required=False)
    approval_text = forms.CharField(
        label=_("Approval as printed"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    approval_date = forms.DateField(
        label=_("Approval date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    approval_number = forms.CharField(label=_("Decision number"), max_length=50, required=False)
    period_start = forms.IntegerField(label=_("First year"), required=False, **YEAR)
    period_end = forms.IntegerField(label=_("Last year"), required=False, **YEAR)

    def clean_title(self):
        title = _text(self.cleaned_data["title"])
        if not title:
            raise forms.ValidationError(_("The plan needs its title."))
        return title

    def clean(self):
        cleaned = super().clean()
        for name in ("issuer", "approval_text", "approval_number"):
            cleaned[name] = _text(cleaned.get(name) or "")
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", _("The last year is before the first year."))
        return cleaned


class HeadingForm(forms.Form):
    """A heading's number, title, kind and (its level) the heading it sits under."""

    kind = forms.ChoiceField(label=_("Kind"), required=False)
    number = forms.CharField(label=_("Number"), max_length=40, required=False)
    title = forms.CharField(
        label=_("Heading"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("A heading needs its title.")},
    )
    parent = forms.ChoiceField(label=_("Under"), required=False)

    def __init__(self, *args, parents=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices()
        self.fields["parent"].choices = [(TOP, _("— top level —")), *parents]

    def clean_title(self):
        title = _text(self.cleaned_data["title"])
        if not title:
            raise forms.ValidationError(_("A heading needs its title."))
        return title


class ToHeadingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of the heading"), required=False)
    placement = forms.ChoiceField(
        label=_("Place"),
        choices=[
            ("nested", _("under the current heading")),
            ("beside", _("beside the current heading")),
        ],
    )
    take_following = forms.BooleanField(
        label=_("The measures after it go under it"), required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices()


class StepForm(forms.Form):
    direction = forms.TypedChoiceField(choices=[("-1", "up"), ("1", "down")], coerce=int)


class UnplacedForm(forms.Form):
    index = forms.IntegerField(min_value=0)
    node = forms.CharField(required=False)
    drop = forms.BooleanField(required=False)


# The importer's override roles (`importer.structure.columns.OVERRIDE_ROLES`), as people say them.
ROLES = {
    "measure": _("measure"),
    "task": _("task"),
    "deadline": _("deadline"),
    "executors": _("executors"),
    "funding": _("funding"),
    "indicator": _("indicator"),
    "number": _("number"),
    "heading": _("heading level"),
    "amount": _("amount (money of a year, or the total)"),
    "extra": _("extra column (kept)"),
    "ignore": _("ignore"),
}


class ColumnRolesForm(forms.Form):
    """One select per column of the source table: what the importer should read it as."""

    def __init__(self, *args, columns=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.columns = list(columns)
        choices = [("", _("— as the importer decides —")), *ROLES.items()]
        for column in self.columns:
            index = column["index"]
            header = column.get("header") or _("column %(n)s") % {"n": index + 1}
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=header, choices=choices, required=False, initial=column.get("role") or ""
            )

    def roles(self) -> dict[int, str]:
        """{source column index: role} for the columns given a role."""
        out = {}
        for column in self.columns:
            role = self.cleaned_data.get(f"col_{column['index']}")
            if role:
                out[column["index"]] = role
        return out

    def rows(self):
        return [(column, self[f"col_{column['index']}"]) for column in self.columns]
