"""The Django admin's inline rows, labelled for screen readers.

A tabular inline shows its field names once, as column headings, so every cell's input has
no label of its own (axe `label`, `select-name`): each widget gets an aria-label naming its
field and its row ("Назва — рядок 2"). Use `LabelledRowsInline` before Django's inline class:
`class AliasInline(LabelledRowsInline, admin.TabularInline)`.
"""

from __future__ import annotations

from django import forms
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext


def inner_widget(widget: forms.Widget) -> forms.Widget:
    """The widget that draws the input: the admin wraps a relation's select in
    RelatedFieldWidgetWrapper (whose deep copy shares the class-level attrs, not the row's)."""
    while isinstance(getattr(widget, "widget", None), forms.Widget):
        widget = widget.widget
    return widget


def label_widget(widget: forms.Widget, text: str) -> None:
    widget = inner_widget(widget)
    if widget.is_hidden:
        return
    if isinstance(widget, forms.MultiWidget):  # a split date/time: "… (1)", "… (2)"
        for number, part in enumerate(widget.widgets, 1):
            part.attrs["aria-label"] = f"{text} ({number})"
    else:
        widget.attrs["aria-label"] = text


class LabelledRowsFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)  # DELETE is added here, labelled below with the rest
        if index is None:  # the hidden template the admin copies for "add another"
            row = gettext("new row")
        else:
            row = gettext("row %(number)s") % {"number": index + 1}
        for name, field in form.fields.items():
            label_widget(field.widget, f"{field.label or name} — {row}")


class LabelledRowsInline:
    """InlineModelAdmin mixin: every widget of every row named by field and row."""

    formset = LabelledRowsFormSet
